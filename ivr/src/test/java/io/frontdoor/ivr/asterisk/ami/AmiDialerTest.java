package io.frontdoor.ivr.asterisk.ami;

import static io.frontdoor.ivr.asterisk.ami.AmiTesting.WAIT;
import static io.frontdoor.ivr.asterisk.ami.AmiTesting.await;
import static io.frontdoor.ivr.asterisk.ami.AmiTesting.next;
import static io.frontdoor.ivr.asterisk.ami.AmiTesting.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.dispatch.DialRequest;
import io.frontdoor.callback.dispatch.DialResult;
import io.frontdoor.callback.dispatch.DialResult.Outcome;
import io.frontdoor.callback.dispatch.DialerUnavailableException;
import io.frontdoor.ivr.asterisk.ami.peer.AmiMessage;
import io.frontdoor.ivr.asterisk.ami.peer.AsteriskAmiPeer;
import io.frontdoor.ivr.asterisk.ami.peer.OriginateOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.manager.action.PingAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AmiDialer against the AMI peer over TCP: what goes on the wire, each OriginateResponse outcome,
 * refusals, a dropped session and a lost response. Results are delivered on the event thread here
 * (a direct executor), so after a Ping round trip every result due has been delivered.
 */
class AmiDialerTest {
    private static final String NUMBER = "+8613800138000";
    private static final String CUSTOMER_CHANNEL = "Local/" + NUMBER + "@frontdoor-outbound";

    private AsteriskAmiPeer peer;
    private AmiConnection connection;
    private AmiDialer dialer;
    private final BlockingQueue<DialResult> results = new LinkedBlockingQueue<>();
    private final Map<String, List<DialResult>> byAttempt = new ConcurrentHashMap<>();

    @BeforeEach
    void startPeer() {
        peer = new AsteriskAmiPeer().start();
    }

    @AfterEach
    void stop() throws Exception {
        if (dialer != null) {
            dialer.close();
        }
        if (connection != null) {
            connection.close();
        }
        peer.close();
    }

    private void connect(AmiDialer.Options options) throws InterruptedException {
        connection = new AmiConnection(settings(peer));
        dialer = new AmiDialer(connection, options, Runnable::run);
        connection.start();
        await("AMI logged in", connection::isConnected);
    }

    private static DialRequest customer(String attemptId) {
        return new DialRequest(attemptId, "cb-42", DialRequest.Leg.CUSTOMER, NUMBER, "+861095588", Duration.ofSeconds(20));
    }

    private void dial(DialRequest request) {
        dialer.dial(request, result -> {
            byAttempt.computeIfAbsent(result.attemptId(), id -> new CopyOnWriteArrayList<>()).add(result);
            results.add(result);
        });
    }

    /** Returns once every event Asterisk sent before now has been handled (one Ping round trip). */
    private void barrier() throws AmiActionException {
        connection.send(new PingAction());
    }

    @Test
    void originatePutsTheCallbackOnTheWireAndAnAnsweredCallIsReported() throws Exception {
        peer.scriptOriginate(CUSTOMER_CHANNEL, OriginateOutcome.answered().after(Duration.ofMillis(50)));
        connect(AmiDialer.Options.defaults());

        dial(customer("att-1"));

        AmiMessage originate = peer.awaitAction("Originate", 1, WAIT);
        assertTrue(originate.get("ActionID").endsWith("#att-1"), originate.get("ActionID"));
        assertEquals(CUSTOMER_CHANNEL, originate.get("Channel"));
        assertEquals("frontdoor-callback", originate.get("Context"));
        assertEquals("s", originate.get("Exten"));
        assertEquals("1", originate.get("Priority"));
        assertEquals("20000", originate.get("Timeout"));
        assertEquals("+861095588", originate.get("CallerID"));
        assertEquals("true", originate.get("Async"));
        assertEquals(List.of("FRONTDOOR_CALLBACK_ID=cb-42", "FRONTDOOR_ATTEMPT_ID=att-1", "FRONTDOOR_LEG=customer"),
                originate.all("Variable"));

        DialResult result = next(results, "dial result");
        assertEquals("att-1", result.attemptId());
        assertEquals(Outcome.ANSWERED, result.outcome());
        assertEquals("OriginateResponse Success, Reason 4 (answered)", result.detail());
        assertEquals(0, dialer.pendingAttempts());
    }

    @Test
    void eachOriginateResponseReasonMapsToItsOutcomeOncePerAttempt() throws Exception {
        Map<String, OriginateOutcome> outcomes = Map.of(
                "+8613800000003", OriginateOutcome.noAnswer(),
                "+8613800000005", OriginateOutcome.busy(),
                "+8613800000008", OriginateOutcome.congestion(),
                "+8613800000000", OriginateOutcome.noSuchExtension());
        outcomes.forEach((number, outcome) -> peer.scriptOriginate("Local/" + number + "@frontdoor-outbound", outcome));
        connect(AmiDialer.Options.defaults());

        for (String number : outcomes.keySet()) {
            dial(new DialRequest("att" + number, "cb-1", DialRequest.Leg.CUSTOMER, number, "", Duration.ofSeconds(5)));
        }
        await(() -> "all four results, got " + byAttempt, () -> byAttempt.size() == 4);
        barrier();

        assertEquals(Outcome.NO_ANSWER, only("att+8613800000003").outcome());
        assertEquals(Outcome.BUSY, only("att+8613800000005").outcome());
        assertEquals(Outcome.CONGESTION, only("att+8613800000008").outcome());
        DialResult missing = only("att+8613800000000");
        assertEquals(Outcome.FAILED, missing.outcome());
        assertEquals("OriginateResponse Failure, Reason 0 (failed: no such extension, or the channel could not be created)",
                missing.detail());
        assertEquals(List.of(), peer.actions("Originate").stream().filter(a -> a.get("CallerID") != null).toList(),
                "no CallerID header when the request has none");
    }

