package io.frontdoor.callback.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.HibernateCustomerDirectory;
import io.frontdoor.callback.store.StoreUnavailableException;
import io.frontdoor.callback.store.TestDatabases;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerImporterTest {
    /** The store under test: an H2 file in {@code dir}; the PostgreSQL subclass runs the same tests on PostgreSQL. */
    Database database(Path dir) {
        return TestDatabases.embedded(dir);
    }

    private static final String HEADER = "id,phone,name,salutation,tier,language,flags\n";

    @TempDir
    Path dir;
    Database db;
    CustomerImporter importer;
    HibernateCustomerDirectory directory;

    @BeforeEach
    void open() {
        db = database(dir);
        importer = new CustomerImporter(db.dataSource(), new PhoneNumbers("CN"), Set.of("en", "zh"));
        directory = new HibernateCustomerDirectory(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private ImportReport load(String csv) throws Exception {
        return importer.importFrom(new StringReader(csv));
    }

    @Test
    void customersAreImportedWithNumbersNormalisedToE164() throws Exception {
        ImportReport r = load(HEADER
                + "C1,+86 138 0013 8000;010-6552 9988,Chen,Mr.,VIP,en,\n"
                + "C2,13900139000,李,女士,standard,zh,fraud_watch;no_sms\n");
        assertEquals(2, r.imported());
        assertEquals(0, r.rejected());
        Customer chen = directory.findByPhone("+8613800138000").get(0);
        assertEquals("Chen", chen.name());
        assertEquals(Tier.VIP, chen.tier());
        assertEquals(Set.of("+8613800138000", "+861065529988"), chen.phones());
        Customer li = directory.findById("C2").orElseThrow();
        assertEquals("zh", li.language());
        assertEquals(Set.of("fraud_watch", "no_sms"), li.flags());
    }

    @Test
    void badLinesAreReportedWithLineNumbersAndValidLinesKept() throws Exception {
        ImportReport r = load(HEADER
                + "C1,13800138000,Chen,Mr.,VIP,en,\n"
                + "C2,not-a-number,Li,Ms.,VIP,en,\n"
                + "C3,13900139000,,Ms.,VIP,en,\n"
                + "C4,13700137000,Wang,Mr.,gold,en,\n"
                + "C5,13600136000,Zhao,Mr.,VIP,fr,\n"
                + "C1,13500135000,Chen again,Mr.,VIP,en,\n"
                + "C6,13400134000\n"
                + "C7,13300133000,Sun,Ms.,standard,zh,\n");
        assertEquals(2, r.imported(), r.errors().toString());
        assertEquals(6, r.rejected());
        assertTrue(r.errors().get(0).startsWith("line 3: phone"), r.errors().get(0));
        assertEquals("line 4: name is empty", r.errors().get(1));
        assertTrue(r.errors().get(2).startsWith("line 5: unknown tier 'gold'"), r.errors().get(2));
        assertTrue(r.errors().get(3).startsWith("line 6: language 'fr'"), r.errors().get(3));
        assertEquals("line 7: customer id C1 already on line 2", r.errors().get(4));
        assertTrue(r.errors().get(5).startsWith("line 8: "), r.errors().get(5));
        assertEquals(2, directory.count());
    }

    @Test
    void reimportUpdatesCustomersAndReplacesTheirNumbers() throws Exception {
        load(HEADER + "C1,13800138000,Chen,Mr.,standard,en,\n");
        load(HEADER + "C1,13900139000,Chen,Dr.,VIP,zh,\n");
        assertEquals(1, directory.count());
        assertTrue(directory.findByPhone("+8613800138000").isEmpty());
        Customer c = directory.findByPhone("+8613900139000").get(0);
        assertEquals("Dr.", c.salutation());
        assertEquals(Tier.VIP, c.tier());
    }

    @Test
    void oneNumberMayBelongToSeveralCustomers() throws Exception {
        load(HEADER + "H1,13800138000,Chen,Mr.,VIP,en,\nH2,13800138000,Chen,Mrs.,VIP,en,\n");
        assertEquals(2, directory.findByPhone("+8613800138000").size());
    }

    @Test
    void missingRequiredColumnRejectsTheFile() {
        var e = assertThrows(IllegalArgumentException.class, () -> load("id,phone,name\nC1,13800138000,Chen\n"));
        assertTrue(e.getMessage().contains("missing column(s) salutation,tier,language"), e.getMessage());
    }

    @Test
    void unknownColumnsAreWarnedAboutNotFatal() throws Exception {
        ImportReport r = load("id,phone,name,salutation,tier,language,branch\nC1,13800138000,Chen,Mr.,VIP,en,BJ\n");
        assertEquals(1, r.imported());
        assertEquals(1, r.warnings().size());
    }

    @Test
    void aDatabaseFailureMidImportLeavesNothingHalfImported() throws Exception {
        load(HEADER + "OLD,13800138000,Old,Mr.,VIP,en,\n");
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 2_500; i++) {
            csv.append("N").append(i).append(",1390013").append(String.format("%04d", i)).append(",Name,Mr.,VIP,en,\n");
        }
        // the connection dies on the second batch, as a database crash would look to the importer
        CustomerImporter failing = new CustomerImporter(failingOnBatch(db.dataSource(), 4),
                new PhoneNumbers("CN"), Set.of("en"));
        assertThrows(StoreUnavailableException.class, () -> failing.importFrom(new StringReader(csv.toString())));
        assertEquals(1, directory.count());
    }

    private static DataSource failingOnBatch(DataSource real, int failAt) {
        AtomicInteger batches = new AtomicInteger();
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (p, m, a) -> {
                    Object result = m.invoke(real, a);
                    if (!m.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection con = (Connection) result;
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (cp, cm, ca) -> {
                                Object r = cm.invoke(con, ca);
                                if (!cm.getName().equals("prepareStatement")) {
                                    return r;
                                }
                                PreparedStatement ps = (PreparedStatement) r;
                                return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                                        new Class<?>[] {PreparedStatement.class}, (sp, sm, sa) -> {
                                            if (sm.getName().equals("executeBatch")
                                                    && batches.incrementAndGet() >= failAt) {
                                                throw new SQLException("connection lost");
                                            }
                                            return sm.invoke(ps, sa);
                                        });
                            });
                });
    }
}
