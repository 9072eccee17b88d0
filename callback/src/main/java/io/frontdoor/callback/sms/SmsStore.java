package io.frontdoor.callback.sms;

import io.frontdoor.callback.sms.SmsMessage.Direction;
import io.frontdoor.callback.sms.SmsMessage.State;
import io.frontdoor.callback.store.Jdbc;
import io.frontdoor.callback.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code sms_message}, {@code sms_part} and {@code sms_opt_out} tables (migration V4). Plain JDBC
 * on the shared pool; every state change is a conditional update ({@code where state = ...}), so a
 * late result of an earlier run never overwrites what a later one recorded.
 */
public final class SmsStore {
    static final String COLUMNS = "id, direction, customer_id, phone, text, template, language, state, essential,"
            + " sensitive, attempts, next_attempt_at, smsc_ids, dedupe_key, error, created_at, updated_at";
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public SmsStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** What {@link #insert} did: stored {@code message}, or found the one stored earlier with its dedupe key. */
    public record Inserted(SmsMessage message, boolean created) {
    }

    /** Stores a message (committed when this returns); a dedupe key already stored returns that message. */
    public Inserted insert(SmsMessage m) {
        try (Connection c = dataSource.getConnection()) {
            try {
                update(c, "insert into sms_message (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?)", m.id(), m.direction().name(), m.customerId(), m.phone(), m.text(), m.template(),
                        m.language(), m.state().name(), m.essential(), m.sensitive(), m.attempts(),
                        ts(m.nextAttemptAt()), join(m.smscIds()), m.dedupeKey(), clip(m.error(), 500),
                        ts(m.createdAt()), ts(m.updatedAt()));
                return new Inserted(m, true);
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState()) && m.dedupeKey() != null) {
                    Optional<SmsMessage> old = one(c, "select " + COLUMNS + " from sms_message where dedupe_key = ?",
                            m.dedupeKey());
                    if (old.isPresent()) {
                        return new Inserted(old.get(), false);
                    }
                }
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Inserts messages without a dedupe key in one transaction (the outbox's group commit of
     * concurrent enqueues: one disk write for many).
     */
    public void insertAll(List<SmsMessage> rows) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into sms_message (" + COLUMNS + ") values (?, ?, ?,"
                    + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (SmsMessage m : rows) {
                    Object[] args = {m.id(), m.direction().name(), m.customerId(), m.phone(), m.text(), m.template(),
                        m.language(), m.state().name(), m.essential(), m.sensitive(), m.attempts(),
                        ts(m.nextAttemptAt()), join(m.smscIds()), m.dedupeKey(), clip(m.error(), 500),
                        ts(m.createdAt()), ts(m.updatedAt())};
                    bind(ps, args);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public Optional<SmsMessage> find(String id) {
        return read(c -> one(c, "select " + COLUMNS + " from sms_message where id = ?", id));
    }

    /** Newest first; {@code phone} and {@code state} are optional filters. */
    public List<SmsMessage> list(String phone, State state, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from sms_message where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (phone != null) {
            sql.append(" and phone = ?");
            args.add(phone);
        }
        if (state != null) {
            sql.append(" and state = ?");
            args.add(state.name());
        }
        sql.append(" order by created_at desc, id fetch first ").append(Math.max(1, limit)).append(" rows only");
        return read(c -> many(c, sql.toString(), args.toArray()));
    }

    /**
     * Claims up to {@code limit} queued messages due at {@code now} for sending: each moves to
     * SENDING only if it is still QUEUED, so two senders never claim the same one.
     */
    public List<SmsMessage> claim(Instant now, int limit) {
        // one transaction for the batch: one commit (a disk write) for up to `limit` messages
        return inTransaction(c -> {
            List<SmsMessage> due = many(c, "select " + COLUMNS + " from sms_message where state = 'QUEUED'"
                    + " and next_attempt_at <= ? order by next_attempt_at, id fetch first " + limit + " rows only",
                    ts(now));
            List<SmsMessage> claimed = new ArrayList<>(due.size());
            for (SmsMessage m : due) {
                if (update(c, "update sms_message set state = 'SENDING', attempts = attempts + 1, updated_at = ?"
                        + " where id = ? and state = 'QUEUED'", ts(now), m.id()) == 1) {
                    claimed.add(new SmsMessage(m.id(), m.direction(), m.customerId(), m.phone(), m.text(),
                            m.template(), m.language(), State.SENDING, m.essential(), m.sensitive(), m.attempts() + 1,
                            m.nextAttemptAt(), m.smscIds(), m.dedupeKey(), m.error(), m.createdAt(), now));
                }
            }
            return claimed;
        });
    }

    /** The earliest next attempt of a queued message. */
    public Optional<Instant> nextAttempt() {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select min(next_attempt_at) from sms_message where state = 'QUEUED'");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(instant(rs, 1)) : Optional.<Instant>empty();
            }
        });
    }

    /** At start: messages an earlier run claimed and never finished go back to the queue. */
    public int requeueSending(Instant now) {
        return read(c -> update(c, "update sms_message set state = 'QUEUED', next_attempt_at = ?, updated_at = ?"
                + " where state = 'SENDING'", ts(now), ts(now)));
    }

    /** A claimed message that was not submitted goes back (orderly stop). */
    public boolean release(String id, Instant now) {
        return read(c -> update(c, "update sms_message set state = 'QUEUED', attempts = attempts - 1, updated_at = ?"
                + " where id = ? and state = 'SENDING'", ts(now), id) == 1);
    }

    /** A submit failed and will be retried at {@code next}. */
    public boolean retry(String id, Instant next, String error, Instant now) {
        return read(c -> update(c, "update sms_message set state = 'QUEUED', next_attempt_at = ?, error = ?,"
                + " updated_at = ? where id = ? and state = 'SENDING'", ts(next), clip(error, 500), ts(now), id) == 1);
    }

    /** A claimed message is given up (rejected, too old). */
    public boolean giveUp(String id, State to, String error, Instant now) {
        return read(c -> update(c, "update sms_message set state = ?, error = ?, updated_at = ? where id = ?"
                + " and state = 'SENDING'", to.name(), clip(error, 500), ts(now), id) == 1);
    }

    /** Opts a number in again (sends nothing). */
    public boolean optIn(String phone) {
        return read(c -> update(c, "delete from sms_opt_out where phone = ?", phone) == 1);
    }

    /** Opts a number out of non-essential messages; false when it was already. */
    public boolean optOut(String phone, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            update(c, "insert into sms_opt_out (phone, at) values (?, ?)", phone, ts(at));
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw unavailable(e);
        }
    }

