package io.frontdoor.callback.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.CustomerImporter;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.PhoneNumbers;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HibernateCustomerDirectoryTest {
    /** The store under test: an H2 file in {@code dir}; the PostgreSQL subclass runs the same tests on PostgreSQL. */
    Database database(Path dir) {
        return TestDatabases.embedded(dir);
    }

    @TempDir
    Path dir;

    @Test
    void customerWithHistoryIsReturningAndWithoutIsFirstTime() throws Exception {
        try (Database db = database(dir)) {
            new CustomerImporter(db.dataSource(), new PhoneNumbers("CN"), Set.of("en"))
                    .importFrom(new StringReader("id,phone,name,salutation,tier,language\n"
                            + "C1,13800138000,Chen,Mr.,VIP,en\nC2,13900139000,Li,Ms.,VIP,en\n"));
            var directory = new HibernateCustomerDirectory(db);
            new HibernateInteractionLog(db).record(
                    Interaction.builder("x", Interaction.Channel.VOICE, Instant.now()).customerId("C1").build());
            assertTrue(directory.hasHistory("C1"));
            var chen = directory.findCallers("+8613800138000");
            assertEquals(1, chen.size());
            assertEquals("C1", chen.get(0).customer().id());
            assertEquals("Chen", chen.get(0).customer().name());
            assertTrue(chen.get(0).hasHistory());
            assertFalse(directory.findCallers("+8613900139000").get(0).hasHistory());
            assertTrue(directory.findCallers("+8613700137000").isEmpty());
            assertFalse(directory.hasHistory("C2"));
            assertTrue(directory.findByPhone("+8613700137000").isEmpty());
            assertEquals("C2", directory.findByPhone("+8613900139000").get(0).id());
        }
    }

    @Test
    void theStoreSurvivesARestartOnTheSameDataDirectory() throws Exception {
        try (Database db = database(dir)) {
            new CustomerImporter(db.dataSource(), new PhoneNumbers("CN"), Set.of("en"))
                    .importFrom(new StringReader("id,phone,name,salutation,tier,language\nC1,13800138000,Chen,Mr.,VIP,en\n"));
        }
        try (Database db = database(dir)) {
            assertEquals(1, new HibernateCustomerDirectory(db).count());
        }
    }
}
