package io.frontdoor.callback.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.customer.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolingInteractionLogTest {
    @TempDir
    Path dir;

    private static Interaction call(String ref) {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return Interaction.builder(ref, Interaction.Channel.VOICE, t).customerId("C1").phone("+8613800138000")
                .flow("hotline-en").greeting("returning").outcome(Outcome.CALLER_HUNG_UP).endStep("main_menu")
                .path("greet>route>main_menu").choices("").endedAt(t.plusSeconds(5)).build();
    }

    @Test
    void interactionsRecordedWhileTheDatabaseIsDownAreWrittenWhenItIsBack() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString()).start();
        int port = h2.getPort();
        try (Database db = TestDatabases.overTcp(port, dir);
                SpoolingInteractionLog log = new SpoolingInteractionLog(new HibernateInteractionLog(db),
                        dir.resolve("spool"), Duration.ofHours(1))) {
            log.record(call("up-1"));
            assertTrue(log.awaitWritten(Duration.ofSeconds(10)));
            h2.stop();
            log.record(call("down-1"));
            log.record(call("down-2"));
            assertTrue(log.awaitWritten(Duration.ofSeconds(10)));
            assertEquals(2, log.pending());
            assertEquals(0, log.flush(), "nothing can be written while the database is down");

            h2 = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists", "-baseDir", dir.toString())
                    .start();
            // the pool finds its connections to the stopped server broken on first use and replaces
            // them; the background retry does exactly this, a bounded number of times here
            int written = 0;
            for (int attempt = 0; attempt < 10 && log.pending() > 0; attempt++) {
                written += log.flush();
                Thread.sleep(600); // past the pool's 500 ms window, so it re-validates idle connections
            }
            assertEquals(2, written);
            assertEquals(0, log.pending());
            var refs = log.find(InteractionQuery.all(10)).stream().map(Interaction::ref).sorted().toList();
            assertEquals(java.util.List.of("down-1", "down-2", "up-1"), refs);
            Interaction back = log.find(new InteractionQuery("C1", null, 10)).stream()
                    .filter(i -> i.ref().equals("down-1")).findFirst().orElseThrow();
            assertEquals(Outcome.CALLER_HUNG_UP, back.outcome());
            assertEquals("greet>route>main_menu", back.path());
        } finally {
            h2.stop();
        }
    }

    @Test
    void aSpoolLeftByACrashIsWrittenOnceAtTheNextStart() throws Exception {
        try (Database db = TestDatabases.embedded(dir)) {
            HibernateInteractionLog store = new HibernateInteractionLog(db);
            store.record(call("already-written"));
            Path spoolDir = dir.resolve("spool");
            Files.createDirectories(spoolDir);
            // the crash happened after the store took "already-written" but before the spool was trimmed,
            // and in the middle of appending a third line
            try (SpoolingInteractionLog writer = new SpoolingInteractionLog(failingStore(), spoolDir, Duration.ofHours(1))) {
                writer.record(call("already-written"));
                assertTrue(writer.awaitWritten(Duration.ofSeconds(10)));
                writer.record(call("only-spooled"));
                assertTrue(writer.awaitWritten(Duration.ofSeconds(10)));
            }
            Files.writeString(spoolDir.resolve("interactions.jsonl"), "{\"ref\":\"torn", java.nio.file.StandardOpenOption.APPEND);

            try (SpoolingInteractionLog restarted = new SpoolingInteractionLog(store, spoolDir, Duration.ofHours(1))) {
                restarted.flush();
                assertEquals(0, restarted.pending());
            }
            var refs = store.find(InteractionQuery.all(10)).stream().map(Interaction::ref).sorted().toList();
            assertEquals(java.util.List.of("already-written", "only-spooled"), refs);
        }
    }

    @Test
    void timelineIsNewestFirstAndFiltersByNumber() throws Exception {
        try (Database db = TestDatabases.embedded(dir)) {
            HibernateInteractionLog store = new HibernateInteractionLog(db);
            Instant t = Instant.parse("2026-11-20T10:00:00Z");
            store.record(Interaction.builder("a", Interaction.Channel.VOICE, t).phone("+8613800138000").build());
            store.record(Interaction.builder("b", Interaction.Channel.VOICE, t.plusSeconds(60)).phone("+8613800138000").build());
            store.record(Interaction.builder("c", Interaction.Channel.VOICE, t.plusSeconds(120)).phone("+8613900139000").build());
            var refs = store.find(new InteractionQuery(null, "+8613800138000", 10)).stream().map(Interaction::ref).toList();
            assertEquals(java.util.List.of("b", "a"), refs);
            assertTrue(new HibernateCustomerDirectory(db).count() == 0);
        }
    }

    @Test
    void aStoreThatNeverAnswersDoesNotHoldTheCallerAndTheEntryIsSpooled() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        var hung = new io.frontdoor.callback.customer.InteractionLog() {
            @Override
            public void record(Interaction interaction) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public java.util.List<Interaction> find(InteractionQuery query) {
                return java.util.List.of();
            }
        };
        try (SpoolingInteractionLog log = new SpoolingInteractionLog(hung, dir, Duration.ofHours(1), Duration.ofMillis(200))) {
            log.record(call("while-hung")); // returns at once: the call's thread never waits on the store
            assertTrue(log.awaitWritten(Duration.ofSeconds(10)));
            assertEquals(1, log.pending());
        } finally {
            release.countDown();
        }
    }

    private static io.frontdoor.callback.customer.InteractionLog failingStore() {
        return new io.frontdoor.callback.customer.InteractionLog() {
            @Override
            public void record(Interaction interaction) {
                throw new StoreUnavailableException("down", new java.sql.SQLException("down"));
            }

            @Override
            public java.util.List<Interaction> find(InteractionQuery query) {
                throw new StoreUnavailableException("down", new java.sql.SQLException("down"));
            }
        };
    }
}