    public boolean isOptedOut(String phone) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select 1 from sms_opt_out where phone = ?")) {
                ps.setString(1, phone);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Outbound messages to a number since a time (reply caps). */
    public int countOutSince(String phone, Instant since) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*) from sms_message where phone = ?"
                    + " and direction = 'OUT' and created_at >= ?")) {
                ps.setString(1, phone);
                ps.setTimestamp(2, ts(since));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** Blanks the text of a message (one-time codes once sent or given up). */
    public void blankText(String id) {
        read(c -> update(c, "update sms_message set text = '(removed)' where id = ?", id));
    }

    // ---- parts and receipts: callers serialise these (the outbox holds one lock around them)

    /**
     * The SMSC accepted a claimed message: SENT with its part ids. Parts whose receipt came first
     * are joined; the message's state after that is returned (SENT, or already final), or empty
     * when the message was no longer SENDING (a later run has it).
     */
    public Optional<State> markSent(String id, List<String> smscIds, Instant now) {
        return markSent(id, smscIds, now, false);
    }

    /** As above; {@code blankText}: the text held a secret and is removed in the same transaction. */
    public Optional<State> markSent(String id, List<String> smscIds, Instant now, boolean blankText) {
        return inTransaction(c -> markSent(c, new Sent(id, smscIds, now, blankText)));
    }

    /** A message the SMSC accepted, to record. */
    public record Sent(String id, List<String> smscIds, Instant at, boolean blankText) {
    }

    /**
     * {@link #markSent} for several messages in one transaction (the outbox's group commit: one
     * write for many acceptances). The results are in the order given.
     */
    public List<Optional<State>> markSent(List<Sent> sent) {
        return inTransaction(c -> {
            List<Optional<State>> out = new ArrayList<>(sent.size());
            for (Sent s : sent) {
                out.add(markSent(c, s));
            }
            return out;
        });
    }

    private Optional<State> markSent(Connection c, Sent s) throws SQLException {
        if (update(c, "update sms_message set state = 'SENT', smsc_ids = ?, error = null, updated_at = ?"
                + (s.blankText() ? ", text = '(removed)'" : "")
                + " where id = ? and state = 'SENDING'", clip(join(s.smscIds()), 1000), ts(s.at()), s.id()) == 0) {
            return Optional.empty();
        }
        for (String part : s.smscIds()) {
            if (update(c, "update sms_part set message_id = ? where smsc_id = ?", s.id(), part) == 0) {
                update(c, "insert into sms_part (smsc_id, message_id) values (?, ?)", part, s.id());
            }
        }
        return Optional.of(settle(c, s.id(), s.at()));
    }

    /**
     * Records a receipt; returns the message and its new state when the receipt settled it
     * (every part delivered, or a part failed).
     */
    public Optional<SmsMessage> receipt(DeliveryReceipt r, Instant now) {
        return inTransaction(c -> {
            String state = r.state().name();
            Instant at = r.at() == null ? now : r.at();
            String messageId = null;
            try (PreparedStatement ps = c.prepareStatement("select message_id from sms_part where smsc_id = ?")) {
                ps.setString(1, r.smscId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        messageId = rs.getString(1);
                        update(c, "update sms_part set state = ?, error = ?, receipt_at = ? where smsc_id = ?", state,
                                clip(r.error(), 100), ts(at), r.smscId());
                    } else {
                        // before the submit returned: kept until markSent joins it
                        update(c, "insert into sms_part (smsc_id, state, error, receipt_at) values (?, ?, ?, ?)",
                                r.smscId(), state, clip(r.error(), 100), ts(at));
                    }
                }
            }
            if (messageId == null) {
                return Optional.<SmsMessage>empty();
            }
            Optional<SmsMessage> before = one(c, "select " + COLUMNS + " from sms_message where id = ?", messageId);
            if (before.isEmpty() || before.get().state() != State.SENT) {
                return Optional.<SmsMessage>empty();
            }
            State after = settle(c, messageId, now);
            return after == State.SENT ? Optional.<SmsMessage>empty()
                    : one(c, "select " + COLUMNS + " from sms_message where id = ?", messageId);
        });
    }

    /** Moves a SENT message to its final state when its parts' receipts say so. */
    private static State settle(Connection c, String id, Instant now) throws SQLException {
        int parts = 0;
        int delivered = 0;
        String failed = null;
        String error = null;
        try (PreparedStatement ps = c.prepareStatement("select state, error from sms_part where message_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parts++;
                    String s = rs.getString(1);
                    if ("DELIVERED".equals(s)) {
                        delivered++;
                    } else if (s != null && failed == null) {
                        failed = s;
                        error = rs.getString(2);
                    }
                }
            }
        }
        State to;
        if (failed != null) {
            to = "EXPIRED".equals(failed) ? State.EXPIRED : State.FAILED;
        } else if (parts > 0 && delivered == parts) {
            to = State.DELIVERED;
        } else {
            return State.SENT;
        }
        String why = failed == null ? null : "receipt: " + failed.toLowerCase() + (error == null || error.isBlank()
                ? "" : " (" + error + ")");
        update(c, "update sms_message set state = ?, error = ?, updated_at = ? where id = ? and state = 'SENT'",
                to.name(), why, ts(now), id);
        return to;
    }

    // ---- plumbing

    <T> T read(Jdbc.Work<T> work) {
        try {
            return Jdbc.read(dataSource, work);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    <T> T inTransaction(Jdbc.Work<T> work) {
        try {
            return Jdbc.inTransaction(dataSource, work);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static StoreUnavailableException unavailable(SQLException e) {
        return new StoreUnavailableException("sms store: " + e.getMessage(), e);
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        return Jdbc.update(c, sql, args);
    }

    private static Optional<SmsMessage> one(Connection c, String sql, Object... args) throws SQLException {
        return Jdbc.one(c, SmsStore::message, sql, args);
    }

    private static List<SmsMessage> many(Connection c, String sql, Object... args) throws SQLException {
        return Jdbc.many(c, SmsStore::message, sql, args);
    }

    static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        Jdbc.bind(ps, args);
    }

    private static SmsMessage message(ResultSet rs) throws SQLException {
        String ids = rs.getString(13);
        return new SmsMessage(rs.getString(1), Direction.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), State.valueOf(rs.getString(8)), rs.getBoolean(9),
                rs.getBoolean(10), rs.getInt(11), instant(rs, 12),
                ids == null || ids.isEmpty() ? List.of() : Arrays.asList(ids.split(",")), rs.getString(14),
                rs.getString(15), instant(rs, 16), instant(rs, 17));
    }

    static Instant instant(ResultSet rs, int i) throws SQLException {
        return Jdbc.instant(rs, i);
    }

    static Timestamp ts(Instant i) {
        return Jdbc.ts(i);
    }

    private static String join(List<String> ids) {
        return ids == null || ids.isEmpty() ? null : String.join(",", ids);
    }

    static String clip(String s, int max) {
        return Jdbc.clip(s, max);
    }
}
