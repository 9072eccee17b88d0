package io.frontdoor.ivr.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.customer.Tier;
import io.frontdoor.callback.dispatch.CallbackService;
import io.frontdoor.callback.dispatch.QueueFigures;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.StoreSettings;
import io.frontdoor.ivr.caller.Caller;
import io.frontdoor.ivr.caller.Greeting;
import io.frontdoor.ivr.rules.RuleEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code offer_callback} step through a real FlowRunner, a real H2 callback store and the real
 * service and dispatcher; the switch's queue figures are set per test. It is 10:00 on Monday
 * 2026-11-23 in Shanghai; one agent is logged in and busy, calls take 3 minutes: a caller alone in
 * the queue waits 3 minutes.
 */
class OfferCallbackStepTest {
    private static final String FLOW = """
            start: offer
            steps:
              offer: { offer_callback: { queue: vip, threshold: 60, priority: 5, timed: true, accepted: bye, declined: agent } }
              bye: { hangup: {} }
              agent: { queue: { name: vip, priority: 5 } }
            """;
    private static final String CALLER = "+8613800138000";

    @TempDir
    static Path dbDir;
    private static Database db;

    @TempDir
    Path dir;
    private CallbackFixture callbacks;
    private FlowHarness flows;
    private Customer chen;

    @BeforeAll
    static void openStore() {
        db = Database.open(StoreSettings.embeddedH2(dbDir));
    }

    @AfterAll
    static void closeStore() {
        db.close();
    }

    @BeforeEach
    void setUp() {
        flows = new FlowHarness(dir).file("default.yaml", FLOW);
        callbacks = new CallbackFixture(db, flows.clock);
        flows.callbacks = callbacks.service;
        flows.dispatcher = callbacks.dispatcher;
        chen = callbacks.customers.add(FakeCallers.customer("C1", "Chen Wei", Tier.VIP, "en"));
    }

    @AfterEach
    void tearDown() {
        callbacks.close();
    }

    private Caller chenCalling() {
        return FakeCallers.known(chen, Greeting.RETURNING, true);
    }

    private List<CallbackRequest> requests() {
        return callbacks.store.list(null, null, null, 100);
    }

    private static List<String> heard(RecordingCall call) {
        return call.events.stream().filter(e -> e.startsWith("play:") || e.startsWith("collect:")).toList();
    }

    @Test
    void acceptedOnTheCallerIdIsStoredBeforeTheCallerHearsTheirPlace() {
        RecordingCall call = new RecordingCall().digits("1", "1");

        Interaction i = flows.run(call, chenCalling());

        assertEquals(List.of(
                "play:en/callback.wait{minutes=3, position=1}",
                "collect:en/callback.offer_menu",
                "collect:en/callback.confirm_number{number=1 3 8, 0 0 1 3, 8 0 0 0}",
                "play:en/callback.accepted{minutes=3, position=1}"), heard(call));
        assertEquals("hangup", call.events.get(call.events.size() - 1));
        CallbackRequest r = requests().get(0);
        assertEquals(1, requests().size());
        assertEquals(CallbackState.PENDING, r.state());
        assertEquals("C1", r.customerId());
        assertEquals("vip", r.queue());
        assertEquals(CALLER, r.phone());
        assertEquals("en", r.language());
        assertEquals(5, r.priority());
        assertEquals(flows.clock.instant(), r.arrivedAt());
        assertFalse(r.timed());
        assertEquals("call-1", r.originCall());
        assertEquals(CALLER, r.requestedBy());
        assertEquals(Outcome.CALLBACK_REQUESTED, i.outcome());
        assertEquals("offer>bye", i.path());
        assertEquals("offer=asap", i.choices());
        assertEquals("vip", i.route());
        assertTrue(callbacks.coreLog.recorded.stream().anyMatch(x -> x.ref().equals(r.id())
                && x.outcome() == Outcome.CALLBACK_REQUESTED), "the request is on the timeline");
    }

    @Test
    void aPremiumRateNumberIsRefusedAndAnotherOneAccepted() {
        // +44 909 879 0000 is a UK premium-rate number; GB is an allowed country here
        RecordingCall call = new RecordingCall().digits("1", "2", "00449098790000", "13900139000", "1");

        Interaction i = flows.run(call, chenCalling());

        assertEquals(List.of(
                "play:en/callback.wait{minutes=3, position=1}",
                "collect:en/callback.offer_menu",
                "collect:en/callback.confirm_number{number=1 3 8, 0 0 1 3, 8 0 0 0}",
                "collect:en/callback.enter_number",
                "play:en/callback.number_premium",
                "collect:en/callback.enter_number",
                "collect:en/callback.confirm_number{number=1 3 9, 0 0 1 3, 9 0 0 0}",
                "play:en/callback.accepted{minutes=3, position=1}"), heard(call));
        assertEquals("+8613900139000", requests().get(0).phone());
        assertEquals(CALLER, requests().get(0).requestedBy());
        assertEquals("offer=asap,other_number", i.choices());
        assertEquals(Outcome.CALLBACK_REQUESTED, i.outcome());
    }