    private DialResult only(String attemptId) {
        List<DialResult> got = byAttempt.get(attemptId);
        assertEquals(1, got == null ? 0 : got.size(), "results for " + attemptId + ": " + got);
        return got.get(0);
    }

    @Test
    void channelTemplatesAndTheAgentLeg() throws Exception {
        connect(AmiDialer.Options.defaults().withCustomerChannel("PJSIP/{digits}@trunk")
                .withTarget("fd-callback", "start", 2));

        dial(customer("att-1"));
        dial(new DialRequest("att-2", "cb-42", DialRequest.Leg.AGENT, "Local/2001@agents/n", "", Duration.ofSeconds(15)));
        assertEquals(Outcome.ANSWERED, next(results, "first result").outcome());
        assertEquals(Outcome.ANSWERED, next(results, "second result").outcome());

        AmiMessage toCustomer = peer.actions("Originate").get(0);
        assertEquals("PJSIP/8613800138000@trunk", toCustomer.get("Channel"));
        assertEquals("fd-callback", toCustomer.get("Context"));
        assertEquals("start", toCustomer.get("Exten"));
        assertEquals("2", toCustomer.get("Priority"));
        AmiMessage toAgent = peer.actions("Originate").get(1);
        assertEquals("Local/2001@agents/n", toAgent.get("Channel"));
        assertEquals(List.of("FRONTDOOR_CALLBACK_ID=cb-42", "FRONTDOOR_ATTEMPT_ID=att-2", "FRONTDOOR_LEG=agent"),
                toAgent.all("Variable"));

        // Nothing but one plain number or one interface may reach a dial string.
        assertThrows(IllegalArgumentException.class, () -> dial(new DialRequest("att-3", "cb-42",
                DialRequest.Leg.CUSTOMER, "+86138&PJSIP/900", "", Duration.ofSeconds(5))));
        assertThrows(IllegalArgumentException.class, () -> dial(new DialRequest("att-4", "cb-42",
                DialRequest.Leg.AGENT, "PJSIP/a&PJSIP/b", "", Duration.ofSeconds(5))));
        assertThrows(IllegalArgumentException.class, () -> dial(new DialRequest("att-5", "cb-42",
                DialRequest.Leg.CUSTOMER, NUMBER, "x\r\nAction: Logoff", Duration.ofSeconds(5))));
        assertEquals(2, peer.actions("Originate").size());
    }

    @Test
    void notConnectedOrRefusedMeansUnavailableAndNoResult() throws Exception {
        connection = new AmiConnection(settings(peer));
        dialer = new AmiDialer(connection, AmiDialer.Options.defaults(), Runnable::run);
        // Never started: not logged in.
        DialerUnavailableException down = assertThrows(DialerUnavailableException.class, () -> dial(customer("att-1")));
        assertTrue(down.getMessage().contains("not connected"), down.getMessage());

        // manager.conf without the originate class: Asterisk refuses the action.
        peer.onAction("Originate", action -> List.of(new AmiMessage().add("Response", "Error").addActionId(action)
                .add("Message", "Permission denied").render()));
        connection.start();
        await("AMI logged in", connection::isConnected);
        DialerUnavailableException refused = assertThrows(DialerUnavailableException.class, () -> dial(customer("att-2")));
        assertTrue(refused.getMessage().contains("Permission denied"), refused.getMessage());
        barrier();
        assertEquals(Map.of(), byAttempt);
        assertEquals(0, dialer.pendingAttempts());
    }

    @Test
    void aDroppedSessionFailsThePendingAttemptOnceEvenIfTheResponseTurnsUpLater() throws Exception {
        peer.scriptOriginate(CUSTOMER_CHANNEL, OriginateOutcome.lost());
        peer.onOriginate(action -> peer.dropConnections()); // Asterisk goes away right after "queued"
        connect(AmiDialer.Options.defaults());

        dial(customer("att-1"));
        DialResult result = next(results, "dial result");
        assertEquals(Outcome.FAILED, result.outcome());
        assertTrue(result.detail().startsWith(AmiDialer.CONNECTION_LOST), result.detail());
        assertTrue(result.detail().contains("may still be ringing"), result.detail());

        // Reconnected; the call's OriginateResponse reaches the new session (manager events go to all).
        await("AMI logged in again", () -> connection.isConnected() && peer.logins() == 2);
        peer.onOriginate(action -> { });
        peer.sendOriginateResponse(peer.actions("Originate").get(0), OriginateOutcome.answered());
        barrier();
        assertEquals(1, byAttempt.get("att-1").size(), "reported once: " + byAttempt);

        // The dialer works on the new session.
        dial(customer("att-2"));
        assertEquals(Outcome.ANSWERED, next(results, "result on the new session").outcome());
    }

    @Test
    void aMissingOriginateResponseFailsTheAttemptAfterTheRingTimeoutAndGrace() throws Exception {
        peer.scriptOriginate(CUSTOMER_CHANNEL, OriginateOutcome.lost());
        connect(AmiDialer.Options.defaults().withResponseGrace(Duration.ofMillis(200)));

        long start = System.nanoTime();
        dial(new DialRequest("att-1", "cb-42", DialRequest.Leg.CUSTOMER, NUMBER, "", Duration.ofMillis(300)));
        DialResult result = next(results, "dial result");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(Outcome.FAILED, result.outcome());
        assertTrue(result.detail().startsWith(AmiDialer.NO_RESPONSE), result.detail());
        assertTrue(millis >= 450, "failed after " + millis + " ms, before timeout + grace (500 ms)");
        assertEquals(0, dialer.pendingAttempts());
    }
}
