package io.frontdoor.ivr.asterisk;

import static io.frontdoor.ivr.asterisk.AgiHarness.audio;
import static io.frontdoor.ivr.asterisk.AgiCallReplayTest.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.ivr.asterisk.peer.PeerCall;
import io.frontdoor.ivr.asterisk.peer.PeerChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every Call method against the Asterisk peer over real TCP: the lines sent and what comes back. */
@Timeout(30)
class AgiCallCommandsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final AgiHarness harness = new AgiHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void answerAndPlayToTheEndReturnsNoDigit() throws Exception {
        harness.script(call -> {
            call.answer();
            return call.play(audio("welcome"), "");
        });
        PeerChannel channel = harness.peer.dial(new PeerCall());

        assertEquals("", harness.outcome().value());
        assertTrue(channel.awaitClosedByServer(WAIT));
        assertEquals(List.of("ANSWER", "STREAM FILE welcome \"\""), channel.commands());
    }

    @Test
    void playStoppedByAKeyReturnsThatKey() throws Exception {
        harness.script(call -> List.of(call.play(audio("menu"), "123#"), call.play(audio("menu"), "123#")));
        PeerChannel channel = harness.peer.dial(new PeerCall().keys("#", "9"));

        assertEquals(List.of("#", ""), harness.outcome().value(), "9 is not an escape digit: played to the end");
        assertTrue(channel.awaitClosedByServer(WAIT));
        assertEquals("STREAM FILE menu \"123#\"", channel.commands().get(0));
    }

    @Test
    void collectDigitsReadsHashEndedPartialAndEmptyInput() throws Exception {
        harness.script(call -> List.of(
                call.collectDigits(audio("enter-account"), 4, Duration.ofSeconds(5)),
                call.collectDigits(audio("enter-account"), 4, Duration.ofSeconds(3)),
                call.collectDigits(audio("enter-account"), 4, Duration.ofSeconds(3)),
                call.collectDigits(audio("enter-account"), 2, Duration.ofSeconds(3))));
        PeerChannel channel = harness.peer.dial(new PeerCall().keys("12#", "4", "", "789"));

        assertEquals(List.of("12", "4", "", "78"), harness.outcome().value());
        assertTrue(channel.awaitClosedByServer(WAIT));
        assertEquals("GET DATA enter-account 5000 4", channel.commands().get(0));
        assertEquals("GET DATA enter-account 3000 2", channel.commands().get(3));
    }

    @Test
    void collectDigitsWithoutAPromptPlaysSilence() throws Exception {
        harness.script(call -> call.collectDigits(null, 1, Duration.ofMillis(2500)));
        PeerChannel channel = harness.peer.dial(new PeerCall().keys("1"));

        assertEquals("1", harness.outcome().value());
        assertTrue(channel.awaitClosedByServer(WAIT));
        assertEquals(List.of("GET DATA silence/1 2500 1"), channel.commands());
    }

    @Test
    void setVariableQuotesAndEscapesAndVariableReadsItBack() throws Exception {
        String tricky = "say \"hi\" \\ there";
        harness.script(call -> {
            call.setVariable("FRONTDOOR_GREETING", tricky);
            List<String> seen = new ArrayList<>();
            seen.add(call.variable("FRONTDOOR_GREETING"));
            seen.add(String.valueOf(call.variable("NOT_SET")));
            return seen;
        });
        PeerChannel channel = harness.peer.dial(new PeerCall());

        assertEquals(List.of(tricky, "null"), harness.outcome().value());
        assertTrue(channel.awaitClosedByServer(WAIT));
        assertEquals("SET VARIABLE FRONTDOOR_GREETING \"say \\\"hi\\\" \\\\ there\"", channel.commands().get(0));
        assertEquals(tricky, channel.variables().get("FRONTDOOR_GREETING"));
    }

    @Test
    void handOffToQueueSetsRouteAndPriorityAndReturnsControlWithoutHangup() throws Exception {
        harness.script(call -> {
            call.answer();
            call.handOffToQueue("vip", 7);
            call.hangup(); // ignored: the dialplan owns the call now
            return call.isActive();
        });
        PeerChannel channel = harness.peer.dial(new PeerCall());

        assertEquals(true, harness.outcome().value());
        assertTrue(channel.awaitClosedByServer(WAIT), "closing the socket gives the call back to the dialplan");
        assertEquals(List.of("ANSWER", "SET VARIABLE QUEUE_PRIO \"7\"", "SET VARIABLE FRONTDOOR_ROUTE \"vip\"",
                "SET VARIABLE FRONTDOOR_ACTION \"queue\""), channel.commands());
    }

    @Test
    void transferSetsTargetAndReturnsControlWithoutHangup() throws Exception {
        harness.script(call -> {
            call.transfer("PJSIP/agent-42");
            return thrown(() -> call.play(audio("x"), ""));
        });
        PeerChannel channel = harness.peer.dial(new PeerCall());

        AgiHarness.Outcome outcome = harness.outcome();
        assertEquals(IllegalStateException.class, outcome.error().getClass(), "no commands after hand-back");
        assertTrue(channel.awaitClosedByServer(WAIT));
        assertEquals("transfer", channel.variables().get("FRONTDOOR_ACTION"));
        assertEquals("PJSIP/agent-42", channel.variables().get("FRONTDOOR_ROUTE"));
        assertFalse(channel.commands().contains("HANGUP"));
    }

    @Test
    void hangupSendsHangupAndTheCallIsOver() throws Exception {
        harness.script(call -> {
            call.hangup();
            call.hangup(); // safe twice, no second command
            return List.of(call.isActive(), thrown(call::answer));
        });
        PeerChannel channel = harness.peer.dial(new PeerCall());

        assertEquals(List.of(false, "CallHangupException"), harness.outcome().value());
        assertTrue(channel.awaitClosedByServer(WAIT));
        assertEquals(List.of("HANGUP"), channel.commands());
    }

    @Test
    void unknownCommandSyntaxErrorAndMissingAppAreCallFailuresAndTheCallGoesOn() throws Exception {
        harness.script(call -> List.of(
                thrown(call::answer),
                thrown(() -> call.setVariable("A", "b")),
                thrown(() -> ((AgiCall) call).exec("NoSuchApp", "foo")),
                call.isActive(),
                call.play(audio("still-here"), "")));
        PeerChannel channel = harness.peer.dial(new PeerCall()
                .overrideReply(1, "510 Invalid or unknown command")
                .overrideReply(2, "520-Invalid command syntax.  Proper usage follows:",
                        "Usage: SET VARIABLE <variablename> <value>", "520 End of proper usage."));

        assertEquals(List.of("CallFailedException", "CallFailedException", "CallFailedException", true, ""),
                harness.outcome().value());
        assertTrue(channel.awaitClosedByServer(WAIT));
        assertEquals("EXEC NoSuchApp foo", channel.commands().get(2));
    }

    @Test
    void failureMessageNamesTheCommandAndReplyWithNumbersMasked() throws Exception {
        harness.script(call -> {
            call.setVariable("FRONTDOOR_CALLER", "+8613800138000");
            return null;
        });
        harness.peer.dial(new PeerCall().overrideReply(1, "510 Invalid or unknown command"));

        Throwable error = harness.outcome().error();
        assertTrue(error.getMessage().contains("SET VARIABLE FRONTDOOR_CALLER"), error.getMessage());
        assertTrue(error.getMessage().contains("510"), error.getMessage());
        assertFalse(error.getMessage().contains("8613800138000"), error.getMessage());
    }

    @Test
    void variableOfAnUnsetNameIsNull() throws Exception {
        harness.script(call -> call.variable("FRONTDOOR_NOTHING"));
        harness.peer.dial(new PeerCall());
        assertNull(harness.outcome().value());
    }
}
