package io.frontdoor.ivr.bench;

import io.frontdoor.ivr.sip.media.G711;
import io.frontdoor.ivr.sip.media.MediaClock;
import io.frontdoor.ivr.sip.media.MediaStats;
import io.frontdoor.ivr.sip.media.RtpSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The RTP clock alone under load, for finding what makes its sends late (a tool, not a test):
 * {@code streams} sessions in this JVM play audio without end to one sink socket that a thread of
 * this JVM drains; after a warm-up the clock's own figures ({@link MediaStats}) are printed.
 *
 * <p>Usage: {@code ClockLoad [streams=1000] [seconds=20] [lanes=0]} (0: one per core); {@code -DnoDrain=true}: nobody
 * reads the sink (the kernel drops what fills it), so a send costs no wake-up of a local reader.
 */
public final class ClockLoad {
    public static void main(String[] args) throws Exception {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int lanes = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        InetAddress lo = InetAddress.getLoopbackAddress();
        DatagramChannel sink = DatagramChannel.open();
        sink.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
        sink.bind(new InetSocketAddress(lo, 0));
        boolean drained = !Boolean.getBoolean("noDrain"); // -DnoDrain=true: the kernel drops what fills the sink
        Thread drain = Thread.ofPlatform().daemon().start(() -> {
            if (!drained) {
                return;
            }
            ByteBuffer b = ByteBuffer.allocateDirect(2048);
            try {
                while (true) {
                    b.clear();
                    sink.receive(b);
                }
            } catch (Exception e) {
                // closed
            }
        });
        byte[] audio = new byte[8000 * 3600]; // an hour: never ends during the run
        java.util.Arrays.fill(audio, G711.PCMU.silence());
        List<RtpSession> sessions = new ArrayList<>();
        try (MediaClock clock = new MediaClock(lanes)) {
            for (int i = 0; i < streams; i++) {
                RtpSession s = new RtpSession(clock, lo, new RtpSession.Listener() { });
                s.remote((InetSocketAddress) sink.getLocalAddress(), G711.PCMU, 101);
                s.play(audio);
                sessions.add(s);
            }
            Thread.sleep(5000); // warm-up
            clock.snapshot(true);
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long[] clockIds = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("rtp-clock"))
                    .mapToLong(Thread::threadId).toArray();
            java.util.function.LongSupplier cpu = () -> java.util.Arrays.stream(clockIds).map(threads::getThreadCpuTime).sum();
            long cpu0 = cpu.getAsLong();
            long ticks0 = clock.snapshot(false).ticks();
            Thread.sleep(seconds * 1000L);
            MediaStats.Snapshot s = clock.snapshot(true);
            double cpuPerTick = (cpu.getAsLong() - cpu0) / 1e6 / ((s.ticks() - ticks0) / (double) clock.lanes());
            System.out.printf("lanes=%d clock threads' CPU per 20 ms tick: %.2f ms (%.1f us per stream)%n", clock.lanes(),
                    cpuPerTick, cpuPerTick * 1000 / streams);
            MediaStats.Figures w = s.window();
            System.out.printf("streams=%d packets=%d resyncs=%d%n", s.streams(), w.sendLateness().count(), s.clockResyncs());
            System.out.println("send_jitter   " + w.sendJitter());
            System.out.println("send_lateness " + w.sendLateness());
            System.out.println("tick_wake     " + w.tickWake());
            System.out.println("tick_work     " + w.tickWork());
            sessions.forEach(RtpSession::close);
        }
        sink.close();
        drain.join(1000);
    }
}
