package io.frontdoor.ivr.bench;

import io.frontdoor.ivr.sip.media.RtpPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The far end of every call's media in {@code scripts/bench-sip}: one UDP socket that the bench
 * calls' SDP names, receiving the RTP FrontDoor sends. For each stream (SSRC) it measures the gap
 * between consecutive packets of a prompt (next sequence number, no marker) and reports how far
 * the gaps stray from 20 ms (send jitter as the receiver sees it), the most streams live at once
 * (a stream counts as live for 200 ms after its last packet) and the sequence gaps (lost packets).
 *
 * <p>Usage: {@code RtpSink <port> <seconds>}; prints one line {@code key=value ...} at the end.
 */
public final class RtpSink {
    private static final long TICK = 20_000_000L;

    private record Stream(long[] last) {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Map<Long, long[]> streams = new HashMap<>(); // ssrc -> {last arrival nanos, last sequence}
        long[] deviations = new long[1 << 22];
        int n = 0;
        long packets = 0;
        long lost = 0;
        int peak = 0;
        long nextCount = System.nanoTime() + 200_000_000L;
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 16 << 20);
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            ch.configureBlocking(false);
            ByteBuffer buf = ByteBuffer.allocate(2048);
            byte[] data = buf.array();
            while (System.nanoTime() < end) {
                buf.clear();
                if (ch.receive(buf) == null) {
                    Thread.onSpinWait();
                    long now = System.nanoTime();
                    if (now > nextCount) {
                        long live = streams.values().stream().filter(s -> now - s[0] < 200_000_000L).count();
                        peak = (int) Math.max(peak, live);
                        streams.values().removeIf(s -> now - s[0] > 5_000_000_000L);
                        nextCount = now + 200_000_000L;
                    }
                    continue;
                }
                long now = System.nanoTime();
                RtpPacket p = RtpPacket.parse(data, buf.position());
                if (p == null) {
                    continue;
                }
                packets++;
                long[] s = streams.get(p.ssrc());
                if (s == null) {
                    streams.put(p.ssrc(), new long[] {now, p.sequence()});
                    continue;
                }
                int expected = (int) ((s[1] + 1) & 0xffff);
                if (p.sequence() == expected && !p.marker()) {
                    if (n < deviations.length) {
                        deviations[n++] = Math.abs(now - s[0] - TICK);
                    }
                } else if (p.sequence() != expected) {
                    lost += (p.sequence() - expected) & 0xffff;
                }
                s[0] = now;
                s[1] = p.sequence();
                if (now > nextCount) {
                    long live = streams.values().stream().filter(x -> now - x[0] < 200_000_000L).count();
                    peak = (int) Math.max(peak, live);
                    nextCount = now + 200_000_000L;
                }
            }
        }
        Arrays.sort(deviations, 0, n);
        double p50 = n == 0 ? 0 : deviations[n / 2] / 1e6;
        double p99 = n == 0 ? 0 : deviations[(int) Math.min(n - 1, Math.floor(n * 0.99))] / 1e6;
        double max = n == 0 ? 0 : deviations[n - 1] / 1e6;
        System.out.printf("packets=%d streams_peak=%d gaps_measured=%d jitter_p50_ms=%.2f jitter_p99_ms=%.2f"
                + " jitter_max_ms=%.2f lost=%d%n", packets, peak, n, p50, p99, max, lost);
    }
}
