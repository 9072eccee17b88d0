package io.frontdoor.ivr.sip.media;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one 20 ms beat every RTP stream sends on: a single platform thread wakes at absolute
 * deadlines (start + n × 20 ms, so errors do not add up) and gives each stream its tick. A
 * thousand calls cost one thread and a thousand short sends per tick, not a thousand sleepers.
 */
public final class MediaClock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaClock.class);
    public static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Further behind than this (a long GC pause), the clock starts afresh instead of bursting. */
    private static final long RESYNC_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** Something that sends on the beat. */
    public interface Ticking {
        /** Called on the clock thread every 20 ms: must not block. */
        void tick();
    }

    private final CopyOnWriteArrayList<Ticking> streams = new CopyOnWriteArrayList<>();
    private final MediaStats stats = new MediaStats();
    private final Thread thread;
    private volatile boolean running = true;
    // written and read by the clock thread only
    private long deadline;
    private long tickIndex;

    public MediaClock() {
        // the priority is a hint Linux ignores without privileges; kept for platforms that honour it
        thread = Thread.ofPlatform().daemon().name("rtp-clock").priority(Thread.MAX_PRIORITY).start(this::run);
    }

    void add(Ticking t) {
        streams.add(t);
    }

    void remove(Ticking t) {
        streams.remove(t);
    }

    /** Streams on the beat now. */
    public int size() {
        return streams.size();
    }

    /** What the clock measures about its own sends (see {@link MediaStats}). */
    public MediaStats stats() {
        return stats;
    }

    /** {@link MediaStats#snapshot} with the number of streams on the beat now. */
    public MediaStats.Snapshot snapshot(boolean restartWindow) {
        return stats.snapshot(size(), restartWindow);
    }

    /** The scheduled time ({@link System#nanoTime}) of the tick in progress: for the streams, on the clock thread. */
    long deadline() {
        return deadline;
    }

    /** The number of the tick in progress (consecutive ticks have consecutive numbers): on the clock thread. */
    long tickIndex() {
        return tickIndex;
    }

    private void run() {
        long next = System.nanoTime();
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

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
