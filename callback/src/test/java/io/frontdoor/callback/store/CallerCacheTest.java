package io.frontdoor.callback.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.CallerCache;
import io.frontdoor.callback.customer.CustomerImporter;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.PhoneNumbers;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallerCacheTest {
    private static final String CSV = "id,phone,name,salutation,tier,language\n"
            + "C1,13800138000,Chen,Mr.,VIP,en\nC2,13900139000,Li,Ms.,standard,zh\n";

    @TempDir
    Path dir;

    private static void load(Database db, String csv) throws Exception {
        new CustomerImporter(db.dataSource(), new PhoneNumbers("CN"), Set.of("en", "zh")).importFrom(new StringReader(csv));
    }

    @Test
    void aCachedCallerIsStillKnownWhileTheDatabaseIsDownAndAnUncachedOneIsNot() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString()).start();
        try (Database db = TestDatabases.overTcp(h2.getPort(), dir)) {
            load(db, CSV);
            CallerCache cache = new CallerCache(new HibernateCustomerDirectory(db), 100, Duration.ofMinutes(1));
            assertEquals("Chen", cache.findCallers("+8613800138000").get(0).customer().name());
            assertTrue(cache.findCallers("+8613700137000").isEmpty(), "an unknown number is looked up once too");
            h2.stop();
            assertEquals("Chen", cache.findCallers("+8613800138000").get(0).customer().name());
            assertTrue(cache.findCallers("+8613700137000").isEmpty());
            assertThrows(StoreUnavailableException.class, () -> cache.findCallers("+8613900139000"));
            assertEquals(2, cache.size(), "a failed lookup is not cached");
        } finally {
            h2.stop();
        }
    }

    @Test
    void aChangeMadeElsewhereShowsOnceTheEntryExpires() throws Exception {
        try (Database db = TestDatabases.embedded(dir)) {
            load(db, CSV);
            CallerCache cache = new CallerCache(new HibernateCustomerDirectory(db), 100, Duration.ofMillis(300));
            assertEquals("standard", cache.findCallers("+8613900139000").get(0).customer().tier().name().toLowerCase());
            load(db, "id,phone,name,salutation,tier,language\nC2,13900139000,Li,Ms.,VIP,zh\n");
            assertEquals("standard", cache.findCallers("+8613900139000").get(0).customer().tier().name().toLowerCase(),
                    "within the ttl the cached entry serves");
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String tier = "";
            while (System.nanoTime() < until && !tier.equals("VIP")) {
                Thread.sleep(50);
                tier = cache.findCallers("+8613900139000").get(0).customer().tier().name();
            }
            assertEquals("VIP", tier);
        }
    }

    @Test
    void aCallRecordedHereTurnsAFirstTimeCallerIntoAReturningOneAtOnce() throws Exception {
        try (Database db = TestDatabases.embedded(dir)) {
            load(db, CSV);
            CallerCache cache = new CallerCache(new HibernateCustomerDirectory(db), 100, Duration.ofHours(1));
            assertFalse(cache.findCallers("+8613800138000").get(0).hasHistory());
            var log = cache.noting(new HibernateInteractionLog(db));
            log.record(Interaction.builder("call-1", Interaction.Channel.VOICE, Instant.now())
                    .customerId("C1").phone("+8613800138000").build());
            assertTrue(cache.findCallers("+8613800138000").get(0).hasHistory());
            assertTrue(new HibernateCustomerDirectory(db).hasHistory("C1"), "and the store has it");
            assertFalse(cache.findCallers("+8613900139000").get(0).hasHistory(), "other callers unchanged");
        }
    }
}
