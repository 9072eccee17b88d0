package io.frontdoor.callback.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackNumberPolicy;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import io.frontdoor.callback.queue.CallbackStore;
import io.frontdoor.callback.queue.QueuePolicy;
import io.frontdoor.callback.queue.VirtualQueue;
import io.frontdoor.callback.schedule.BusinessCalendar;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.HibernateCustomerDirectory;
import io.frontdoor.callback.store.HibernateInteractionLog;
import io.frontdoor.callback.store.TestDatabases;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher and service on a real H2 store, with an in-memory switch: order and fairness,
 * the call's way from "agent free" to the bridge, retries, business hours, duplicates, refusals
 * and recovery after a stop in the middle of an attempt.
 */
class CallbackDispatcherTest {
    /** The store under test: an H2 file in {@code dir}; the PostgreSQL subclass runs the same tests on PostgreSQL. */
    Database database(Path dir) {
        return TestDatabases.embedded(dir);
    }

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Monday 10:00 in Shanghai. */
    private static final Instant MONDAY_10 = ZonedDateTime.of(2026, 11, 23, 10, 0, 0, 0, SHANGHAI).toInstant();

    @TempDir
    Path dir;

    private Database db;
    private CallbackStore store;
    private MutableClock clock;
    private FakeSwitch sw;
    private final List<ScreenPopData> pops = new CopyOnWriteArrayList<>();
    private final List<Instant> wakeups = new CopyOnWriteArrayList<>();
    private final List<CallbackDispatcher> dispatchers = new ArrayList<>();
    private CallbackDispatcher dispatcher;
    private CallbackService service;
    private Agent agent;

    private static BusinessCalendar weekdays9to18() {
        Map<DayOfWeek, List<BusinessCalendar.Range>> open = new EnumMap<>(DayOfWeek.class);
        BusinessCalendar.parseDays("mon-fri").forEach(d -> open.put(d, BusinessCalendar.parseRanges("09:00-18:00")));
        return new BusinessCalendar(open, Set.of());
    }

    private static QueuePolicy policy(String queue) {
        return new QueuePolicy(queue, QueuePolicy.Mode.CUSTOMER_FIRST, weekdays9to18(), SHANGHAI,
                List.of(Duration.ofMinutes(2), Duration.ofMinutes(10)), Duration.ofSeconds(30), Duration.ofHours(24),
                "+861095588", Duration.ofMinutes(30));
    }

    @BeforeEach
    void setUp() {
        db = database(dir);
        store = new CallbackStore(db.dataSource());
        clock = new MutableClock(MONDAY_10, SHANGHAI);
        sw = new FakeSwitch();
        agent = sw.agent("vip", "PJSIP/2001");
        sw.busy.add(agent.id());
        startDispatcher();
    }

    private void startDispatcher() {
        VirtualQueue vq = new VirtualQueue();
        HibernateInteractionLog log = new HibernateInteractionLog(db);
        dispatcher = new CallbackDispatcher(store, vq, CallbackDispatcherTest::policy, sw, sw, pops::add,
                new HibernateCustomerDirectory(db), log, clock, CallbackDispatcher.Options.defaults());
        dispatcher.wakeups(wakeups::add);
        dispatchers.add(dispatcher);
        service = new CallbackService(store, vq, CallbackDispatcherTest::policy, sw, dispatcher,
                new CallbackNumberPolicy("CN", Set.of()), new CallbackTimeline(log),
                CallbackService.Settings.defaults(), clock);
        dispatcher.start();
    }

    @AfterEach
    void tearDown() {
        dispatchers.forEach(CallbackDispatcher::close);
        db.close();
    }

    private CallbackService.Result request(String customer, String phone, int priority, Instant arrived) {
        return service.request(new CallbackService.NewRequest(customer, "vip", phone, "en", priority, arrived, null,
                "call-" + customer, phone));
    }

