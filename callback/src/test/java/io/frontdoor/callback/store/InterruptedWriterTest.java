package io.frontdoor.callback.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionQuery;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With every commit written at once (WRITE_DELAY=0), commits do file I/O on the caller's thread,
 * and libraries (Quartz at shutdown, executors) interrupt threads. H2's plain file store closes
 * the whole database when a thread is interrupted in I/O; the embedded store must not.
 */
class InterruptedWriterTest {

    @Test
    void aWriterInterruptedMidCommitLeavesTheDatabaseOpen(@TempDir Path dir) throws Exception {
        try (Database db = TestDatabases.embedded(dir)) {
            HibernateInteractionLog log = new HibernateInteractionLog(db);
            AtomicInteger written = new AtomicInteger();
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 100_000 && written.get() < 100_000; i++) {
                    try {
                        log.record(Interaction.builder("w-" + i, Interaction.Channel.VOICE, Instant.now()).build());
                        written.incrementAndGet();
                    } catch (RuntimeException e) {
                        if (Thread.interrupted()) {
                            continue;
                        }
                    }
                    if (i == 300) {
                        Thread.currentThread().interrupt(); // as a library shutting its threads down would
                    }
                    if (i > 600) {
                        return;
                    }
                }
            });
            writer.start();
            writer.join(30_000);
            log.record(Interaction.builder("after", Interaction.Channel.VOICE, Instant.now()).build());
            assertEquals("after", log.find(InteractionQuery.all(1)).get(0).ref(), "the database is still open");
        }
    }
}
