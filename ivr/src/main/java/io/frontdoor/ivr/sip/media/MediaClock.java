package io.frontdoor.ivr.sip.media;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 20 ms beat every RTP stream sends on: a few platform threads (lanes, one per core by
 * default) wake at absolute deadlines (start + n × 20 ms, so errors do not add up; lane i of k
 * starts i × 20/k ms later, so the lanes take turns) and each gives its streams their tick. A thousand calls cost a thousand short sends per tick, shared
 * by the lanes, not a thousand sleepers. A stream stays on one lane, at its place in that lane's
 * order, so its packets leave at the same offset in every tick.
 *
 * <p>Each send is a system call (Java has no {@code sendmmsg}): about 5–8 µs of CPU on a small
 * virtual machine, so one lane alone spends 5–8 ms of every 20 ms tick on 1,000 streams and its
 * last streams leave that late. Several lanes split that work; taking turns rather than sending at
 * the same instant cut the send jitter p99 from 4.8–5.0 to 3.7–4.2 ms in {@code bench-sip}.
 */
public final class MediaClock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaClock.class);
    public static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Further behind than this (a long GC pause), the clock starts afresh instead of bursting. */
    private static final long RESYNC_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Most lanes a clock runs. */
    public static final int MAX_LANES = 8;

    /** Something that sends on the beat. */
    public interface Ticking {
        /** Called on its lane's thread every 20 ms: must not block. */
        void tick();
    }

    /** One thread of the clock and the streams it ticks. */
    final class Lane {
        private final CopyOnWriteArrayList<Ticking> streams = new CopyOnWriteArrayList<>();
        private final MediaStats.Writer stats = MediaClock.this.stats.writer();
        private final Thread thread;
        // written and read by the lane's thread only
        private long deadline;
        private long tickIndex;

        Lane(int n, long start) {
            // Linux ignores Java priorities unless scripts/frontdoor maps this one to nice -20; the
            // SIP stack's threads are kept at normal priority (SipEndpoint) so they do not share it
            thread = Thread.ofPlatform().daemon().name(n == 0 ? "rtp-clock" : "rtp-clock-" + n)
                    .priority(Thread.MAX_PRIORITY).start(() -> run(start));
        }

        void add(Ticking t) {
            streams.add(t);
        }

        void remove(Ticking t) {
            streams.remove(t);
        }

        MediaStats.Writer stats() {
            return stats;
        }

        /** The scheduled time ({@link System#nanoTime}) of the tick in progress: on the lane's thread. */
        long deadline() {
            return deadline;
        }

        /** The number of the tick in progress (consecutive ticks have consecutive numbers): on the lane's thread. */
        long tickIndex() {
            return tickIndex;
        }

        private void run(long start) {
            if (realtimePriority > 0) {
                String refused = RealtimeScheduling.applyToCurrentThread(realtimePriority);
                if (refused == null) {
                    log.info("{} runs in the real-time class (SCHED_FIFO {})", Thread.currentThread().getName(), realtimePriority);
                } else {
                    log.info("{} stays in the normal scheduling class ({}); it needs root or CAP_SYS_NICE",
                            Thread.currentThread().getName(), refused);
                }
            }
            scheduled.countDown();
            long next = start;
            while (running) {
                long now = System.nanoTime();
                while (now < next && running) { // parkNanos may return early: never tick before the deadline
                    LockSupport.parkNanos(next - now);
                    now = System.nanoTime();
                }
                deadline = next; // a late tick is measured against the deadline it missed
                tickIndex++;
                for (Ticking t : streams) {
                    try {
                        t.tick();
                    } catch (RuntimeException e) {
                        log.warn("RTP stream tick failed: {}", e.toString());
                    }
                }
                long done = System.nanoTime();
                boolean resync = now - next > RESYNC_NANOS;
                stats.tick(now - next, done - now, resync);
                // further behind than RESYNC_NANOS (a long pause) the beat starts afresh instead of bursting
                next = resync ? now + TICK_NANOS : next + TICK_NANOS;
            }
        }
    }

    private final MediaStats stats = new MediaStats();
    private final Lane[] lanes;
    private final int realtimePriority;
    /** Counted down by each lane once its scheduling class is settled (chrt has exited). */
    private final java.util.concurrent.CountDownLatch scheduled;
    private volatile boolean running = true;

    /** One lane. */
    public MediaClock() {
        this(1);
    }

    /** {@code lanes} threads (0: one per core, at most {@link #MAX_LANES}). */
    public MediaClock(int lanes) {
        this(lanes, 0);
    }

    /**
     * @param lanes            threads (0: one per core, at most {@link #MAX_LANES})
     * @param realtimePriority {@code SCHED_FIFO} priority the lanes ask for (1–99; 0: they stay
     *                         in the normal class), see {@link RealtimeScheduling}
     */
    public MediaClock(int lanes, int realtimePriority) {
        if (realtimePriority < 0 || realtimePriority > 99) {
            throw new IllegalArgumentException("realtimePriority must be 0 (off) or 1-99: " + realtimePriority);
        }
        this.realtimePriority = realtimePriority;
        int n = lanes > 0 ? Math.min(lanes, MAX_LANES) : Math.min(Runtime.getRuntime().availableProcessors(), MAX_LANES);
        this.scheduled = new java.util.concurrent.CountDownLatch(n);
        long start = System.nanoTime() + TICK_NANOS;
        this.lanes = new Lane[n];
        for (int i = 0; i < n; i++) {
            // lanes take turns within the 20 ms (two lanes: 10 ms apart), so their bursts of sends
            // do not contend for the cores and the kernel's loopback work at the same instant
            this.lanes[i] = new Lane(i, start + i * TICK_NANOS / n);
        }
        if (realtimePriority > 0) {
            // chrt runs as a child process, which holds copies of this process's open descriptors
            // until it has started: a port the caller probes, closes and binds next (SipEndpoint's
            // free-port search) could be held by it for that moment. Return once every chrt is done.
            try {
                if (!scheduled.await(5, TimeUnit.SECONDS)) {
                    log.warn("the RTP clock's lanes took over 5 s to settle their scheduling class");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The lane with the fewest streams: where a new stream goes (it then {@link Lane#add}s itself). */
    Lane lane() {
        Lane best = lanes[0];
        for (Lane l : lanes) {
            if (l.streams.size() < best.streams.size()) {
                best = l;
            }
        }
        return best;
    }

    /** The clock's threads. */
    public int lanes() {
        return lanes.length;
    }

    /** Streams on the beat now. */
    public int size() {
        int n = 0;
        for (Lane l : lanes) {
            n += l.streams.size();
        }
        return n;
    }

    /** What the clock measures about its own sends (see {@link MediaStats}). */
    public MediaStats stats() {
        return stats;
    }

    /** {@link MediaStats#snapshot} with the number of streams on the beat now. */
    public MediaStats.Snapshot snapshot(boolean restartWindow) {
        return stats.snapshot(size(), restartWindow);
    }

    @Override
    public void close() {
        running = false;
        for (Lane l : lanes) {
            LockSupport.unpark(l.thread);
        }
        for (Lane l : lanes) {
            try {
                l.thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
