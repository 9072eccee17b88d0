package io.frontdoor.ivr.sip.media;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * How well the {@link MediaClock} keeps time, measured where the packets leave: for every RTP
 * packet sent on the beat (prompts, silence-free audio, RFC 4733 digits; not packets relayed
 * between two bridged legs, which follow the other leg's timing),
 * <ul>
 *   <li><b>send lateness</b>: the time {@code send} returned minus the tick's scheduled deadline
 *   (clock start + n × 20 ms). It holds everything that delays a packet: the clock thread waking
 *   late (load, GC), and the sends before it in the same tick. A clock more than 200 ms behind
 *   starts afresh, but the tick that notices it is still measured against its original deadline.</li>
 *   <li><b>send jitter</b>: for two packets of one stream sent on consecutive ticks, how far the
 *   time between their sends strays from 20 ms ({@code |gap - 20 ms|}); what a receiver's jitter
 *   buffer sees, less the network.</li>
 * </ul>
 * and for every tick of every lane (thread) of the clock, how late it woke ({@code wake}) and how
 * long its round of sends took ({@code work}).
 *
 * <p>Values are recorded in microseconds into HdrHistograms (3 significant digits, up to 60 s) by
 * each lane's thread in recorders of its own (single-writer: no lock, no allocation per packet); readers
 * take interval histograms and add them up, since start and in a window that {@link #snapshot}
 * can restart.
 */
public final class MediaStats {
    private static final long HIGHEST_MICROS = 60_000_000L;
    private static final long TICK_MICROS = MediaClock.TICK_NANOS / 1000;

    /** The four measures, in the order of {@link Figures}. */
    private enum Measure { LATENESS, JITTER, WAKE, WORK }

    private final java.util.List<Writer> writers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Histogram[] total = new Histogram[Measure.values().length];
    private final Histogram[] window = new Histogram[total.length];
    private final LongAdder relayed = new LongAdder();
    private final Instant since = Instant.now();
    private Instant windowSince = since;

    public MediaStats() {
        for (int i = 0; i < total.length; i++) {
            total[i] = new Histogram(HIGHEST_MICROS, 3);
            window[i] = new Histogram(HIGHEST_MICROS, 3);
        }
    }

    /** A new writer, for one sending thread (a lane of the clock). */
    Writer writer() {
        Writer w = new Writer();
        writers.add(w);
        return w;
    }

    /** What one sending thread records: only that thread calls its methods (single-writer recorders). */
    static final class Writer {
        private final SingleWriterRecorder[] recorders = new SingleWriterRecorder[Measure.values().length];
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong ticks = new AtomicLong();
        private final AtomicLong resyncs = new AtomicLong();

        private Writer() {
            for (int i = 0; i < recorders.length; i++) {
                recorders[i] = new SingleWriterRecorder(HIGHEST_MICROS, 3);
            }
        }

        /**
         * One packet sent on the beat.
         *
         * @param latenessNanos  send time minus the tick's deadline
         * @param gapNanos       time since the same stream's packet of the previous tick, or a
         *                       negative value when it sent nothing on the previous tick
         */
        void packetSent(long latenessNanos, long gapNanos) {
            sent.incrementAndGet();
            record(Measure.LATENESS, Math.max(0, latenessNanos) / 1000);
            if (gapNanos >= 0) {
                record(Measure.JITTER, Math.abs(gapNanos / 1000 - TICK_MICROS));
            }
        }

        /** One tick: how late the lane woke, how long its sends took, whether it had to start afresh. */
        void tick(long wakeLateNanos, long workNanos, boolean resynced) {
            ticks.incrementAndGet();
            record(Measure.WAKE, Math.max(0, wakeLateNanos) / 1000);
            record(Measure.WORK, Math.max(0, workNanos) / 1000);
            if (resynced) {
                resyncs.incrementAndGet();
            }
        }

        private void record(Measure m, long micros) {
            recorders[m.ordinal()].recordValue(Math.min(micros, HIGHEST_MICROS));
        }
    }

    /** A packet relayed between two bridged legs (any thread; not timed: it follows the other leg). */
    void packetRelayed() {
        relayed.increment();
    }

    // --- readers

    /** Percentiles of one measure, in milliseconds. */
    public record Percentiles(long count, double p50, double p90, double p99, double p999, double max, double mean) {
        static Percentiles of(Histogram h) {
            return new Percentiles(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                    ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
                    h.getTotalCount() == 0 ? 0 : Math.round(h.getMean()) / 1000.0);
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }

    /** The four measures over one stretch of time, from {@code since}. */
    public record Figures(Instant since, Percentiles sendLateness, Percentiles sendJitter, Percentiles tickWake,
            Percentiles tickWork) {
    }

    /**
     * Counters and figures now.
     *
     * @param streams  streams on the beat now
     * @param clockThreads the clock's lanes (threads sending on the beat)
     * @param ticks    ticks so far, summed over the clock's lanes
     * @param total    since the clock started
     * @param window   since the window was last restarted (the start, or the last {@code restartWindow})
     */
    public record Snapshot(int streams, int clockThreads, long packetsSent, long packetsRelayed, long ticks,
            long clockResyncs, Figures total, Figures window) {
    }

    /**
     * What has been measured so far.
     *
     * @param restartWindow the window is closed with this snapshot and a new one starts
     */
    public synchronized Snapshot snapshot(int streams, boolean restartWindow) {
        long sent = 0;
        long ticks = 0;
        long resyncs = 0;
        for (Writer w : writers) {
            for (int i = 0; i < total.length; i++) {
                Histogram interval = w.recorders[i].getIntervalHistogram();
                total[i].add(interval);
                window[i].add(interval);
            }
            sent += w.sent.get();
            ticks += w.ticks.get();
            resyncs += w.resyncs.get();
        }
        Figures t = figures(since, total);
        Figures w = figures(windowSince, window);
        if (restartWindow) {
            for (Histogram h : window) {
                h.reset();
            }
            windowSince = Instant.now();
        }
        return new Snapshot(streams, writers.size(), sent, relayed.sum(), ticks, resyncs, t, w);
    }

    private static Figures figures(Instant from, Histogram[] h) {
        return new Figures(from, Percentiles.of(h[0]), Percentiles.of(h[1]), Percentiles.of(h[2]), Percentiles.of(h[3]));
    }
}
