package io.frontdoor.callback.sms;

import io.frontdoor.callback.customer.Pii;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-time codes by SMS, to confirm a callback number that is not on file (the caller keys in the
 * code they received). A code is 6 random digits, stored only as a salted SHA-256 hash
 * ({@code sms_otp}) with an expiry and an attempt limit; it works once, and sending a new code for
 * the same number and purpose retires the earlier one. The SMS goes through the outbox as an
 * essential, sensitive message (its text is blanked once sent and kept off the timeline).
 */
public final class OneTimeCodes {
    private static final Logger LOG = LoggerFactory.getLogger(OneTimeCodes.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param ttl         how long a code works
     * @param maxAttempts wrong tries before a code is locked
     * @param maxPerHour  codes sent to one number for one purpose per hour
     */
    public record Settings(Duration ttl, int maxAttempts, int maxPerHour) {
        /** 5 minutes, 5 tries, 5 codes an hour. */
        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(5), 5, 5);
        }
    }

    /** A code sent: its id (what {@link #verify} takes), the outbox message and when it stops working. */
    public record Issued(String id, String messageId, Instant expiresAt) {
    }

    /** What {@link #verify} found. */
    public enum Check {
        /** Right code, in time: it is now used. */
        OK,
        /** Wrong code; tries are left or the next one finds it locked. */
        WRONG,
        /** Too late. */
        EXPIRED,
        /** Too many wrong tries. */
        LOCKED,
        /** Already used, or replaced by a newer code. */
        USED,
        /** No such code. */
        NOT_FOUND
    }

    private final SmsStore store;
    private final SmsOutbox outbox;
    private final SmsTemplates templates;
    private final Settings settings;
    private final Clock clock;

    public OneTimeCodes(SmsStore store, SmsOutbox outbox, SmsTemplates templates, Settings settings, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.templates = templates;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Sends a new code to {@code phone} (E.164) for {@code purpose} ("callback_number"). Empty when
     * the number had {@code maxPerHour} codes for it in the last hour.
     */
    public Optional<Issued> send(String phone, String customerId, String purpose, String language) {
        Instant now = clock.instant();
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        String id = UUID.randomUUID().toString();
        byte[] saltBytes = new byte[16];
        RANDOM.nextBytes(saltBytes);
        String salt = Base64.getEncoder().encodeToString(saltBytes);
        Instant expires = now.plus(settings.ttl());
        boolean issued = store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*) from sms_otp where phone = ? and purpose = ?"
                    + " and created_at >= ?")) {
                ps.setString(1, phone);
                ps.setString(2, purpose);
                ps.setTimestamp(3, SmsStore.ts(now.minus(Duration.ofHours(1))));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= settings.maxPerHour()) {
                        return false;
                    }
                }
            }
            SmsStore.update(c, "update sms_otp set closed_at = ? where phone = ? and purpose = ? and closed_at is null",
                    SmsStore.ts(now), phone, purpose);
            SmsStore.update(c, "insert into sms_otp (id, phone, purpose, customer_id, salt, code_hash, created_at,"
                    + " expires_at, attempts, max_attempts) values (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)", id, phone, purpose,
                    customerId, salt, hash(salt, id, code), SmsStore.ts(now), SmsStore.ts(expires),
                    settings.maxAttempts());
            return true;
        });
        if (!issued) {
            LOG.warn("one-time code for {} refused: {} sent in the last hour", Pii.phone(phone), settings.maxPerHour());
            return Optional.empty();
        }
        String lang = templates.language(language);
        String text = templates.render("otp", lang, Map.of("code", code,
                "minutes", Math.max(1, settings.ttl().toMinutes())));
        SmsOutbox.Enqueued e = outbox.enqueue(new SmsOutbox.Message(customerId, phone, text, "otp", lang, true, true,
                "otp:" + id));
        store.read(c -> SmsStore.update(c, "update sms_otp set message_id = ? where id = ?", e.id(), id));
        return Optional.of(new Issued(id, e.id(), expires));
    }

    /** Checks a code keyed in by the caller; a right one works once. */
    public Check verify(String id, String code) {
        Instant now = clock.instant();
        return store.inTransaction(c -> {
            String salt;
            String hash;
            Instant expires;
            int attempts;
            int max;
            boolean closed;
            try (PreparedStatement ps = c.prepareStatement("select salt, code_hash, expires_at, attempts, max_attempts,"
                    + " closed_at from sms_otp where id = ? for update")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Check.NOT_FOUND;
                    }
                    salt = rs.getString(1);
                    hash = rs.getString(2);
                    expires = SmsStore.instant(rs, 3);
                    attempts = rs.getInt(4);
                    max = rs.getInt(5);
                    closed = rs.getTimestamp(6) != null;
                }
            }
            if (closed) {
                return Check.USED;
            }
            if (now.isAfter(expires)) {
                return Check.EXPIRED;
            }
            if (attempts >= max) {
                return Check.LOCKED;
            }
            boolean right = code != null && code.matches("\\d{6}") && MessageDigest.isEqual(
                    hash.getBytes(StandardCharsets.US_ASCII), hash(salt, id, code).getBytes(StandardCharsets.US_ASCII));
            if (right) {
                SmsStore.update(c, "update sms_otp set attempts = attempts + 1, closed_at = ? where id = ?",
                        SmsStore.ts(now), id);
                return Check.OK;
            }
            SmsStore.update(c, "update sms_otp set attempts = attempts + 1 where id = ?", id);
            return Check.WRONG;
        });
    }

    private static String hash(String salt, String id, String code) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt.getBytes(StandardCharsets.US_ASCII));
            d.update(id.getBytes(StandardCharsets.US_ASCII));
            d.update(code.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
