package io.frontdoor.ivr.speech;

import io.frontdoor.ivr.call.Utterance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of recognizers shared by every call. Each holds its own model (~90 MB), so the
 * size is configuration ({@code speech.pool-size}). They are loaded one after another on a
 * background thread once {@link #warmUp()} is called, so the server starts at once and speech
 * menus stay keys-only until the first one is ready.
 *
 * <p>A call waits at most {@code acquireTimeout} for a free recognizer; a call that gets none in
 * time is told so at once ({@link Optional#empty()}) and its menu goes on with keys only.
 */
public final class RecognizerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecognizerPool.class);

    private final int size;
    private final Duration acquireTimeout;
    private final Supplier<? extends SpeechRecognizer> factory;
    private final BlockingQueue<SpeechRecognizer> idle;
    private final AtomicInteger loaded = new AtomicInteger();
    private final AtomicInteger busyRefusals = new AtomicInteger();
    private final List<SpeechRecognizer> all = new ArrayList<>();
    private volatile Thread warmer;
    private volatile boolean closed;

    /**
     * @param size           recognizers to load (1-64)
     * @param acquireTimeout longest a call waits for a free one
     * @param factory        makes one recognizer (slow: loads a model)
     */
    public RecognizerPool(int size, Duration acquireTimeout, Supplier<? extends SpeechRecognizer> factory) {
        if (size < 1 || size > 64) {
            throw new IllegalArgumentException("pool size must be 1 to 64, not " + size);
        }
        this.size = size;
        this.acquireTimeout = acquireTimeout;
        this.factory = factory;
        this.idle = new ArrayBlockingQueue<>(size);
    }

    /** Starts loading the recognizers in the background (once); returns at once. */
    public synchronized RecognizerPool warmUp() {
        if (warmer == null && !closed) {
            warmer = Thread.ofVirtual().name("speech-warm-up").start(this::loadAll);
        }
        return this;
    }

    /** Loads every recognizer now, on the caller's thread (tools and benchmarks). */
    public RecognizerPool warmUpNow() {
        warmUp();
        try {
            warmer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    private void loadAll() {
        for (int i = 0; i < size && !closed; i++) {
            long started = System.nanoTime();
            try {
                SpeechRecognizer r = factory.get();
                synchronized (all) {
                    all.add(r);
                }
                loaded.incrementAndGet();
                idle.add(r);
                LOG.info("speech recognizer {}/{} ready in {} ms", i + 1, size, (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException | Error e) {
                if (closed) {
                    LOG.debug("speech recognizer {}/{} not loaded: the pool closed meanwhile ({})", i + 1, size, e.toString());
                    return;
                }
                LOG.error("speech recognizer {}/{} could not be loaded; {} serve calls: {}", i + 1, size, loaded.get(),
                        e.toString());
                return;
            }
        }
    }

    /** Whether {@link #warmUp()} was called (the recognizers are loading or loaded). */
    public boolean loading() {
        return warmer != null;
    }

    /** Whether at least one recognizer is loaded (until then speech menus are keys-only). */
    public boolean ready() {
        return loaded.get() > 0 && !closed;
    }

    /** Recognizers loaded so far. */
    public int loaded() {
        return loaded.get();
    }

    /** Configured size. */
    public int size() {
        return size;
    }

    /** How many recognitions found no free recognizer in time since start. */
    public int busyRefusals() {
        return busyRefusals.get();
    }

    /**
     * Recognises with a free recognizer, waiting at most the acquire timeout for one.
     *
     * @return the recognition, or empty when no recognizer was free in time (or none is loaded)
     */
    public Optional<Recognition> recognize(Utterance utterance, Grammar grammar) {
        if (!ready()) {
            return Optional.empty();
        }
        SpeechRecognizer r;
        try {
            r = idle.poll(acquireTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (r == null) {
            busyRefusals.incrementAndGet();
            return Optional.empty();
        }
        try {
            return Optional.of(r.recognize(utterance, grammar));
        } finally {
            idle.add(r);
        }
    }

    @Override
    public void close() {
        closed = true;
        idle.clear();
    }
}