    @Test
    void aCallerWhoKeysNoAcceptableNumberKeepsWaiting() {
        RecordingCall call = new RecordingCall().digits("1", "2", "123", "", "00449098790000");

        Interaction i = flows.run(call, chenCalling());

        assertEquals(List.of("en/callback.number_invalid", "en/menu.no_input", "en/callback.number_premium"),
                call.events("play:").stream()
                .filter(e -> !e.startsWith("en/callback.wait")).toList());
        assertEquals(List.of(), requests());
        assertEquals("offer=asap,no_number", i.choices());
        assertEquals(Outcome.QUEUED, i.outcome());
        assertTrue(call.events.contains("queue:vip/5"), call.events.toString());
    }

    @Test
    void aTimedCallbackOffersTheOpenSlotsAndStoresTheChosenOne() {
        RecordingCall call = new RecordingCall().digits("2", "3", "1");

        Interaction i = flows.run(call, chenCalling());

        List<String> heard = heard(call);
        assertEquals("play:en/callback.choose_time", heard.get(2));
        assertEquals("play:en/callback.slot{key=1, when=today at 10:30 AM}", heard.get(3));
        assertEquals("play:en/callback.slot{key=4, when=today at 12 PM}", heard.get(6));
        assertEquals("collect:en/callback.slot{key=9, when=today at 2:30 PM}", heard.get(11));
        assertEquals("play:en/callback.accepted_timed{when=today at 11:30 AM}", heard.get(heard.size() - 1));
        CallbackRequest r = requests().get(0);
        assertTrue(r.timed());
        assertEquals(Instant.parse("2026-11-23T03:30:00Z"), r.dueAt());
        assertEquals("offer=timed", i.choices());
        assertEquals(Outcome.CALLBACK_REQUESTED, i.outcome());
    }

    @Test
    void slotTimesAreSpokenInMandarinForAMandarinCall() {
        flows.file("default.yaml", FLOW.replace("start: offer", "language: zh\nstart: offer"));
        RecordingCall call = new RecordingCall().digits("2", "1", "1");

        flows.run(call, chenCalling());

        assertTrue(call.events.contains("play:zh/callback.slot{key=1, when=今天上午10点半}"), call.events.toString());
        assertTrue(call.events.contains("play:zh/callback.slot{key=4, when=今天中午12点}"), call.events.toString());
        assertEquals("zh", requests().get(0).language());
    }

    @Test
    void aShortWaitGoesStraightToDeclinedWithoutAWord() {
        callbacks.presence.available = 1;
        RecordingCall call = new RecordingCall();

        Interaction i = flows.run(call, chenCalling());

        assertEquals(List.of(), heard(call));
        assertTrue(call.events.contains("queue:vip/5"), call.events.toString());
        assertEquals("offer>agent", i.path());
        assertEquals("offer=not_offered", i.choices());
        assertEquals(List.of(), requests());
    }

    @Test
    void keepWaitingAndSilenceBothGoToDeclined() {
        RecordingCall wait = new RecordingCall().digits("3");
        assertEquals("offer=wait", flows.run(wait, chenCalling()).choices());
        RecordingCall silent = new RecordingCall().digits("", "7", "");
        Interaction i = flows.run(silent, chenCalling());

        assertEquals("offer=no_choice", i.choices());
        assertEquals(List.of("en/menu.no_input", "en/menu.invalid"), silent.events("play:").subList(1, 3));
        assertEquals(3, silent.events("collect:").size());
        assertEquals(Outcome.QUEUED, i.outcome());
        assertEquals(List.of(), requests());
    }

    @Test
    void aRepeatRequestUpdatesTheOpenOneInsteadOfAddingARow() {
        // a caller not in the store, called back on another number: the second call finds no
        // request for its caller ID, so it asks again, and the store updates the first
        Caller stranger = Caller.unknown("+8613700137000", "not a customer");
        Interaction first = flows.run(new RecordingCall().id("call-1").digits("1", "2", "13900139000", "1"), stranger);
        Interaction second = flows.run(new RecordingCall().id("call-2").digits("1", "2", "13900139000", "1"), stranger);

        assertEquals("offer=asap,other_number", first.choices());
        assertEquals("offer=asap,other_number,updated", second.choices());
        List<CallbackRequest> rows = requests();
        assertEquals(1, rows.size(), rows.toString());
        assertNull(rows.get(0).customerId());
        assertEquals("+8613900139000", rows.get(0).phone());
        assertEquals(Outcome.CALLBACK_REQUESTED, second.outcome());
    }