    @Test
    void aFreeAgentCallsBackTheEarliestArrivalFirstAndNeverALaterOne() throws Exception {
        CallbackService.Result later = request("c-late", "+8613800000002", 5, MONDAY_10.minusSeconds(60));
        CallbackService.Result earlier = request("c-early", "+8613800000001", 5, MONDAY_10.minusSeconds(120));
        assertTrue(later.accepted() && earlier.accepted());
        assertEquals(1, earlier.offer().position(), "the earlier caller is first");
        assertEquals(2, service.offer(later.request()).position());

        sw.free(agent);
        DialRequest dial = sw.awaitDial(1);
        assertEquals("+8613800000001", dial.destination());
        assertEquals(earlier.request().id(), dial.callbackId());
        assertEquals(List.of("pause PJSIP/2001", "dial +8613800000001"), sw.log, "reserved before dialling");
        CallbackRequest dialling = store.find(earlier.request().id()).orElseThrow();
        assertEquals(CallbackState.DIALING, dialling.state());
        assertEquals("PJSIP/2001", dialling.agent());
        assertEquals(1, store.attempts(dialling.id()).size(), "the attempt is written before the dial");
    }

    @Test
    void anEarlierLiveCallerOfTheSameTierIsNotOvertakenButALowerTierIs() throws Exception {
        request("c1", "+8613800000001", 5, MONDAY_10.minusSeconds(60));
        sw.live.put("vip", List.of(new QueueFigures.LiveCaller("live-1", MONDAY_10.minusSeconds(90), 5)));
        sw.free(agent);
        dispatcher.drain();
        assertTrue(sw.dialled.isEmpty(), "the live caller who waited longer gets the agent");
        assertEquals(2, service.offer("vip", 5, MONDAY_10.minusSeconds(30)).position() - 1,
                "a new caller is behind both");

        sw.live.put("vip", List.of(new QueueFigures.LiveCaller("live-1", MONDAY_10.minusSeconds(90), 1)));
        sw.free(agent);
        assertEquals("+8613800000001", sw.awaitDial(1).destination(), "a standard-tier live caller does not block a VIP");
    }

    @Test
    void answeredAcceptedAndBridgedCompletesWithAScreenPopAndReleasesTheAgent() throws Exception {
        CallbackRequest r = request("c1", "+8613800000001", 5, MONDAY_10).request();
        sw.free(agent);
        DialRequest dial = sw.awaitDial(1);
        sw.result(dial, DialResult.Outcome.ANSWERED);

        var answered = dispatcher.answered(r.id(), dial.attemptId()).orElseThrow();
        assertEquals(agent.id(), answered.agent().id());
        assertEquals(DialRequest.Leg.CUSTOMER, answered.leg());
        assertTrue(dispatcher.connecting(dial.attemptId()));
        assertFalse(dispatcher.connecting(dial.attemptId()), "connecting is granted once");
        dispatcher.connected(dial.attemptId());
        dispatcher.drain();

        CallbackRequest done = store.find(r.id()).orElseThrow();
        assertEquals(CallbackState.COMPLETED, done.state());
        assertNull(done.agent());
        assertEquals(CallbackAttempt.Outcome.CONNECTED, store.attempts(r.id()).get(0).outcome());
        assertEquals("unpause PJSIP/2001", sw.log.get(sw.log.size() - 1));
        assertEquals(1, pops.size());
        assertEquals(r.id(), pops.get(0).request().id());
        assertEquals(agent.id(), pops.get(0).agent().id());
        assertEquals(0, dispatcher.inProgress());
        assertTrue(dispatcher.answered(r.id(), dial.attemptId()).isEmpty(), "a finished attempt is not answered again");
    }

