package io.frontdoor.callback.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.sms.SmsMessage.State;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.HibernateInteractionLog;
import io.frontdoor.callback.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox on a real H2 store with an in-memory SMSC. */
class SmsOutboxTest {
    /** The store under test: an H2 file in {@code dir}; the PostgreSQL subclass runs the same tests on PostgreSQL. */
    Database database(Path dir) {
        return TestDatabases.embedded(dir);
    }

    private static final String TO = "+8613800138000";

    @TempDir
    Path dir;

    private Database db;
    private SmsStore store;
    private HibernateInteractionLog log;
    private FakeGateway gw;
    private final List<SmsOutbox> outboxes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        db = database(dir);
        store = new SmsStore(db.dataSource());
        log = new HibernateInteractionLog(db);
        gw = new FakeGateway();
    }

    @AfterEach
    void tearDown() {
        gw.release.countDown();
        outboxes.forEach(SmsOutbox::close);
        db.close();
    }

    private static SmsOutbox.Settings fast(int concurrency, double rate, int burst) {
        return new SmsOutbox.Settings("95588", concurrency, rate, burst, 100, Duration.ofMillis(20),
                Duration.ofMillis(200), Duration.ofMinutes(5));
    }

    private SmsOutbox outbox(FakeGateway g, SmsOutbox.Settings s) {
        SmsOutbox o = new SmsOutbox(store, g, log, s, Clock.systemUTC());
        g.onReceipt(o::onReceipt);
        outboxes.add(o);
        return o;
    }

    private static SmsOutbox.Message msg(String text) {
        return SmsOutbox.Message.of("c1", TO, text, null, "en");
    }

    private State state(String id) {
        return store.find(id).orElseThrow().state();
    }

    @Test
    void aMessageIsStoredBeforeItIsSentAndSentOnce() {
        SmsOutbox o = outbox(gw, fast(4, 1000, 10));
        SmsOutbox.Enqueued e = o.enqueue(msg("hello"));
        assertEquals(SmsOutbox.Status.QUEUED, e.status());
        assertEquals(State.QUEUED, state(e.id()), "committed before anything is sent");
        assertTrue(gw.tried.isEmpty());

        o.start();
        Await.until("sent", () -> state(e.id()) == State.SENT);
        assertEquals(1, gw.accepted.size());
        OutboundSms sent = gw.accepted.get(0);
        assertEquals(e.id(), sent.id(), "the gateway gets the outbox id");
        assertEquals("95588", sent.from());
        assertEquals(TO, sent.to());
        assertEquals(List.of("smsc-1"), store.find(e.id()).orElseThrow().smscIds());

        SmsOutbox.Enqueued later = o.enqueue(msg("woken by enqueue"));
        Await.until("second sent without a poll", () -> state(later.id()) == State.SENT);
        assertEquals(2, gw.tried.size());
    }

    @Test
    void unavailableAndThrottledAreRetriedWithBackOffThenSentWithoutDuplicates() {
        gw.fail(SmsException.Kind.UNAVAILABLE, SmsException.Kind.THROTTLED, SmsException.Kind.UNAVAILABLE);
        SmsOutbox o = outbox(gw, fast(1, 1000, 10));
        o.start();
        long t0 = System.nanoTime();
        SmsOutbox.Enqueued e = o.enqueue(msg("retry me"));
        Await.until("sent after retries", () -> state(e.id()) == State.SENT);
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(4, gw.tried.size(), "three failures, then one success");
        assertEquals(1, gw.accepted.size(), "accepted once");
        assertTrue(gw.tried.stream().allMatch(s -> s.id().equals(e.id())), "same outbox id on every try");
        assertEquals(4, store.find(e.id()).orElseThrow().attempts());
        assertTrue(elapsedMs >= 20 + 40 + 80, "back-off 20, 40, 80 ms was waited (" + elapsedMs + " ms)");
        assertEquals(Duration.ofMillis(200), o.backoff(10), "back-off is capped");
    }

    @Test
    void aMessageNotSentWithinItsMaxAgeExpires() {
        for (int i = 0; i < 100; i++) {
            gw.fail(SmsException.Kind.UNAVAILABLE);
        }
        SmsOutbox o = outbox(gw, new SmsOutbox.Settings("", 1, 1000, 10, 10, Duration.ofMillis(20),
                Duration.ofMillis(40), Duration.ofMillis(150)));
        o.start();
        SmsOutbox.Enqueued e = o.enqueue(msg("never"));
        Await.until("expired", () -> state(e.id()) == State.EXPIRED);
        assertTrue(gw.accepted.isEmpty());
        int tries = gw.tried.size();
        assertTrue(tries >= 2 && tries < 20, "a few tries, then given up: " + tries);
    }

    @Test
    void aRejectedMessageFailsAtOnceAndIsNotRetried() throws Exception {
        gw.fail(SmsException.Kind.REJECTED);
        SmsOutbox o = outbox(gw, fast(1, 1000, 10));
        o.start();
        SmsOutbox.Enqueued e = o.enqueue(msg("bad"));
        Await.until("failed", () -> state(e.id()) == State.FAILED);
        SmsOutbox.Enqueued next = o.enqueue(msg("good"));
        Await.until("next sent", () -> state(next.id()) == State.SENT);
        assertEquals(2, gw.tried.size(), "the rejected one was tried once");
        assertTrue(store.find(e.id()).orElseThrow().error().startsWith("rejected"));
        assertTrue(timeline().stream().anyMatch(i -> i.ref().equals(e.id() + "/failed")));
    }

    @Test
    void afterACrashWhatWasNotSentIsSentAndWhatWasSentIsNot() {
        gw.hangOn = t -> t.equals("B");
        SmsOutbox first = outbox(gw, fast(1, 1000, 10));
        first.start();
        SmsOutbox.Enqueued a = first.enqueue(msg("A"));
        Await.until("A sent", () -> state(a.id()) == State.SENT);
        SmsOutbox.Enqueued b = first.enqueue(msg("B"));
        Await.until("B in flight", () -> gw.tried.size() == 2);
        SmsOutbox.Enqueued c = first.enqueue(msg("C"));
        SmsOutbox.Enqueued d = first.enqueue(msg("D"));
        first.halt(); // as kill -9: B is SENDING, C and D SENDING or QUEUED
        assertEquals(State.SENDING, state(b.id()));
        assertTrue(state(c.id()) == State.SENDING || state(c.id()) == State.QUEUED);

        FakeGateway second = new FakeGateway();
        SmsOutbox restarted = outbox(second, fast(4, 1000, 10));
        restarted.start();
        Await.until("B, C, D sent", () -> second.accepted.size() == 3);
        assertEquals(List.of("B", "C", "D"), second.accepted.stream().map(OutboundSms::text).sorted().toList());
        assertEquals(List.of(b.id(), c.id(), d.id()).stream().sorted().toList(),
                second.accepted.stream().map(OutboundSms::id).sorted().toList(), "same ids: the SMSC can tell");
        Await.until("all four recorded SENT", () -> List.of(a, b, c, d).stream()
                .allMatch(x -> state(x.id()) == State.SENT));
        // the first run's hung submit now fails late: it must not undo what the second run recorded
        gw.release.countDown();
        Await.until("late failure seen", () -> first.store() != null && gw.inFlight.get() == 0);
        assertEquals(State.SENT, state(b.id()));
        assertEquals(1, gw.accepted.size(), "the first run sent A only");
    }

    @Test
    void theSameDedupeKeyGivesTheSameMessageAndOneSend() {
        SmsOutbox o = outbox(gw, fast(2, 1000, 10));
        o.start();
        SmsOutbox.Message m = new SmsOutbox.Message("c1", TO, "once", "callback.confirm", "en", false, false, "cb:1");
        SmsOutbox.Enqueued e1 = o.enqueue(m);
        SmsOutbox.Enqueued e2 = o.enqueue(m);
        assertEquals(SmsOutbox.Status.QUEUED, e1.status());
        assertEquals(SmsOutbox.Status.DUPLICATE, e2.status());
        assertEquals(e1.id(), e2.id());
        Await.until("sent", () -> state(e1.id()) == State.SENT);
        SmsOutbox.Enqueued e3 = o.enqueue(m);
        assertEquals(e1.id(), e3.id(), "still the same after it was sent");
        SmsOutbox.Enqueued other = o.enqueue(msg("other"));
        Await.until("other sent", () -> state(other.id()) == State.SENT);
        assertEquals(2, gw.accepted.size());
    }

    @Test
    void theRateAndTheWindowAreHonoured() {
        gw.delayMillis = 5;
        SmsOutbox o = outbox(gw, fast(3, 20, 2));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            ids.add(o.enqueue(msg("m" + i)).id());
        }
        o.start();
        Await.until("all sent", 10_000, () -> gw.accepted.size() == 24);
        long first = gw.acceptedAt.get(0);
        long inHalfSecond = gw.acceptedAt.stream().filter(t -> t - first < 500_000_000L).count();
        // 20/s with a burst of 2: about 12 in the first half second; a flood would be all 24
        assertTrue(inHalfSecond <= 16, "at most ~burst + rate × 0.5 s in the first 0.5 s: " + inHalfSecond);
        long spanMs = (gw.acceptedAt.get(23) - first) / 1_000_000;
        assertTrue(spanMs >= 800, "24 messages at 20/s take about a second: " + spanMs + " ms");
        assertTrue(gw.maxInFlight.get() <= 3, "window of 3: " + gw.maxInFlight.get());
        assertTrue(ids.stream().allMatch(id -> state(id) == State.SENT));
    }

    @Test
    void anOptedOutNumberGetsEssentialMessagesOnly() {
        SmsOutbox o = outbox(gw, fast(2, 1000, 10));
        o.start();
        assertTrue(store.optOut(TO, Clock.systemUTC().instant()));
        assertFalse(store.optOut(TO, Clock.systemUTC().instant()), "already");
        SmsOutbox.Enqueued promo = o.enqueue(msg("notice"));
        assertEquals(SmsOutbox.Status.SUPPRESSED, promo.status());
        assertEquals(State.SUPPRESSED, state(promo.id()), "recorded");
        SmsOutbox.Enqueued reply = o.enqueue(new SmsOutbox.Message(null, TO, "reply", "help", "en", true, false, null));
        Await.until("essential sent", () -> state(reply.id()) == State.SENT);
        assertEquals(List.of("reply"), gw.accepted.stream().map(OutboundSms::text).toList());
        assertTrue(store.optIn(TO));
        SmsOutbox.Enqueued again = o.enqueue(msg("notice 2"));
        Await.until("sent after opt-in", () -> state(again.id()) == State.SENT);
    }

    @Test
    void receiptsSettleAMessageDeliveredOrFailedByTheSmscIdsOfItsParts() {
        gw.parts = 2;
        SmsOutbox o = outbox(gw, fast(2, 1000, 10));
        o.start();
        SmsOutbox.Enqueued e = o.enqueue(msg("two parts"));
        Await.until("sent", () -> state(e.id()) == State.SENT);
        List<String> parts = store.find(e.id()).orElseThrow().smscIds();
        assertEquals(2, parts.size());
        o.onReceipt(new DeliveryReceipt(parts.get(0), DeliveryReceipt.State.DELIVERED, null, ""));
        assertEquals(State.SENT, state(e.id()), "one part of two");
        o.onReceipt(new DeliveryReceipt(parts.get(1), DeliveryReceipt.State.DELIVERED, null, ""));
        assertEquals(State.DELIVERED, state(e.id()));
        o.onReceipt(new DeliveryReceipt("unknown-id", DeliveryReceipt.State.DELIVERED, null, ""));

        SmsOutbox.Enqueued bad = o.enqueue(msg("to a dead phone"));
        Await.until("sent", () -> state(bad.id()) == State.SENT);
        o.onReceipt(new DeliveryReceipt(store.find(bad.id()).orElseThrow().smscIds().get(1),
                DeliveryReceipt.State.UNDELIVERABLE, null, "001"));
        assertEquals(State.FAILED, state(bad.id()));

        gw.parts = 1;
        gw.receiptBeforeReturn = DeliveryReceipt.State.DELIVERED;
        SmsOutbox.Enqueued early = o.enqueue(msg("receipt first"));
        Await.until("delivered though the receipt came before the submit returned",
                () -> state(early.id()) == State.DELIVERED);

        // the timeline is written right after the state (by the sender's commit batch): wait for it
        List<String> expected = List.of(e.id(), e.id() + "/sent", e.id() + "/delivered", bad.id() + "/failed",
                early.id() + "/delivered");
        Await.until("every step on the timeline",
                () -> timeline().stream().map(Interaction::ref).toList().containsAll(expected));
        List<String> refs = timeline().stream().map(Interaction::ref).toList();
        assertTrue(refs.containsAll(expected), refs.toString());
        Interaction queued = timeline().stream().filter(i -> i.ref().equals(e.id())).findFirst().orElseThrow();
        assertEquals(Interaction.Channel.SMS, queued.channel());
        assertEquals("c1", queued.customerId());
        assertTrue(queued.detail().contains("queued"), queued.detail());
    }

    @Test
    void aSensitiveTextIsBlankedOnceSentAndKeptOffTheTimeline() {
        SmsOutbox o = outbox(gw, fast(2, 1000, 10));
        o.start();
        SmsOutbox.Enqueued e = o.enqueue(new SmsOutbox.Message(null, TO, "code 123456", "otp", "en", true, true, null));
        Await.until("sent", () -> state(e.id()) == State.SENT);
        assertEquals("code 123456", gw.accepted.get(0).text());
        assertNotEquals("code 123456", store.find(e.id()).orElseThrow().text());
        assertTrue(timeline().stream().noneMatch(i -> i.detail() != null && i.detail().contains("123456")));
    }

    @Test
    void badInputIsRefused() {
        SmsOutbox o = outbox(gw, fast(1, 1000, 10));
        assertThrows(IllegalArgumentException.class, () -> o.enqueue(SmsOutbox.Message.of(null, "12345", "x", null, "en")));
        assertThrows(IllegalArgumentException.class, () -> o.enqueue(msg(" ")));
        assertThrows(IllegalArgumentException.class, () -> o.enqueue(msg("x".repeat(SmsOutbox.MAX_TEXT + 1))));
        assertEquals("a b", SmsOutbox.clean("a\u0000\u0007\nb\u202e", 100));
        assertEquals(5, SmsOutbox.clean("x".repeat(50), 5).length());
    }

    private List<Interaction> timeline() {
        return log.find(new InteractionQuery(null, TO, 100));
    }
}