    private CallbackRequest existingRequest(Instant arrivedAt) {
        CallbackService.Result r = callbacks.service.request(new CallbackService.NewRequest("C1", "vip", CALLER, "en", 5,
                arrivedAt, null, "earlier-call", CALLER));
        assertTrue(r.accepted());
        callbacks.dispatcher.drain();
        return r.request();
    }

    @Test
    void aCallerWithAPendingRequestMayKeepIt() {
        CallbackRequest r = existingRequest(flows.clock.instant().minusSeconds(600));
        RecordingCall call = new RecordingCall().digits("1");

        Interaction i = flows.run(call, chenCalling());

        assertEquals(List.of("play:en/callback.pending{position=1}", "collect:en/callback.pending_menu",
                "play:en/callback.kept"), heard(call));
        assertEquals(CallbackState.PENDING, callbacks.store.find(r.id()).orElseThrow().state());
        assertEquals("offer=keep", i.choices());
        assertEquals("offer>bye", i.path());
        assertEquals(Outcome.COMPLETED, i.outcome());
    }

    @Test
    void aCallerWithAPendingRequestMayCancelIt() {
        CallbackRequest r = existingRequest(flows.clock.instant().minusSeconds(600));
        RecordingCall call = new RecordingCall().digits("2");

        Interaction i = flows.run(call, chenCalling());

        assertEquals("play:en/callback.cancelled", heard(call).get(2));
        CallbackRequest after = callbacks.store.find(r.id()).orElseThrow();
        assertEquals(CallbackState.CANCELLED, after.state());
        assertEquals("cancelled by caller on call call-1", after.closedReason());
        assertEquals("offer=cancel", i.choices());
        assertEquals("offer>bye", i.path());
    }

    @Test
    void takingThePlaceNowCancelsAndQueuesOnePriorityUpWhenNobodyOfTheirsWasWaitingEarlier() {
        Instant arrived = flows.clock.instant().minusSeconds(600);
        CallbackRequest r = existingRequest(arrived);
        // a caller of the same priority who came later, and one of a higher priority: no reason not to raise
        callbacks.presence.live = List.of(new QueueFigures.LiveCaller("later", arrived.plusSeconds(60), 5),
                new QueueFigures.LiveCaller("higher", arrived.minusSeconds(60), 9));
        RecordingCall call = new RecordingCall().digits("3");

        Interaction i = flows.run(call, chenCalling());

        assertEquals("play:en/callback.hold_now", heard(call).get(2));
        assertEquals(CallbackState.CANCELLED, callbacks.store.find(r.id()).orElseThrow().state());
        assertTrue(call.events.contains("queue:vip/6"), call.events.toString());
        assertEquals("offer=hold", i.choices());
        assertEquals("offer>agent", i.path());
        assertEquals(Outcome.QUEUED, i.outcome());
    }

    @Test
    void takingThePlaceNowKeepsThePriorityWhenSomeoneOfTheirsWasWaitingEarlier() {
        Instant arrived = flows.clock.instant().minusSeconds(600);
        existingRequest(arrived);
        callbacks.presence.live = List.of(new QueueFigures.LiveCaller("earlier", arrived.minusSeconds(60), 5));
        RecordingCall call = new RecordingCall().digits("3");

        flows.run(call, chenCalling());

        assertTrue(call.events.contains("queue:vip/5"), call.events.toString());
    }

    @Test
    void aCallerWhoHangsUpAfterTheRequestIsStoredStillEndsCallbackRequested() {
        // operations: answer 1, wait 2, menu 3, confirm 4, accepted 5 — the caller is gone by then
        RecordingCall call = new RecordingCall().digits("1", "1").hangUpAtOperation(5);

        Interaction i = flows.run(call, chenCalling());

        assertEquals(1, requests().size());
        assertEquals(Outcome.CALLBACK_REQUESTED, i.outcome());
        assertEquals("offer", i.endStep());
    }

    @Test
    void withCallbacksOffTheStepGoesToDeclined() {
        flows.callbacks = null;
        flows.dispatcher = null;
        RecordingCall call = new RecordingCall();

        Interaction i = flows.run(call, chenCalling());

        assertEquals("offer>agent", i.path());
        assertEquals("offer=off", i.choices());
        assertEquals(List.of(), heard(call));
    }