    @Test
    void noAnswerIsRetriedOnTheBackOffScheduleThenClosedAsMissed() throws Exception {
        CallbackRequest r = request("c1", "+8613800000001", 5, MONDAY_10).request();
        sw.free(agent);
        sw.result(sw.awaitDial(1), DialResult.Outcome.NO_ANSWER);
        dispatcher.drain();
        CallbackRequest retry = store.find(r.id()).orElseThrow();
        assertEquals(CallbackState.PENDING, retry.state());
        assertEquals(MONDAY_10.plus(Duration.ofMinutes(2)), retry.dueAt(), "first retry after 2 minutes");
        assertTrue(wakeups.contains(retry.dueAt()), "the scheduler is asked to wake at the retry time");
        assertEquals(1, sw.dialled.size(), "not dialled again before it is due");

        clock.advance(Duration.ofMinutes(2));
        dispatcher.wake();
        sw.result(sw.awaitDial(2), DialResult.Outcome.BUSY);
        dispatcher.drain();
        assertEquals(MONDAY_10.plus(Duration.ofMinutes(12)), store.find(r.id()).orElseThrow().dueAt());

        clock.advance(Duration.ofMinutes(10));
        dispatcher.wake();
        sw.result(sw.awaitDial(3), DialResult.Outcome.NO_ANSWER);
        dispatcher.drain();
        CallbackRequest missed = store.find(r.id()).orElseThrow();
        assertEquals(CallbackState.MISSED, missed.state());
        assertEquals(3, missed.attempts());
        assertTrue(missed.closedReason().contains("3 attempt"), missed.closedReason());
        List<Interaction> timeline = new HibernateInteractionLog(db).find(new InteractionQuery("c1", null, 20));
        assertEquals(5, timeline.size(), "request, three attempts and the close are on the timeline: " + timeline);
    }

    @Test
    void aRepeatRequestUpdatesTheOpenOneAndKeepsTheEarlierPlace() {
        CallbackService.Result first = request("c1", "+8613800000001", 5, MONDAY_10.minusSeconds(300));
        CallbackService.Result again = request("c1", "+8613900000001", 5, MONDAY_10);
        assertFalse(first.updated());
        assertTrue(again.updated());
        assertEquals(first.request().id(), again.request().id());
        assertEquals(MONDAY_10.minusSeconds(300), again.request().arrivedAt(), "the place is kept");
        assertEquals("+8613900000001", again.request().phone(), "the new number applies");
        assertEquals(1, store.list(null, null, "c1", 10).size());
    }

    @Test
    void requestsPerNumberAreRateLimited() {
        for (int i = 0; i < 3; i++) {
            CallbackRequest r = request("c" + i, "+8613800000009", 5, MONDAY_10).request();
            assertEquals(CallbackService.Cancelled.CANCELLED, service.cancel(r.id(), "test"));
        }
        CallbackService.Result fourth = request("c9", "+8613800000009", 5, MONDAY_10);
        assertEquals(CallbackService.Refusal.RATE_LIMITED, fourth.refusal());
    }

    @Test
    void outsideBusinessHoursNothingIsDialledAndRetriesMoveToTheNextOpening() throws Exception {
        CallbackRequest r = request("c1", "+8613800000001", 5, MONDAY_10).request();
        clock.set(ZonedDateTime.of(2026, 11, 23, 17, 59, 0, 0, SHANGHAI).toInstant());
        sw.free(agent);
        sw.result(sw.awaitDial(1), DialResult.Outcome.NO_ANSWER);
        dispatcher.drain();
        Instant nextOpen = ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, SHANGHAI).toInstant();
        assertEquals(nextOpen, store.find(r.id()).orElseThrow().dueAt(), "18:01 is closed: Tuesday 09:00");

        clock.set(ZonedDateTime.of(2026, 11, 23, 20, 0, 0, 0, SHANGHAI).toInstant());
        sw.free(agent);
        dispatcher.drain();
        assertEquals(1, sw.dialled.size(), "nothing is dialled at 20:00");

