package io.frontdoor.ivr.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.customer.Tier;
import io.frontdoor.callback.dispatch.CallbackService;
import io.frontdoor.callback.dispatch.DialRequest;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import io.frontdoor.callback.queue.QueuePolicy;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.StoreSettings;
import io.frontdoor.ivr.caller.Caller;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answered leg of a callback (FastAGI flow {@code callback}): a request in a real H2 store is
 * dispatched by the real dispatcher to a free agent, the fake dialer reports it answered, and the
 * call runs through the FlowRunner.
 */
class CallbackCallFlowTest {
    private static final String CUSTOMER = "+8613800138000";
    private static final String AGENT = "PJSIP/2001";

    @TempDir
    static Path dbDir;
    private static Database db;

    @TempDir
    Path dir;
    private CallbackFixture callbacks;
    private FlowHarness flows;

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
        flows = new FlowHarness(dir).file("default.yaml", "start: bye\nsteps:\n  bye: { hangup: {} }\n");
        callbacks = new CallbackFixture(db, flows.clock);
        flows.callbacks = callbacks.service;
        flows.dispatcher = callbacks.dispatcher;
        callbacks.customers.add(FakeCallers.customer("C1", "Chen Wei", Tier.VIP, "zh"));
    }

    @AfterEach
    void tearDown() {
        callbacks.close();
    }

    /** A Mandarin request, an agent free for it, dialled and answered: the dial request. */
    private DialRequest answeredCallback() {
        CallbackService.Result r = callbacks.service.request(new CallbackService.NewRequest("C1", "vip", CUSTOMER, "zh",
                5, flows.clock.instant().minusSeconds(300), null, "origin-call", CUSTOMER));
        assertTrue(r.accepted(), String.valueOf(r.refusal()));
        callbacks.dispatcher.drain();
        callbacks.agentFree("vip", AGENT);
        assertEquals(1, callbacks.dialer.dials.size(), "the free agent's callback is dialled");
        return callbacks.answerLastDial();
    }

    private RecordingCall callbackCall(DialRequest dial) {
        RecordingCall call = new RecordingCall().id("cb-call-1").requestedFlow("callback");
        call.variables.put(DialRequest.CALLBACK_VARIABLE, dial.callbackId());
        call.variables.put(DialRequest.ATTEMPT_VARIABLE, dial.attemptId());
        return call;
    }

    /** Runs the call, waits for the dispatcher to apply what it was told, returns the call's timeline entry. */
    private Interaction run(RecordingCall call) {
        flows.runner(FakeCallers.Identifier.always(Caller.unknown(null, "callback"))).handle(call);
        callbacks.dispatcher.drain();
        assertEquals(0, callbacks.dispatcher.inProgress(), "the attempt is over");
        return flows.log.only();
    }

    private CallbackRequest request(DialRequest dial) {
        return callbacks.store.find(dial.callbackId()).orElseThrow();
    }

    private CallbackAttempt attempt(DialRequest dial) {
        return callbacks.store.attempt(dial.attemptId()).orElseThrow();
    }

    @Test
    void theCustomerPressesOneAndIsTransferredToTheReservedAgent() {
        DialRequest dial = answeredCallback();
        assertEquals(DialRequest.Leg.CUSTOMER, dial.leg());
        RecordingCall call = callbackCall(dial).digits("1");

        Interaction i = run(call);

        assertEquals(List.of("answer", "collect:zh/callback.announce", "play:zh/queue.transfer", "transfer:" + AGENT),
                call.events);
        assertEquals(CallbackState.COMPLETED, request(dial).state());
        assertEquals(CallbackAttempt.Outcome.CONNECTED, attempt(dial).outcome());
        assertEquals(Interaction.Channel.CALLBACK, i.channel());
        assertEquals("cb-call-1", i.ref());
        assertEquals(Outcome.CONNECTED, i.outcome());
        assertEquals("announce>connect>connected", i.path());
        assertEquals("announce=1", i.choices());
        assertEquals("C1", i.customerId());
        assertEquals(CUSTOMER, i.phone());
        assertEquals("zh", i.language());
        assertEquals(AGENT, i.route());
        assertTrue(i.detail().startsWith("callback " + dial.callbackId() + " attempt 1: connected"), i.detail());
        assertTrue(callbacks.presence.events.contains("release " + AGENT), callbacks.presence.events.toString());
    }

    @Test
    void anyOtherKeyIsADeclineAndClosesTheRequest() {
        DialRequest dial = answeredCallback();
        RecordingCall call = callbackCall(dial).digits("", "9");

        Interaction i = run(call);

        assertEquals(List.of("answer", "collect:zh/callback.announce", "collect:zh/callback.announce",
                "play:zh/callback.declined", "hangup"), call.events);
        assertEquals(CallbackState.MISSED, request(dial).state());
        assertEquals(CallbackAttempt.Outcome.DECLINED, attempt(dial).outcome());
        assertEquals("customer pressed 9", attempt(dial).detail());
        assertEquals(Outcome.NOT_CONNECTED, i.outcome());
        assertEquals("announce>declined", i.path());
    }

    @Test
    void aCustomerWhoDeclinesAndHangsUpDuringTheGoodbyeHasStillDeclined() {
        DialRequest dial = answeredCallback();
        // operations: answer 1, announce 2 (keys 9), goodbye 3
        RecordingCall call = callbackCall(dial).digits("9").hangUpAtOperation(3);

        Interaction i = run(call);

        assertEquals(CallbackAttempt.Outcome.DECLINED, attempt(dial).outcome());
        assertEquals(CallbackState.MISSED, request(dial).state());
        assertEquals("announce>declined>hung_up", i.path());
    }

    @Test
    void aHangUpDuringTheAnnouncementLeavesTheRequestForARetry() {
        DialRequest dial = answeredCallback();
        RecordingCall call = callbackCall(dial).hangUpAtOperation(2);

        Interaction i = run(call);

        assertEquals(CallbackAttempt.Outcome.HUNG_UP, attempt(dial).outcome());
        CallbackRequest r = request(dial);
        assertEquals(CallbackState.PENDING, r.state());
        assertEquals(1, r.attempts());
        assertEquals(flows.clock.instant().plus(Duration.ofMinutes(5)), r.dueAt());
        assertEquals(Outcome.NOT_CONNECTED, i.outcome());
        assertEquals("announce>hung_up", i.path());
        assertTrue(i.detail().contains("customer hung up at announce"), i.detail());
    }

    @Test
    void anUnknownAttemptGetsAnApologyInTheRequestsLanguageAndTouchesNothing() {
        DialRequest dial = answeredCallback();
        RecordingCall call = new RecordingCall().id("cb-call-1").requestedFlow("callback").digits("1");
        call.variables.put(DialRequest.CALLBACK_VARIABLE, dial.callbackId());
        call.variables.put(DialRequest.ATTEMPT_VARIABLE, "no-such-attempt");

        flows.runner(FakeCallers.Identifier.always(Caller.unknown(null, "callback"))).handle(call);
        callbacks.dispatcher.drain();

        assertEquals(List.of("answer", "play:zh/callback.apology", "hangup"), call.events);
        assertEquals(CallbackState.DIALING, request(dial).state(), "the real attempt is still live");
        assertEquals(1, callbacks.dispatcher.inProgress());
        Interaction i = flows.log.only();
        assertEquals(Outcome.NOT_CONNECTED, i.outcome());
        assertEquals("apology", i.path());
        assertEquals(Interaction.Channel.CALLBACK, i.channel());
        // end the live attempt: the dispatcher's close() waits out pending attempt timers (up to 5 s)
        callbacks.dispatcher.notConnected(dial.attemptId(), CallbackAttempt.Outcome.INTERRUPTED, "test over");
        callbacks.dispatcher.drain();
    }

    @Test
    void aCallWithoutCallbackVariablesGetsTheApologyInEnglish() {
        RecordingCall call = new RecordingCall().id("stray").requestedFlow("callback");

        flows.runner(FakeCallers.Identifier.always(Caller.unknown(null, "callback"))).handle(call);

        assertEquals(List.of("answer", "play:en/callback.apology", "hangup"), call.events);
        assertEquals(Outcome.NOT_CONNECTED, flows.log.only().outcome());
    }

    @Test
    void agentFirstPreviewsTheCustomerToTheAgentThenDialsTheCustomer() {
        callbacks.mode = QueuePolicy.Mode.AGENT_FIRST;
        DialRequest dial = answeredCallback();
        assertEquals(DialRequest.Leg.AGENT, dial.leg());
        assertEquals(AGENT, dial.destination());
        RecordingCall call = callbackCall(dial).digits("1");

        Interaction i = run(call);

        assertEquals(List.of("answer", "collect:zh/callback.agent_preview{name=Chen Wei, tier=callback.tier_vip}",
                "play:zh/callback.agent_dialling", "transfer:" + CUSTOMER), call.events);
        assertEquals(CallbackState.COMPLETED, request(dial).state());
        assertEquals("preview>connect>connected", i.path());
        assertEquals(Outcome.CONNECTED, i.outcome());
    }

    @Test
    void agentFirstWithoutTheAgentsOneIsAgentUnavailableAndKeepsTheRequest() {
        callbacks.mode = QueuePolicy.Mode.AGENT_FIRST;
        DialRequest dial = answeredCallback();
        RecordingCall call = callbackCall(dial).digits("", "");

        Interaction i = run(call);

        assertEquals(CallbackAttempt.Outcome.AGENT_UNAVAILABLE, attempt(dial).outcome());
        CallbackRequest r = request(dial);
        assertEquals(CallbackState.PENDING, r.state());
        assertEquals(0, r.attempts(), "an agent who did not take it costs the customer no attempt");
        assertEquals("preview>agent_declined", i.path());
    }
}
