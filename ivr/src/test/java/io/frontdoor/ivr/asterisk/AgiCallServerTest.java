package io.frontdoor.ivr.asterisk;

import static io.frontdoor.ivr.asterisk.AgiHarness.audio;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.ivr.asterisk.peer.AgiEnv;
import io.frontdoor.ivr.asterisk.peer.PeerCall;
import io.frontdoor.ivr.asterisk.peer.PeerChannel;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's own duties: connection lifecycle, rejecting bad env blocks, concurrency. */
@Timeout(60)
class AgiCallServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final AgiHarness harness = new AgiHarness(Duration.ofSeconds(1));

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void listensOnAnEphemeralLoopbackPortWhenAskedForZero() {
        assertNotEquals(0, harness.server.port());
    }

    @Test
    void startFailsClearlyWhenThePortIsTaken() {
        AgiCallServer second = new AgiCallServer(call -> { }, InetAddress.getLoopbackAddress(),
                harness.server.port(), Duration.ofSeconds(1));
        assertThrows(UncheckedIOException.class, second::start);
        second.close();
    }

    @Test
    void serverClosesTheSocketWhenTheHandlerReturnsAndSendsNothingElse() throws Exception {
        PeerChannel channel = harness.peer.dial(new PeerCall());

        assertTrue(channel.awaitClosedByServer(WAIT), "Asterisk never closes: the server must");
        assertEquals(List.of(), channel.commands(), "no AJ_AGISTATUS or other trailing command");
        harness.outcome();
    }

    @Test
    void handlerThatThrowsStillGetsItsSocketClosedAndTheServerServesOn() throws Exception {
        harness.script(call -> {
            throw new IllegalStateException("flow bug");
        });
        PeerChannel broken = harness.peer.dial(new PeerCall());
        assertTrue(broken.awaitClosedByServer(WAIT));
        harness.outcome();

        harness.script(call -> call.play(audio("ok"), ""));
        PeerChannel next = harness.peer.dial(new PeerCall());
        assertEquals("", harness.outcome().value());
        assertTrue(next.awaitClosedByServer(WAIT));
    }

    @Test
    void envBlockWithAGarbageLineIsRejectedBeforeTheHandler() throws Exception {
        String env = AgiEnv.block(new PeerCall(), "127.0.0.1:4573").replace("agi_type: PJSIP\n", "garbage\n");
        assertRejectedThenServerStillServes(harness.peer.dialRaw(env, false, WAIT));
    }

    @Test
    void envBlockWithoutUniqueIdIsRejected() throws Exception {
        String env = AgiEnv.block(new PeerCall(), "127.0.0.1:4573").replaceAll("agi_uniqueid: [^\n]*\n", "");
        assertRejectedThenServerStillServes(harness.peer.dialRaw(env, false, WAIT));
    }

    @Test
    void envBlockWithoutChannelOrRequestIsRejected() throws Exception {
        String env = AgiEnv.block(new PeerCall(), "127.0.0.1:4573")
                .replaceAll("agi_channel: [^\n]*\n", "").replaceAll("agi_request: [^\n]*\n", "");
        assertRejectedThenServerStillServes(harness.peer.dialRaw(env, false, WAIT));
    }

    @Test
    void envBlockCutByEofIsRejected() throws Exception {
        String env = AgiEnv.block(new PeerCall(), "127.0.0.1:4573");
        assertRejectedThenServerStillServes(harness.peer.dialRaw(env.substring(0, env.length() / 2), true, WAIT));
    }

    @Test
    void envBlockThatStallsBeforeItsBlankLineIsRejectedAfterTheReadTimeout() throws Exception {
        String env = AgiEnv.block(new PeerCall(), "127.0.0.1:4573");
        assertRejectedThenServerStillServes(harness.peer.dialRaw(env.substring(0, env.length() - 1), false, WAIT));
    }

    private void assertRejectedThenServerStillServes(PeerChannel bad) throws Exception {
        assertTrue(bad.awaitClosedByServer(WAIT), "server closes a rejected connection");
        assertEquals(List.of(), bad.commands());
        assertNull(harness.pollOutcome(Duration.ofMillis(200)), "a rejected connection never reaches the handler");
        assertEquals(0, harness.handled.get());

        harness.script(call -> call.id());
        PeerCall good = new PeerCall();
        PeerChannel next = harness.peer.dial(good);
        assertEquals(good.uniqueId(), harness.outcome().value());
        assertTrue(next.awaitClosedByServer(WAIT));
    }

    @Test
    void twoHundredParallelCallsAreAllServed() throws Exception {
        AtomicInteger inHandler = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        harness.script(call -> {
            peak.accumulateAndGet(inHandler.incrementAndGet(), Math::max);
            try {
                call.answer();
                String key = call.play(audio("welcome"), "1");
                String digits = call.collectDigits(audio("enter-account"), 4, Duration.ofSeconds(5));
                call.handOffToQueue("general", 1);
                return key + digits;
            } finally {
                inHandler.decrementAndGet();
            }
        });
        List<PeerChannel> channels = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            channels.add(harness.peer.dial(new PeerCall().keys("1", "1234")
                    .delay("STREAM FILE", Duration.ofMillis(300)).idleTimeout(Duration.ofSeconds(30))));
        }
        for (int i = 0; i < 200; i++) {
            AgiHarness.Outcome outcome = harness.outcome();
            assertNull(outcome.error());
            assertEquals("11234", outcome.value());
        }
        for (PeerChannel channel : channels) {
            assertTrue(channel.awaitClosedByServer(WAIT));
            assertEquals("queue", channel.variables().get("FRONTDOOR_ACTION"));
        }
        assertEquals(200, harness.handled.get());
        assertTrue(peak.get() > 1, "calls overlapped (one virtual thread each), peak " + peak.get());
    }
}
