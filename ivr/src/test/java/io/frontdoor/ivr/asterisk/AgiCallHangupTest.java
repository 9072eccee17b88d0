package io.frontdoor.ivr.asterisk;

import static io.frontdoor.ivr.asterisk.AgiHarness.audio;
import static io.frontdoor.ivr.asterisk.AgiCallReplayTest.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.ivr.asterisk.peer.PeerCall;
import io.frontdoor.ivr.asterisk.peer.PeerChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The caller hanging up at each point the recordings show, against the peer over TCP. */
@Timeout(30)
class AgiCallHangupTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final AgiHarness harness = new AgiHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void hangupDuringPlaybackThrowsAndLaterCallsThrowWithoutTouchingTheWire() throws Exception {
        harness.script(call -> {
            call.answer();
            Object during = thrown(() -> call.play(audio("hello-world"), ""));
            Object next = thrown(() -> call.collectDigits(audio("beep"), 1, Duration.ofSeconds(1)));
            Object variable = thrown(() -> call.variable("CHANNEL"));
            call.hangup();
            return List.of(during, call.isActive(), next, variable);
        });
        PeerChannel channel = harness.peer.dial(new PeerCall()
                .delay("STREAM FILE", Duration.ofMillis(100)).hangupDuringCommand(2));

        assertEquals(List.of("CallHangupException", false, "CallHangupException", "CallHangupException"),
                harness.outcome().value());
        assertTrue(channel.awaitClosedByServer(WAIT));
        assertEquals(List.of("ANSWER", "STREAM FILE hello-world \"\""), channel.commands());
    }

    @Test
    void hangupWhileCollectingDigitsThrows() throws Exception {
        harness.script(call -> List.of(
                thrown(() -> call.collectDigits(audio("beep"), 4, Duration.ofSeconds(10))), call.isActive()));
        PeerChannel channel = harness.peer.dial(new PeerCall().hangupDuringCommand(1));

        assertEquals(List.of("CallHangupException", false), harness.outcome().value());
        assertTrue(channel.awaitClosedByServer(WAIT));
        assertEquals(1, channel.commands().size());
    }

    @Test
    void hangupWhileIdleMakesTheNextCommandThrow() throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        CountDownLatch hungUp = new CountDownLatch(1);
        harness.script(call -> {
            call.answer();
            answered.countDown();
            hungUp.await(5, TimeUnit.SECONDS);
            Object play = thrown(() -> call.play(audio("menu"), "12"));
            Object variable = thrown(() -> call.variable("CHANNEL"));
            return List.of(play, call.isActive(), variable);
        });
        PeerChannel channel = harness.peer.dial(new PeerCall());
        assertTrue(answered.await(5, TimeUnit.SECONDS));
        channel.hangUp();
        hungUp.countDown();

        assertEquals(List.of("CallHangupException", false, "CallHangupException"), harness.outcome().value());
        assertTrue(channel.awaitClosedByServer(WAIT));
        assertTrue(channel.commands().size() <= 2, "at most the STREAM FILE that got the 511: " + channel.commands());
    }

    @Test
    void hangupAfterACommandIsSeenFromTheUnsolicitedHangupLine() throws Exception {
        harness.script(call -> {
            call.setVariable("FRONTDOOR_LANGUAGE", "en");
            for (int i = 0; i < 200 && call.isActive(); i++) {
                Thread.sleep(10);
            }
            return List.of(call.isActive(), thrown(call::answer));
        });
        PeerChannel channel = harness.peer.dial(new PeerCall().hangupAfterCommand(1));

        assertEquals(List.of(false, "CallHangupException"), harness.outcome().value());
        assertTrue(channel.awaitClosedByServer(WAIT));
        assertEquals(1, channel.commands().size());
    }

    @Test
    void deadChannel511IsAHangupAndOurHangupAfterItIsQuiet() throws Exception {
        harness.script(call -> {
            Object answer = thrown(call::answer);
            call.hangup();
            return List.of(answer, call.isActive());
        });
        PeerChannel channel = harness.peer.dial(new PeerCall()
                .overrideReply(1, "511 Command Not Permitted on a dead channel or intercept routine"));

        assertEquals(List.of("CallHangupException", false), harness.outcome().value());
        assertTrue(channel.awaitClosedByServer(WAIT));
        assertEquals(List.of("ANSWER"), channel.commands());
    }

    @Test
    void hangupCommandAnswered511BecauseTheCallerWasFasterIsFine() throws Exception {
        harness.script(call -> {
            call.answer();
            call.hangup();
            return call.isActive();
        });
        PeerChannel channel = harness.peer.dial(new PeerCall()
                .overrideReply(2, "511 Command Not Permitted on a dead channel or intercept routine"));

        AgiHarness.Outcome outcome = harness.outcome();
        assertEquals(null, outcome.error());
        assertEquals(false, outcome.value());
        assertTrue(channel.awaitClosedByServer(WAIT));
    }
}
