package io.frontdoor.callback.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionLog;
import io.frontdoor.callback.customer.InteractionQuery;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An interaction log that never holds a call and never loses an entry when the database is down.
 * {@link #record} returns at once: the write runs on its own virtual thread with a deadline, and
 * what the store refuses or does not take in time (a hung database answers nothing at all) is
 * appended, fsynced, to a spool file in the data directory. Spooled entries are written to the
 * store once it answers again — by a background retry every few seconds and at the next start.
 * Replays are idempotent (the store ignores a (channel, ref) it already has), so a crash between
 * writing the store and trimming the spool, or a late write racing its spooled copy, duplicates
 * nothing.
 */
public final class SpoolingInteractionLog implements InteractionLog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpoolingInteractionLog.class);
    /** How long the writer waits for company before writing a small batch. */
    private static final Duration LINGER = Duration.ofMillis(10);
    /** A batch this big or bigger is written at once. */
    private static final int LINGER_BELOW = 100;

    private final InteractionLog store;
    private final Path spool;
    private final ObjectMapper json;
    private final Object lock = new Object();
    private final Object flushing = new Object();
    private final Duration storeTimeout;
    private final java.util.concurrent.ExecutorService writers =
            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final Thread retrier;
    private volatile boolean closing;
    private final java.util.concurrent.ConcurrentLinkedQueue<Interaction> pending =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private boolean writing;

    /**
     * @param store    the database log
     * @param spoolDir directory for {@code interactions.jsonl}
     * @param retry    how often to retry writing spooled entries
     */
    public SpoolingInteractionLog(InteractionLog store, Path spoolDir, Duration retry) {
        this(store, spoolDir, retry, Duration.ofSeconds(3));
    }

    /**
     * @param storeTimeout how long one write may take before its entry is spooled instead
     */
    public SpoolingInteractionLog(InteractionLog store, Path spoolDir, Duration retry, Duration storeTimeout) {
        this.store = store;
        this.storeTimeout = storeTimeout;
        this.spool = spoolDir.resolve("interactions.jsonl");
        this.json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        try {
            Files.createDirectories(spoolDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create spool directory " + spoolDir + ": " + e.getMessage(), e);
        }
        this.retrier = Thread.ofVirtual().name("interaction-spool").start(() -> retryLoop(retry));
    }

    /** Hands the entry over and returns at once; see the class comment. */
    @Override
    public void record(Interaction interaction) {
        inFlight.incrementAndGet();
        pending.add(interaction);
        synchronized (pending) {
            if (!writing) {
                writing = true;
                writers.execute(this::drain);
            }
        }
    }

    /**
     * Group commit: one writer at a time takes everything handed over so far (up to 500) and writes
     * it in one transaction; entries arriving meanwhile go in the next batch. Under load this turns
     * a commit (a disk write) per entry into one per batch. The writer lingers {@link #LINGER}
     * before a small batch so calls ending close together share a commit (the entry is written
     * after the call ended: no caller waits for it).
     */
    private void drain() {
        List<Interaction> batch = new java.util.ArrayList<>();
        while (true) {
            if (inFlight.get() < LINGER_BELOW) {
                try {
                    Thread.sleep(LINGER);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (pending) {
                if (pending.isEmpty()) {
                    writing = false;
                    return;
                }
            }
            batch.clear();
            for (Interaction i; batch.size() < 500 && (i = pending.poll()) != null; ) {
                batch.add(i);
            }
            try {
                writeToStore(batch);
            } catch (RuntimeException e) {
                batch.forEach(i -> spool(i, e));
            } finally {
                inFlight.addAndGet(-batch.size());
            }
        }
    }

    /** Writes entries to the store or throws; a write past the deadline counts as a failure. */
    private void writeToStore(List<Interaction> batch) {
        List<Interaction> copy = List.copyOf(batch);
        var write = writers.submit(() -> store.recordAll(copy));
        try {
            write.get(storeTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // the write may still land later; its spooled copy is then skipped as a duplicate
            throw new StoreUnavailableException("no answer from the store within " + storeTimeout.toMillis() + " ms", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new StoreUnavailableException("store", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted", e);
        }
    }

    /**
     * Waits until every entry handed to {@link #record} is either in the store or in the spool.
     *
     * @return whether that happened within the timeout
     */
    public boolean awaitWritten(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Override
    public List<Interaction> find(InteractionQuery query) {
        return store.find(query);
    }

    /** Entries waiting in the spool for the store to come back. */
    public int pending() {
        synchronized (lock) {
            return (int) readLines().stream().filter(l -> !l.isBlank()).count();
        }
    }

    /**
     * Writes spooled entries to the store, oldest first; stops at the first failure.
     *
     * @return how many were written
     */
    public int flush() {
        synchronized (flushing) {
            List<String> lines;
            synchronized (lock) {
                lines = readLines();
            }
            int done = 0;
            int written = 0;
            for (String line : lines) {
                Interaction i = parse(line, done + 1);
                if (i != null) {
                    try {
                        writeToStore(List.of(i));
                        written++;
                    } catch (RuntimeException e) {
                        log.debug("store still unavailable, {} spooled line(s) stay", lines.size() - done);
                        break;
                    }
                }
                done++;
            }
            if (done > 0) {
                synchronized (lock) {
                    // entries appended while we talked to the store stay after the ones we wrote
                    List<String> now = readLines();
                    rewrite(now.subList(Math.min(done, now.size()), now.size()));
                }
                if (written > 0) {
                    log.info("wrote {} spooled interaction(s) to the store; {} still waiting", written,
                            lines.size() - done);
                }
            }
            return written;
        }
    }

    private void spool(Interaction interaction, RuntimeException cause) {
        synchronized (lock) {
            try (FileChannel ch = FileChannel.open(spool, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                byte[] line = (json.writeValueAsString(interaction) + "\n").getBytes(StandardCharsets.UTF_8);
                ch.write(java.nio.ByteBuffer.wrap(line));
                ch.force(true);
                log.warn("store unavailable ({}); {} spooled to {}, written when the store is back",
                        rootMessage(cause), interaction, spool);
            } catch (IOException e) {
                log.error("LOST {}: store unavailable ({}) and spool not writable ({})", interaction,
                        rootMessage(cause), e.getMessage());
            }
        }
    }

    private List<String> readLines() {
        if (!Files.exists(spool)) {
            return new ArrayList<>();
        }
        try {
            return new ArrayList<>(Files.readAllLines(spool, StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.error("cannot read spool {}: {}", spool, e.getMessage());
            return new ArrayList<>();
        }
    }

    private Interaction parse(String line, int lineNo) {
        if (line.isBlank()) {
            return null;
        }
        try {
            return json.readValue(line, Interaction.class);
        } catch (IOException e) {
            // a torn last line from a crash mid-append: that entry never completed
            log.error("spool {} line {} unreadable, skipped: {}", spool, lineNo, e.getMessage());
            return null;
        }
    }

    private void rewrite(List<String> remaining) {
        try {
            Path tmp = spool.resolveSibling(spool.getFileName() + ".tmp");
            StringBuilder sb = new StringBuilder();
            for (String line : remaining) {
                sb.append(line).append('\n');
            }
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, spool, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.error("cannot trim spool {} (entries may be written again, which is harmless): {}", spool,
                    e.getMessage());
        }
    }

    /**
     * Retries the spool until closed. Stopped by a flag, never by an interrupt: an interrupt that
     * lands inside the embedded database's file I/O closes the database.
     */
    private void retryLoop(Duration every) {
        while (!closing) {
            if (Files.exists(spool)) {
                flush();
            }
            synchronized (retrierSleep) {
                long until = System.nanoTime() + every.toNanos();
                while (!closing && System.nanoTime() < until) {
                    try {
                        retrierSleep.wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private final Object retrierSleep = new Object();

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Stops the retry; waits for writes in flight to land in the store or the spool. */
    @Override
    public void close() {
        closing = true;
        synchronized (retrierSleep) {
            retrierSleep.notifyAll();
        }
        try {
            awaitWritten(storeTimeout.plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writers.shutdown();
    }
}
