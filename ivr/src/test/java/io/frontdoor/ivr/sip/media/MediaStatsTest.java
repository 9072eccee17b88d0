package io.frontdoor.ivr.sip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The send-side measurement: what the clock counts and records for the packets it sends (counts
 * and consistency of the figures, never how fast: the machine is shared).
 */
class MediaStatsTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static void receive(DatagramSocket peer, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            peer.receive(new DatagramPacket(new byte[1500], 1500));
        }
    }

    private static void consistent(MediaStats.Percentiles p) {
        assertTrue(p.p50() >= 0 && p.p50() <= p.p90() && p.p90() <= p.p99() && p.p99() <= p.p999()
                && p.p999() <= p.max(), p.toString());
    }

    @ParameterizedTest(name = "{0} lane(s)")
    @ValueSource(ints = {1, 2})
    void everyPacketSentOnTheBeatIsMeasuredAndTheWindowRestarts(int lanes) throws Exception {
        byte[] audio = new PromptAudio().encoded(Path.of("../prompts/en/goodbye.wav").toAbsolutePath(), G711.PCMU);
        int frames = (audio.length + 159) / 160;
        BlockingQueue<Long> done = new LinkedBlockingQueue<>();
        RtpSession.Listener listener = new RtpSession.Listener() {
            @Override
            public void played(long id, boolean completed) {
                done.add(id);
            }
        };
        try (MediaClock clock = new MediaClock(lanes); DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                RtpSession a = new RtpSession(clock, LOOPBACK, listener);
                RtpSession b = new RtpSession(clock, LOOPBACK, listener);
                RtpSession held = new RtpSession(clock, LOOPBACK, listener)) {
            peer.setSoTimeout(10_000);
            InetSocketAddress to = new InetSocketAddress(LOOPBACK, peer.getLocalPort());
            for (RtpSession s : new RtpSession[] {a, b, held}) {
                s.remote(to, G711.PCMU, 101);
            }
            held.sending(false); // on hold: ticks, sends nothing, so nothing of it is measured
            assertEquals(lanes, clock.lanes());
            MediaStats.Snapshot before = clock.snapshot(true);
            assertEquals(3, before.streams());
            assertEquals(0, before.packetsSent());

            a.play(audio);
            b.play(audio);
            held.play(audio);
            receive(peer, 2 * frames);
            for (int i = 0; i < 3; i++) {
                assertTrue(done.poll(10, TimeUnit.SECONDS) != null, "the three prompts end");
            }
            MediaStats.Snapshot s = clock.snapshot(true);
            assertEquals(2L * frames, s.packetsSent());
            assertEquals(2L * frames, a.packetsSent() + b.packetsSent());
            assertEquals(0, held.packetsSent());
            MediaStats.Figures w = s.window();
            assertEquals(2L * frames, w.sendLateness().count(), "one lateness per packet");
            // a stream's first packet has no previous one; each later one follows on the next tick
            assertEquals(2L * (frames - 1), w.sendJitter().count(), "one gap per pair of consecutive packets");
            // a tick may fall between the reads of the two measures: one apart at most per lane; and
            // a tick that woke before the window was reset may carry the first frames into it
            assertTrue(w.tickWake().count() >= frames - lanes
                    && Math.abs(w.tickWork().count() - w.tickWake().count()) <= lanes, w.toString());
            assertTrue(s.ticks() >= s.total().tickWake().count(), "ticks counted");
            consistent(w.sendLateness());
            consistent(w.sendJitter());
            consistent(w.tickWake());
            consistent(w.tickWork());
            assertEquals(w.sendLateness().count(), s.total().sendLateness().count(), "nothing was sent before the window");

            MediaStats.Snapshot after = clock.snapshot(false);
            assertEquals(0, after.window().sendLateness().count(), "a new window starts with nothing sent");
            assertEquals(2L * frames, after.total().sendLateness().count(), "the total keeps everything");
            assertTrue(!after.window().since().isBefore(s.window().since()));

            byte[] relayed = new byte[172];
            relayed[0] = (byte) 0x80;
            a.forward(java.nio.ByteBuffer.wrap(relayed));
            receive(peer, 1);
            MediaStats.Snapshot last = clock.snapshot(false);
            assertEquals(1, last.packetsRelayed(), "relayed packets are counted apart");
            assertEquals(2L * frames, last.packetsSent(), "and not as sent on the beat");
        }
    }
}
