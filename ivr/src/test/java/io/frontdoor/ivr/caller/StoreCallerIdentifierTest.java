package io.frontdoor.ivr.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.CustomerDirectory;
import io.frontdoor.callback.customer.CustomerImporter;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.PhoneNumbers;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.HibernateCustomerDirectory;
import io.frontdoor.callback.store.HibernateInteractionLog;
import io.frontdoor.callback.store.StoreSettings;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCallerIdentifierTest {
    @TempDir
    Path dir;
    Database db;
    CustomerDirectory directory;
    final PhoneNumbers phones = new PhoneNumbers("CN");

    @BeforeEach
    void load() throws Exception {
        db = Database.open(StoreSettings.embeddedH2(dir));
        new CustomerImporter(db.dataSource(), phones, Set.of("en", "zh")).importFrom(new StringReader(
                "id,phone,name,salutation,tier,language\n"
                        + "C1,13800138000,Chen,Mr.,VIP,en\n"
                        + "C2,13900139000,Li,Ms.,standard,en\n"
                        + "H1,13500135000,Zhao,Mr.,VIP,en\n"
                        + "H2,13500135000,Zhao,Mrs.,VIP,en\n"));
        new HibernateInteractionLog(db).record(
                Interaction.builder("earlier", Interaction.Channel.VOICE, Instant.now()).customerId("C1").build());
        directory = new HibernateCustomerDirectory(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private StoreCallerIdentifier identifier(TrustPolicy policy) {
        return new StoreCallerIdentifier(directory, phones, policy, Duration.ofSeconds(5));
    }

    @Test
    void customerWhoCalledBeforeIsReturningAndTrustedByDefault() {
        Caller c = identifier(TrustPolicy.trustAll()).identify(new StubCall("+8613800138000", "from-trunk"));
        assertEquals("C1", c.customer().id());
        assertEquals(Greeting.RETURNING, c.greeting());
        assertTrue(c.nameTrusted());
        assertEquals("+8613800138000", c.number());
    }

    @Test
    void customerCallingForTheFirstTimeIsFirstEvenWithoutThePlus() {
        Caller c = identifier(TrustPolicy.trustAll()).identify(new StubCall("8613900139000", "from-trunk"));
        assertEquals("C2", c.customer().id());
        assertEquals(Greeting.FIRST, c.greeting());
    }

    @Test
    void unknownAndWithheldNumbersAreUnknown() {
        var id = identifier(TrustPolicy.trustAll());
        Caller stranger = id.identify(new StubCall("+8613700137000", "from-trunk"));
        assertEquals(Greeting.UNKNOWN, stranger.greeting());
        assertEquals("not a customer", stranger.note());
        Caller withheld = id.identify(new StubCall(null, "from-trunk"));
        assertNull(withheld.number());
        assertEquals("withheld", withheld.note());
    }

    @Test
    void sharedNumberNeverGetsAName() {
        Caller c = identifier(TrustPolicy.trustAll()).identify(new StubCall("+8613500135000", "from-trunk"));
        assertNull(c.customer());
        assertFalse(c.nameTrusted());
        assertTrue(c.isShared());
        assertEquals(List.of("H1", "H2"), c.candidates().stream().map(Customer::id).toList());
    }

    @Test
    void untrustedEntryPointKeepsTheCustomerButNotTheName() {
        var policy = new TrustPolicy(TrustPolicy.Mode.ENTRY_POINTS, Set.of("from-trunk"), "X", Set.of("A"));
        Caller c = identifier(policy).identify(new StubCall("+8613800138000", "from-internet"));
        assertEquals("C1", c.customer().id());
        assertFalse(c.nameTrusted());
        assertTrue(identifier(policy).identify(new StubCall("+8613800138000", "from-trunk")).nameTrusted());
    }

    @Test
    void attestationModeTrustsOnlyAcceptedLevels() {
        var policy = new TrustPolicy(TrustPolicy.Mode.ATTESTATION, Set.of("*"), "FRONTDOOR_ATTESTATION", Set.of("A"));
        StubCall attestedA = new StubCall("+8613800138000", "from-trunk");
        attestedA.variables.put("FRONTDOOR_ATTESTATION", "A");
        StubCall attestedB = new StubCall("+8613800138000", "from-trunk");
        attestedB.variables.put("FRONTDOOR_ATTESTATION", "B");
        assertTrue(identifier(policy).identify(attestedA).nameTrusted());
        assertFalse(identifier(policy).identify(attestedB).nameTrusted());
        assertFalse(identifier(policy).identify(new StubCall("+8613800138000", "from-trunk")).nameTrusted());
    }

    @Test
    void neverModeSpeaksNoName() {
        var policy = new TrustPolicy(TrustPolicy.Mode.NEVER, Set.of("*"), "X", Set.of("A"));
        assertFalse(identifier(policy).identify(new StubCall("+8613800138000", "from-trunk")).nameTrusted());
    }

    @Test
    void aLateLookupIsLeftToFinishNeverInterrupted() throws Exception {
        // an interrupt inside H2's file I/O closes the embedded database for every call
        CountDownLatch finished = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        CustomerDirectory slow = directoryThatTakes(() -> {
            long end = System.nanoTime() + 400_000_000L;
            while (System.nanoTime() < end) {
                if (Thread.currentThread().isInterrupted()) {
                    interrupted.set(true);
                    break;
                }
                Thread.onSpinWait();
            }
            finished.countDown();
        });
        try (var id = new StoreCallerIdentifier(slow, phones, TrustPolicy.trustAll(), Duration.ofMillis(50))) {
            assertEquals("lookup timed out", id.identify(new StubCall("+8613800138000", "from-trunk")).note());
            assertTrue(finished.await(5, java.util.concurrent.TimeUnit.SECONDS));
            assertFalse(interrupted.get(), "the lookup thread was interrupted");
        }
    }

    @Test
    void aStoreThatDoesNotAnswerMakesTheCallerUnknownInsteadOfHoldingTheCall() {
        CountDownLatch never = new CountDownLatch(1);
        CustomerDirectory stuck = directoryThatTakes(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (var id = new StoreCallerIdentifier(stuck, phones, TrustPolicy.trustAll(), Duration.ofMillis(100))) {
            Caller c = id.identify(new StubCall("+8613800138000", "from-trunk"));
            assertEquals(Greeting.UNKNOWN, c.greeting());
            assertEquals("lookup timed out", c.note());
            assertEquals(Greeting.UNKNOWN, id.greetingFor("C1"));
        }
    }

    /** A store whose every lookup first runs {@code lookup} (slow, stuck) and then finds nobody. */
    private static CustomerDirectory directoryThatTakes(Runnable lookup) {
        return new CustomerDirectory() {
            @Override
            public List<Customer> findByPhone(String e164) {
                lookup.run();
                return List.of();
            }

            @Override
            public List<io.frontdoor.callback.customer.CallerMatch> findCallers(String e164) {
                lookup.run();
                return List.of();
            }

            @Override
            public Optional<Customer> findById(String id) {
                return Optional.empty();
            }

            @Override
            public boolean hasHistory(String id) {
                lookup.run();
                return false;
            }

            @Override
            public long count() {
                return 0;
            }
        };
    }
}
