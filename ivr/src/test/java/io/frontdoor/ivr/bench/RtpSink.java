package io.frontdoor.ivr.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;

/**
 * The far end of every call's media in {@code scripts/bench-sip}: one UDP socket that the bench
 * calls' SDP names, receiving the RTP FrontDoor sends. For each stream (SSRC) it measures the gap
 * between consecutive packets of a prompt (next sequence number, no marker) and reports how far
 * the gaps stray from 20 ms (send jitter as the receiver sees it), the most streams live at once
 * (a stream counts as live for 1.5 s after its last packet: the bench flow waits 1 s for a key
 * between prompts) and the sequence gaps (lost packets).
 *
 * Allocation-free per packet, and the first 3 s (its own JIT warm-up) are not measured.
 *
 * <p>Usage: {@code RtpSink <port> <seconds>}; prints one line {@code key=value ...} at the end.
 */
public final class RtpSink {
    private static final long TICK = 20_000_000L;
    /** A stream counts as live this long after its last packet (the bench flow pauses 1 s between prompts). */
    private static final long LIVE = 1_500_000_000L;

    /** Streams by SSRC in an open-addressing table: no allocation per packet (no GC in the measurement). */
    private static final int SLOTS = 1 << 16;
    private static final long[] keys = new long[SLOTS];
    private static final long[] lastArrival = new long[SLOTS];
    private static final int[] lastSequence = new int[SLOTS];
    private static final boolean[] used = new boolean[SLOTS];

    private static int slot(long ssrc) {
        int i = (int) ((ssrc * 0x9E3779B97F4A7C15L) >>> 48) & (SLOTS - 1);
        while (used[i] && keys[i] != ssrc) {
            i = (i + 1) & (SLOTS - 1);
        }
        return i;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        // the first seconds warm the sink's own code up (JIT): their gaps are not counted
        long measureFrom = start + 3_000_000_000L;
        long[] deviations = new long[1 << 23];
        int n = 0;
        long packets = 0;
        long lost = 0;
        int peak = 0;
        int streams = 0;
        long nextCount = start + 200_000_000L;
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 16 << 20);
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            ch.configureBlocking(false);
            ByteBuffer buf = ByteBuffer.allocateDirect(2048);
            while (true) {
                long now = System.nanoTime();
                if (now > end) {
                    break;
                }
                if (now > nextCount) {
                    int live = 0;
                    for (int i = 0; i < SLOTS; i++) {
                        if (used[i] && now - lastArrival[i] < LIVE) {
                            live++;
                        }
                    }
                    peak = Math.max(peak, live);
                    nextCount = now + 200_000_000L;
                }
                buf.clear();
                if (ch.receive(buf) == null) {
                    Thread.onSpinWait();
                    continue;
                }
                now = System.nanoTime();
                int length = buf.position();
                if (length < 12 || (buf.get(0) & 0xc0) != 0x80) {
                    continue;
                }
                packets++;
                boolean marker = (buf.get(1) & 0x80) != 0;
                int sequence = buf.getShort(2) & 0xffff;
                long ssrc = buf.getInt(8) & 0xffffffffL;
                int i = slot(ssrc);
                if (!used[i]) {
                    if (streams < SLOTS / 2) {
                        used[i] = true;
                        keys[i] = ssrc;
                        lastArrival[i] = now;
                        lastSequence[i] = sequence;
                        streams++;
                    }
                    continue;
                }
                int expected = (lastSequence[i] + 1) & 0xffff;
                if (sequence == expected && !marker) {
                    if (now > measureFrom && n < deviations.length) {
                        deviations[n++] = Math.abs(now - lastArrival[i] - TICK);
                    }
                } else if (sequence != expected) {
                    lost += (sequence - expected) & 0xffff;
                }
                lastArrival[i] = now;
                lastSequence[i] = sequence;
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
