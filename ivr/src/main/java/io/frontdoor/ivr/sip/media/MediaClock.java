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
    private final Thread thread;
    private volatile boolean running = true;

    public MediaClock() {
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

    private void run() {
        long next = System.nanoTime();
        while (running) {
            next += TICK_NANOS;
            for (Ticking t : streams) {
                try {
                    t.tick();
                } catch (RuntimeException e) {
                    log.warn("RTP stream tick failed: {}", e.toString());
                }
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (-wait > RESYNC_NANOS) {
                next = System.nanoTime();
            }
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
