package io.frontdoor.callback.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.CallerMatch;
import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.CustomerDirectory;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.customer.PhoneNumbers;
import io.frontdoor.callback.customer.Tier;
import io.frontdoor.callback.dispatch.Agent;
import io.frontdoor.callback.dispatch.AgentPresence;
import io.frontdoor.callback.dispatch.CallbackDispatcher;
import io.frontdoor.callback.dispatch.CallbackEvents;
import io.frontdoor.callback.dispatch.CallbackService;
import io.frontdoor.callback.dispatch.CallbackTimeline;
import io.frontdoor.callback.dispatch.DialRequest;
import io.frontdoor.callback.dispatch.DialResult;
import io.frontdoor.callback.dispatch.Dialer;
import io.frontdoor.callback.dispatch.QueueFigures;
import io.frontdoor.callback.queue.CallbackNumberPolicy;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import io.frontdoor.callback.queue.CallbackStore;
import io.frontdoor.callback.queue.QueuePolicy;
import io.frontdoor.callback.queue.VirtualQueue;
import io.frontdoor.callback.schedule.BusinessCalendar;
import io.frontdoor.callback.sms.SmsCommands.Command;
import io.frontdoor.callback.sms.SmsCommands.Policy;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.HibernateInteractionLog;
import io.frontdoor.callback.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inbound commands and callback notices, on a real store, callback service and dispatcher. */
class SmsCommandsTest {
    /** The store under test: an H2 file in {@code dir}; the PostgreSQL subclass runs the same tests on PostgreSQL. */
    Database database(Path dir) {
        return TestDatabases.embedded(dir);
    }

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String VIP = "+8613800000001";
    private static final String STD = "+8613800000002";
    private static final String STRANGER = "+8613900000009";

    @TempDir
    Path dir;

    private Database db;
    private SmsStore store;
    private HibernateInteractionLog log;
    private FakeGateway gw;
    private SmsOutbox outbox;
    private SmsTemplates templates;
    private CallbackStore callbackStore;
    private CallbackDispatcher dispatcher;
    private CallbackService service;
    private final Switch sw = new Switch();
    private final Directory directory = new Directory();
    private final AtomicInteger smscIds = new AtomicInteger();