    @Test
    void badOptionsAreReportedWithTheirLines() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                name: bad-offer
                start: offer
                steps:
                  offer:
                    offer_callback: { queue: vip, threshold: soon, priority: 1000, timed: maybe, accepted: bye, wait: 5 }
                  other:
                    offer_callback: { threshold: 30, accepted: nowhere, declined: bye }
                  bye: { hangup: {} }
                """);
        DialplanLoader.Result r = new DialplanLoader(new RuleEngine(), new FakeAudioCatalog()::has).load(file);

        List<String> errors = r.errors().stream().map(e -> e.substring(dir.toString().length() + 1)).toList();
        assertNull(r.flow());
        assertEquals(List.of(
                "bad.yaml:5: step 'offer' offer_callback has unknown key 'wait' (expected one of accepted, declined,"
                        + " priority, queue, threshold, timed)",
                "bad.yaml:5: step 'offer': threshold 'soon' must be a whole number of seconds (0-86400)",
                "bad.yaml:5: step 'offer': priority '1000' must be a whole number 0-999",
                "bad.yaml:5: step 'offer': timed 'maybe' must be true or false",
                "bad.yaml:5: step 'offer' offer_callback is missing 'declined'",
                "bad.yaml:7: step 'other' offer_callback is missing 'queue'",
                "bad.yaml:7: step 'other' goes to unknown step 'nowhere'"), errors);
    }

    @Test
    void theCallbackPromptsMustBeInTheCatalog() throws Exception {
        Path file = dir.resolve("offer.yaml");
        Files.writeString(file, FLOW);
        DialplanLoader.Result r = new DialplanLoader(new RuleEngine(),
                (id, lang) -> !id.equals(CallbackPrompts.SLOT)).load(file);

        assertEquals(List.of(file + ":3: step 'offer' uses prompt 'callback.slot' that is not in the audio catalog"
                + " for language 'en'"), r.errors());
    }

    /** verify-sms: a number not on file is taken only with the code texted to it. */
    private final class CodesByText implements NumberVerifier {
        final List<String> sentTo = new java.util.ArrayList<>();

        @Override
        public String send(String phone, String customerId, String language) {
            sentTo.add(phone + " " + customerId + " " + language);
            return "code-1";
        }

        @Override
        public boolean verify(String id, String code) {
            return id.equals("code-1") && code.equals("482913");
        }
    }

    private Interaction runVerifying(RecordingCall call, NumberVerifier verifier) {
        CallbackService verifying = new CallbackService(callbacks.store, callbacks.queue, callbacks::policy,
                callbacks.presence, callbacks.dispatcher,
                new io.frontdoor.callback.queue.CallbackNumberPolicy("CN", java.util.Set.of("CN")),
                new io.frontdoor.callback.dispatch.CallbackTimeline(callbacks.coreLog),
                new CallbackService.Settings(3, java.time.Duration.ofHours(1), java.time.Duration.ofMinutes(3),
                        CallbackService.UnknownNumbers.VERIFY_SMS), flows.clock);
        flows.callbacks = verifying;
        flows.runner(FakeCallers.Identifier.always(chenCalling())).verifier(verifier).handle(call);
        return flows.log.recorded.get(flows.log.recorded.size() - 1);
    }

    @Test
    void aNumberNotOnFileIsTakenOnceTheCallerKeysTheCodeTextedToIt() {
        CodesByText codes = new CodesByText();
        // 1 call me back; 2 another number; 139...; wrong code; right code
        RecordingCall call = new RecordingCall().digits("1", "2", "13900139000", "111111", "482913", "1");
        Interaction i = runVerifying(call, codes);
        assertEquals(List.of("+8613900139000 C1 en"), codes.sentTo, "the code goes to the new number");
        assertTrue(heard(call).contains("collect:en/callback.enter_code"), heard(call).toString());
        assertTrue(heard(call).contains("play:en/callback.code_wrong"));
        assertEquals(1, requests().size());
        assertEquals("+8613900139000", requests().get(0).phone());
        assertTrue(i.choices().contains("verified_number=sms_code"), i.choices());
    }

    @Test
    void aNumberNotOnFileWithoutTheRightCodeIsRefusedAndTheCallersOwnNeedsNoCode() {
        CodesByText codes = new CodesByText();
        RecordingCall call = new RecordingCall().digits("1", "2", "13900139000", "000000", "999999", "", "", "");
        runVerifying(call, codes);
        assertTrue(heard(call).contains("play:en/callback.number_not_on_file"), heard(call).toString());
        assertTrue(requests().isEmpty(), "nothing stored for an unproven number");

        CodesByText none = new CodesByText();
        runVerifying(new RecordingCall().digits("1", "1"), none);
        assertTrue(none.sentTo.isEmpty(), "the caller ID on file needs no code");
        assertEquals(CALLER, requests().get(0).phone());
    }
}
