package io.frontdoor.callback.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.HibernateInteractionLog;
import io.frontdoor.callback.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-time codes: sent by the outbox, stored hashed, one use, expiry, attempt and rate limits. */
class OneTimeCodesTest {
    /** The store under test: an H2 file in {@code dir}; the PostgreSQL subclass runs the same tests on PostgreSQL. */
    Database database(Path dir) {
        return TestDatabases.embedded(dir);
    }

    private static final String TO = "+8613800138000";

    @TempDir
    Path dir;

    private Database db;
    private FakeGateway gw;
    private SmsOutbox outbox;
    private OneTimeCodes codes;
    private volatile Instant now = Instant.now();
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        db = database(dir);
        SmsStore store = new SmsStore(db.dataSource());
        gw = new FakeGateway();
        outbox = new SmsOutbox(store, gw, new HibernateInteractionLog(db), new SmsOutbox.Settings("", 2, 1000, 10, 10,
                Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMinutes(5)), Clock.systemUTC());
        outbox.start();
        codes = new OneTimeCodes(store, outbox, SmsTemplatesTest.shipped(), new OneTimeCodes.Settings(
                Duration.ofMinutes(5), 3, 4), clock);
    }

    @AfterEach
    void tearDown() {
        outbox.close();
        db.close();
    }

    private String codeSent(int n) {
        Await.until("code " + n + " sent", () -> gw.accepted.size() >= n);
        Matcher m = Pattern.compile("(\\d{6})").matcher(gw.accepted.get(n - 1).text());
        assertTrue(m.find(), gw.accepted.get(n - 1).text());
        return m.group(1);
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    @Test
    void aCodeIsSentStoredHashedAndWorksOnce() {
        OneTimeCodes.Issued i = codes.send(TO, "c1", "callback_number", "zh").orElseThrow();
        String code = codeSent(1);
        assertTrue(gw.accepted.get(0).text().startsWith("【示例银行】您的验证码为" + code));
        assertEquals(OneTimeCodes.Check.WRONG, codes.verify(i.id(), wrong(code)));
        assertEquals(OneTimeCodes.Check.OK, codes.verify(i.id(), code));
        assertEquals(OneTimeCodes.Check.USED, codes.verify(i.id(), code));
        assertEquals(OneTimeCodes.Check.NOT_FOUND, codes.verify("nope", code));
        Integer hits = new SmsStore(db.dataSource()).read(c -> {
            try (var ps = c.prepareStatement("select count(*) from sms_otp where code_hash = ? or salt = ?")) {
                ps.setString(1, code);
                ps.setString(2, code);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        assertEquals(0, hits, "the code is not stored in clear");
        Await.until("text blanked", () -> !new SmsStore(db.dataSource()).find(i.messageId()).orElseThrow().text()
                .contains(code));
        assertTrue(new HibernateInteractionLog(db).find(new InteractionQuery(null, TO, 20)).stream()
                .noneMatch(x -> x.detail() != null && x.detail().contains(code)), "not on the timeline");
    }

    @Test
    void triesExpiryReplacementAndRateAreLimited() {
        OneTimeCodes.Issued first = codes.send(TO, null, "callback_number", "en").orElseThrow();
        String code1 = codeSent(1);
        for (int i = 0; i < 3; i++) {
            assertEquals(OneTimeCodes.Check.WRONG, codes.verify(first.id(), wrong(code1)));
        }
        assertEquals(OneTimeCodes.Check.LOCKED, codes.verify(first.id(), code1), "locked even for the right code");

        OneTimeCodes.Issued second = codes.send(TO, null, "callback_number", "en").orElseThrow();
        codeSent(2);
        OneTimeCodes.Issued third = codes.send(TO, null, "callback_number", "en").orElseThrow();
        String code3 = codeSent(3);
        assertEquals(OneTimeCodes.Check.USED, codes.verify(second.id(), code3), "replaced by the newer code");
        now = now.plus(Duration.ofMinutes(6));
        assertEquals(OneTimeCodes.Check.EXPIRED, codes.verify(third.id(), code3));

        assertTrue(codes.send(TO, null, "callback_number", "en").isPresent(), "fourth in the hour");
        assertTrue(codes.send(TO, null, "callback_number", "en").isEmpty(), "fifth refused");
        now = now.plus(Duration.ofHours(1));
        assertTrue(codes.send(TO, null, "callback_number", "en").isPresent(), "an hour later");
    }
}