    static QueuePolicy policy(String queue) {
        Map<DayOfWeek, List<BusinessCalendar.Range>> open = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            open.put(d, BusinessCalendar.parseRanges("00:00-24:00"));
        }
        return new QueuePolicy(queue, QueuePolicy.Mode.CUSTOMER_FIRST, new BusinessCalendar(open, Set.of()), SHANGHAI,
                List.of(Duration.ofMinutes(2)), Duration.ofSeconds(30), Duration.ofHours(24), "+861095588",
                Duration.ofMinutes(30));
    }

    @BeforeEach
    void setUp() throws Exception {
        db = database(dir);
        store = new SmsStore(db.dataSource());
        log = new HibernateInteractionLog(db);
        gw = new FakeGateway();
        outbox = new SmsOutbox(store, gw, log, new SmsOutbox.Settings("95588", 4, 1000, 10, 50, Duration.ofMillis(20),
                Duration.ofMillis(100), Duration.ofMinutes(5)), Clock.systemUTC());
        outbox.start();
        templates = SmsTemplatesTest.shipped();
        directory.add(new Customer("vip-1", "陈伟", "先生", Tier.VIP, "zh", Set.of(), Set.of(VIP)));
        directory.add(new Customer("std-1", "Alice Smith", "Ms.", Tier.STANDARD, "en", Set.of(), Set.of(STD)));
        callbackStore = new CallbackStore(db.dataSource());
        VirtualQueue vq = new VirtualQueue();
        Clock clock = Clock.system(SHANGHAI);
        dispatcher = new CallbackDispatcher(callbackStore, vq, SmsCommandsTest::policy, sw, sw, pop -> { }, directory,
                log, clock, CallbackDispatcher.Options.defaults());
        service = new CallbackService(callbackStore, vq, SmsCommandsTest::policy, sw, dispatcher,
                new CallbackNumberPolicy("CN", Set.of()), new CallbackTimeline(log), CallbackService.Settings.defaults(),
                clock);
        CallbackSms notices = new CallbackSms(outbox, templates, SmsCommandsTest::policy, clock);
        service.events(notices);
        dispatcher.events(notices);
        dispatcher.start();
    }

    @AfterEach
    void tearDown() {
        outbox.close();
        dispatcher.close();
        db.close();
    }

    private SmsCommands commands(Policy policy) {
        return new SmsCommands(outbox, templates, directory, service, new PhoneNumbers("CN"),
                new SmsCommands.Settings("vip", policy, 5, 1, "en", 20), Clock.systemUTC());
    }

    private InboundSms in(String from, String text) {
        return new InboundSms(from, "95588", text, Instant.now(), "mo-" + smscIds.incrementAndGet());
    }

    /** Waits for the reply sent to a number and returns the texts sent to it so far. */
    private List<String> sentTo(String phone, int count) {
        Await.until(count + " sms to " + phone, () -> gw.accepted.stream().filter(s -> s.to().equals(phone)).count()
                >= count);
        return gw.accepted.stream().filter(s -> s.to().equals(phone)).map(OutboundSms::text).toList();
    }

    @Test
    void keywordsAreReadInEnglishAndChineseWhateverTheCaseWidthOrPunctuation() {
        Map<String, Command> cases = Map.ofEntries(Map.entry("CALL ME", Command.CALL_ME),
                Map.entry("call me!", Command.CALL_ME), Map.entry("ＣＡＬＬ　ＭＥ", Command.CALL_ME),
                Map.entry(" Callback ", Command.CALL_ME), Map.entry("回电", Command.CALL_ME),
                Map.entry("回电。", Command.CALL_ME), Map.entry("cancel", Command.CANCEL),
                Map.entry("取消", Command.CANCEL), Map.entry("Status?", Command.STATUS),
                Map.entry("查询", Command.STATUS), Map.entry("STOP", Command.STOP), Map.entry("退订", Command.STOP),
                Map.entry("td", Command.STOP), Map.entry("ＴＤ", Command.STOP), Map.entry("Start", Command.START),
                Map.entry("please do not call me", Command.HELP), Map.entry("hello", Command.HELP),
                Map.entry("", Command.HELP), Map.entry("CALL\u0000ME", Command.CALL_ME),
                Map.entry("CALL ME " + "x".repeat(100), Command.HELP));
        cases.forEach((text, expected) -> assertEquals(expected, SmsCommands.parse(text), "'" + text + "'"));
        assertEquals(Command.HELP, SmsCommands.parse(null));
    }

    @Test
    void aVipAsksForACallbackInChineseChecksItsStatusAndCancelsIt() {
        SmsCommands c = commands(Policy.VIP_ONLY);
        SmsCommands.Handled h = c.handle(in("13800000001", "回电"));
        assertEquals(Command.CALL_ME, h.command());
        assertEquals("callback.confirm", h.reply());
        List<CallbackRequest> open = callbackStore.openFor("vip-1");
        assertEquals(1, open.size());
        CallbackRequest r = open.get(0);
        assertEquals(VIP, r.phone());
        assertEquals("vip", r.queue());
        assertEquals(5, r.priority());
        assertEquals("zh", r.language());
        assertEquals("sms:" + h.messageId(), r.originCall());
        List<String> confirm = sentTo(VIP, 1);
        assertTrue(confirm.get(0).matches("【示例银行】我们将尽快给您回电，您目前排在第1位，预计约\\d+分钟。回复“取消”可取消，回复“查询”可查看排队情况。"),
                confirm.get(0));

        assertEquals("callback.status", c.handle(in("+86 138 0000 0001", "查询")).reply());
        assertTrue(sentTo(VIP, 2).get(1).contains("排在第1位"));

        assertEquals("callback.cancelled", c.handle(in(VIP, "取消")).reply());
        assertEquals(CallbackState.CANCELLED, callbackStore.find(r.id()).orElseThrow().state());
        assertTrue(sentTo(VIP, 3).get(2).contains("已取消"));
        assertEquals("callback.none", c.handle(in(VIP, "查询")).reply());
        assertEquals("callback.none", c.handle(in(VIP, "CANCEL")).reply());
        sentTo(VIP, 5);
        Await.until("settled", () -> gw.inFlight.get() == 0);
        assertEquals(5, gw.accepted.stream().filter(s -> s.to().equals(VIP)).count(), "no extra notice");

        List<Interaction> timeline = log.find(new InteractionQuery("vip-1", null, 50));
        assertTrue(timeline.stream().anyMatch(i -> i.channel() == Interaction.Channel.SMS && i.detail() != null
                && i.detail().startsWith("in received: 回电")), "inbound on the timeline");
        assertTrue(timeline.stream().anyMatch(i -> i.channel() == Interaction.Channel.CALLBACK), "and the callback");
    }

    @Test
    void anEnglishCustomerGetsEnglishRepliesAndStatusWithoutARequest() {
        SmsCommands c = commands(Policy.KNOWN_CUSTOMERS);
        assertEquals("callback.none", c.handle(in(STD, "status")).reply());
        assertEquals("help", c.handle(in(STD, "what is my balance")).reply());
        List<String> sent = sentTo(STD, 2);
        assertTrue(sent.get(0).startsWith("Example Bank: you have no callback request open"), sent.get(0));
        assertTrue(sent.get(1).contains("reply CALL ME for a callback"), sent.get(1));
        assertEquals("callback.confirm", c.handle(in(STD, "Call me")).reply());
        assertEquals(1, callbackStore.openFor("std-1").get(0).priority(), "standard priority");
        assertTrue(sentTo(STD, 3).get(2).contains("Reply CANCEL"));
    }

    @Test
    void whoMayAskByPolicy() {
        assertEquals("refused.not_allowed", commands(Policy.VIP_ONLY).handle(in(STD, "CALL ME")).reply());
        assertEquals("refused.not_allowed", commands(Policy.VIP_ONLY).handle(in(STRANGER, "CALL ME")).reply());
        assertEquals("refused.not_allowed", commands(Policy.KNOWN_CUSTOMERS).handle(in(STRANGER, "回电")).reply());
        assertTrue(callbackStore.openFor("std-1").isEmpty());
        assertTrue(callbackStore.openForPhone(STRANGER).isEmpty());
        assertTrue(sentTo(STRANGER, 2).get(1).startsWith("【示例银行】"), "a stranger writing Chinese gets Chinese");

        assertEquals("callback.confirm", commands(Policy.EVERYONE).handle(in(STRANGER, "CALLBACK")).reply());
        CallbackRequest r = callbackStore.openForPhone(STRANGER).get(0);
        assertNull(r.customerId());
        assertEquals(STRANGER, r.requestedBy());
        assertEquals("refused.number", commands(Policy.EVERYONE).handle(in("+447911123456", "CALL ME")).reply(),
                "a country callbacks do not dial");
    }

    @Test
    void theSameInboundMessageIsHandledOnce() {
        SmsCommands c = commands(Policy.VIP_ONLY);
        InboundSms m = in(VIP, "回电");
        assertFalse(c.handle(m).duplicate());
        SmsCommands.Handled again = c.handle(m);
        assertTrue(again.duplicate());
        assertNull(again.reply());
        sentTo(VIP, 1);
        assertEquals(1, store.list(VIP, SmsMessage.State.RECEIVED, 10).size());
        assertEquals(1, callbackStore.openFor("vip-1").size());
        Await.until("settled", () -> gw.inFlight.get() == 0);
        assertEquals(1, gw.accepted.size(), "one reply");
    }

    @Test
    void stopSilencesNoticesButNotRepliesAndStartUndoesIt() {
        SmsCommands c = commands(Policy.KNOWN_CUSTOMERS);
        assertEquals("stopped", c.handle(in(STD, "STOP")).reply());
        assertTrue(store.isOptedOut(STD));
        assertTrue(sentTo(STD, 1).get(0).contains("no longer"));
        // an IVR request: its confirmation is a notice, not a reply
        service.request(new CallbackService.NewRequest("std-1", "vip", STD, "en", 1, Instant.now(), null, "call-1", STD));
        Await.until("suppressed notice", () -> store.list(STD, SmsMessage.State.SUPPRESSED, 5).size() == 1);
        assertEquals("callback.confirm", store.list(STD, SmsMessage.State.SUPPRESSED, 5).get(0).template());
        assertEquals("help", c.handle(in(STD, "?")).reply());
        sentTo(STD, 2);
        assertEquals("started", c.handle(in(STD, "start")).reply());
        assertFalse(store.isOptedOut(STD));
        assertEquals("stopped", c.handle(in(STD, "退订")).reply());
        assertTrue(store.isOptedOut(STD));
    }

    @Test
    void hostileTextsAndSendersAreHandledSafely() {
        SmsCommands c = commands(Policy.EVERYONE);
        String hostile = "\u0000\u001b[31m" + "回电".repeat(5000) + "\u202e";
        SmsCommands.Handled h = c.handle(in(STRANGER, hostile));
        assertEquals(Command.HELP, h.command());
        SmsMessage stored = store.find(h.messageId()).orElseThrow();
        assertTrue(stored.text().length() <= SmsOutbox.MAX_TEXT);
        assertFalse(stored.text().chars().anyMatch(Character::isISOControl));
        assertTrue(callbackStore.openForPhone(STRANGER).isEmpty());
        SmsCommands.Handled anonymous = c.handle(new InboundSms("anonymous", "95588", "CALL ME", Instant.now(), "x1"));
        assertNull(anonymous.command());
        assertEquals("help", c.handle(new InboundSms(STRANGER, "95588", null, Instant.now(), "")).reply());
        sentTo(STRANGER, 2);
    }

    @Test
    void noticesConfirmAnIvrRequestAnnounceTheDialWithItsCodeAndTellACancel() {
        CallbackService.Result r = service.request(new CallbackService.NewRequest("vip-1", "vip", VIP, "zh", 5,
                Instant.now(), null, "call-7", VIP));
        assertTrue(sentTo(VIP, 1).get(0).contains("排在第1位"), "confirmation of an IVR request");
        service.request(new CallbackService.NewRequest("std-1", "vip", STD, "en", 1, Instant.now(), null, "call-8", STD));
        sentTo(STD, 1);

        sw.free(new Agent("vip", "PJSIP/2001", "Agent Li"));
        Await.until("dialled", () -> !sw.dialled.isEmpty());
        DialRequest dial = sw.dialled.get(0);
        assertEquals(r.request().id(), dial.callbackId());
        String code = CallbackEvents.refCode(dial.attemptId());
        assertTrue(code.matches("\\d{4}"));
        String soon = sentTo(VIP, 2).get(1);
        assertTrue(soon.contains("参考码为" + code), soon);

        assertEquals(CallbackService.Cancelled.CANCELLED, service.cancel(
                callbackStore.openFor("std-1").get(0).id(), "admin"));
        assertTrue(sentTo(STD, 2).get(1).contains("cancelled"), "a cancel elsewhere than by SMS is told");
    }

    @Test
    void missedAndExpiredAreToldDeclinedAndFixedLinesAreNot() {
        CallbackSms notices = new CallbackSms(outbox, templates, SmsCommandsTest::policy, Clock.systemUTC());
        Instant now = Instant.now();
        CallbackRequest r = new CallbackRequest("r1", "std-1", "vip", STD, "en", 1, now, now, false,
                CallbackState.MISSED, 3, now, now, now, "call-1", STD, null, null);
        notices.closed(r, CallbackState.MISSED, "declined by the customer");
        notices.closed(r, CallbackState.MISSED, "not reached after 3 attempt(s), last: no_answer");
        notices.closed(r, CallbackState.MISSED, "not reached after 3 attempt(s), last: no_answer");
        assertTrue(sentTo(STD, 1).get(0).contains("could not reach you"));
        CallbackRequest fixed = new CallbackRequest("r2", null, "vip", "+861065529988", "en", 1, now, now, false,
                CallbackState.EXPIRED, 0, now, now, now, "call-2", null, null, null);
        notices.closed(fixed, CallbackState.EXPIRED, "too old");
        CallbackRequest r3 = new CallbackRequest("r3", "vip-1", "vip", VIP, "zh", 5, now, now, false,
                CallbackState.EXPIRED, 0, now, now, now, "call-3", VIP, null, null);
        notices.closed(r3, CallbackState.EXPIRED, "too old");
        assertTrue(sentTo(VIP, 1).get(0).contains("未能及时"));
        Await.until("settled", () -> gw.inFlight.get() == 0);
        assertEquals(2, gw.accepted.size(), "declined, repeated and fixed-line: nothing");
        assertTrue(CallbackSms.isMobile(VIP));
        assertFalse(CallbackSms.isMobile("+861065529988"));
        assertEquals(1, CallbackSms.minutes(Duration.ZERO));
        assertEquals(3, CallbackSms.minutes(Duration.ofSeconds(121)));
    }

    /** An in-memory directory. */
    static final class Directory implements CustomerDirectory {
        final Map<String, Customer> byId = new ConcurrentHashMap<>();

        void add(Customer c) {
            byId.put(c.id(), c);
        }

        @Override
        public List<Customer> findByPhone(String e164) {
            return byId.values().stream().filter(c -> c.phones().contains(e164))
                    .sorted((a, b) -> a.id().compareTo(b.id())).toList();
        }

        @Override
        public List<CallerMatch> findCallers(String e164) {
            return List.of();
        }

        @Override
        public Optional<Customer> findById(String customerId) {
            return Optional.ofNullable(byId.get(customerId));
        }

        @Override
        public boolean hasHistory(String customerId) {
            return false;
        }

        @Override
        public long count() {
            return byId.size();
        }
    }

    /** A switch with agents freed by the test; dials are recorded and never answered. */
    static final class Switch implements AgentPresence, Dialer {
        final List<Listener> listeners = new CopyOnWriteArrayList<>();
        final List<Agent> free = new CopyOnWriteArrayList<>();
        final List<DialRequest> dialled = new CopyOnWriteArrayList<>();

        void free(Agent a) {
            free.add(a);
            listeners.forEach(l -> l.agentFree(a));
        }

        @Override
        public void addListener(Listener listener) {
            listeners.add(listener);
        }

        @Override
        public List<Agent> freeAgents(String queue) {
            return free.stream().filter(a -> a.queue().equals(queue)).toList();
        }

        @Override
        public boolean reserve(Agent agent, String reason) {
            return free.remove(agent);
        }

        @Override
        public void release(Agent agent) {
        }

        @Override
        public List<QueueFigures.LiveCaller> liveCallers(String queue) {
            return List.of();
        }

        @Override
        public QueueFigures figures(String queue) {
            return QueueFigures.unknown(queue);
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public void dial(DialRequest request, Consumer<DialResult> onResult) {
            dialled.add(request);
        }
    }
}
