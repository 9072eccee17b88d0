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
 * An interaction log that never loses an entry when the database is down: what the store refuses
 * is appended (and fsynced) to a spool file in the data directory and written to the store once it
 * answers again — by a background retry every few seconds and at the next start. Replays are
 * idempotent (the store ignores a (channel, ref) it already has), so a crash between writing the
 * store and trimming the spool duplicates nothing.
 */
public final class SpoolingInteractionLog implements InteractionLog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpoolingInteractionLog.class);

    private final InteractionLog store;
    private final Path spool;
    private final ObjectMapper json;
    private final Object lock = new Object();
    private final Thread retrier;

    /**
     * @param store    the database log
     * @param spoolDir directory for {@code interactions.jsonl}
     * @param retry    how often to retry writing spooled entries
     */
    public SpoolingInteractionLog(InteractionLog store, Path spoolDir, Duration retry) {
        this.store = store;
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

    @Override
    public void record(Interaction interaction) {
        try {
            store.record(interaction);
        } catch (RuntimeException e) {
            spool(interaction, e);
        }
    }

    @Override
    public List<Interaction> find(InteractionQuery query) {
        return store.find(query);
    }

    /** Entries waiting in the spool for the store to come back. */
    public int pending() {
        synchronized (lock) {
            return readSpool().size();
        }
    }

    /**
     * Writes spooled entries to the store, oldest first; stops at the first failure.
     *
     * @return how many were written
     */
    public int flush() {
        synchronized (lock) {
            List<Interaction> waiting = readSpool();
            int written = 0;
            try {
                for (Interaction i : waiting) {
                    store.record(i);
                    written++;
                }
            } catch (RuntimeException e) {
                log.debug("store still unavailable, {} interaction(s) stay spooled", waiting.size() - written);
            }
            if (written > 0) {
                rewrite(waiting.subList(written, waiting.size()));
                log.info("wrote {} spooled interaction(s) to the store; {} still waiting", written,
                        waiting.size() - written);
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

    private List<Interaction> readSpool() {
        List<Interaction> out = new ArrayList<>();
        if (!Files.exists(spool)) {
            return out;
        }
        try {
            int lineNo = 0;
            for (String line : Files.readAllLines(spool, StandardCharsets.UTF_8)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(json.readValue(line, Interaction.class));
                } catch (IOException e) {
                    // a torn last line from a crash mid-append: the entry never completed
                    log.error("spool {} line {} unreadable, skipped: {}", spool, lineNo, e.getMessage());
                }
            }
        } catch (IOException e) {
            log.error("cannot read spool {}: {}", spool, e.getMessage());
        }
        return out;
    }

    private void rewrite(List<Interaction> remaining) {
        try {
            Path tmp = spool.resolveSibling(spool.getFileName() + ".tmp");
            StringBuilder sb = new StringBuilder();
            for (Interaction i : remaining) {
                sb.append(json.writeValueAsString(i)).append('\n');
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

    private void retryLoop(Duration every) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (Files.exists(spool)) {
                    flush();
                }
                Thread.sleep(every);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        retrier.interrupt();
    }
}