        CallbackService.Result timed = service.request(new CallbackService.NewRequest("c2", "vip", "+8613800000002",
                "zh", 5, clock.instant(), ZonedDateTime.of(2026, 11, 24, 7, 0, 0, 0, SHANGHAI).toInstant(), "x", null));
        assertEquals(CallbackService.Refusal.TIME_NOT_OPEN, timed.refusal());
        assertEquals(List.of(ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, SHANGHAI).toInstant(),
                ZonedDateTime.of(2026, 11, 24, 9, 30, 0, 0, SHANGHAI).toInstant()), service.slots("vip", 2),
                "the first slots offered at 20:00 are tomorrow's");
    }

    @Test
    void aTimedCallbackWaitsForItsTime() throws Exception {
        Instant at = MONDAY_10.plus(Duration.ofMinutes(30));
        CallbackService.Result r = service.request(new CallbackService.NewRequest("c1", "vip", "+8613800000001", "en",
                5, MONDAY_10, at, "x", null));
        assertTrue(r.accepted());
        sw.free(agent);
        dispatcher.drain();
        assertTrue(sw.dialled.isEmpty());
        assertTrue(wakeups.contains(at));
        clock.set(at);
        dispatcher.wake();
        assertEquals("+8613800000001", sw.awaitDial(1).destination());
    }

    @Test
    void aSwitchThatCannotDialLosesNothing() throws Exception {
        CallbackRequest r = request("c1", "+8613800000001", 5, MONDAY_10).request();
        sw.dialerUp = false;
        sw.free(agent);
        dispatcher.drain();
        CallbackRequest after = store.find(r.id()).orElseThrow();
        assertEquals(CallbackState.PENDING, after.state());
        assertEquals(0, after.attempts(), "an attempt that dialled nothing does not count");
        assertTrue(sw.paused.isEmpty(), "the agent is released");
        sw.dialerUp = true;
        sw.free(agent);
        assertEquals("+8613800000001", sw.awaitDial(1).destination());
    }

    @Test
    void aCallThatComesBackAfterARestartIsServedAndAStaleOneIsRetried() throws Exception {
        CallbackRequest r1 = request("c1", "+8613800000001", 5, MONDAY_10.minusSeconds(10)).request();
        Agent second = sw.agent("vip", "PJSIP/2002");
        sw.busy.add(second.id());
        CallbackRequest r2 = request("c2", "+8613800000002", 5, MONDAY_10).request();
        sw.free(agent);
        DialRequest d1 = sw.awaitDial(1);
        sw.free(second);
        DialRequest d2 = sw.awaitDial(2);
        assertEquals(r2.id(), d2.callbackId());
        dispatcher.close(); // FrontDoor stops with both attempts in flight

        clock.advance(Duration.ofSeconds(20)); // within ring timeout (30 s) + grace (30 s)
        sw.pending.clear();
        startDispatcher();
        var back = dispatcher.answered(r1.id(), d1.attemptId());
        assertTrue(back.isPresent(), "the answered call of an attempt from before the restart is taken up");
        assertTrue(dispatcher.connecting(d1.attemptId()));
        dispatcher.connected(d1.attemptId());
        dispatcher.drain();
        assertEquals(CallbackState.COMPLETED, store.find(r1.id()).orElseThrow().state());

        dispatcher.close();
        clock.advance(Duration.ofMinutes(5)); // the other call never came back
        startDispatcher();
        dispatcher.drain();
        CallbackRequest retried = store.find(r2.id()).orElseThrow();
        assertEquals(CallbackState.PENDING, retried.state());
        assertEquals(CallbackAttempt.Outcome.INTERRUPTED, store.attempts(r2.id()).get(0).outcome());
        assertEquals(2, sw.dialled.size(), "nobody was dialled twice by the restart itself");
    }

    @Test
    void anOpenRequestOlderThanItsQueueAllowsExpiresAndLeavesTheQueue() throws Exception {
        CallbackRequest r = request("c1", "+8613800000001", 5, MONDAY_10).request();
        clock.advance(Duration.ofHours(23));
        dispatcher.expire();
        dispatcher.drain();
        assertEquals(CallbackState.PENDING, store.find(r.id()).orElseThrow().state(), "not yet");
        clock.advance(Duration.ofHours(2));
        dispatcher.expire();
        dispatcher.drain();
        CallbackRequest expired = store.find(r.id()).orElseThrow();
        assertEquals(CallbackState.EXPIRED, expired.state());
        assertTrue(service.openFor("c1", null).isEmpty());
        clock.set(ZonedDateTime.of(2026, 11, 24, 10, 0, 0, 0, SHANGHAI).toInstant());
        sw.free(agent);
        dispatcher.drain();
        assertTrue(sw.dialled.isEmpty(), "an expired request is never dialled");
    }
}
