package io.frontdoor.callback.queue;

import io.frontdoor.callback.queue.CallbackAttempt.Outcome;
import io.frontdoor.callback.store.Jdbc;
import io.frontdoor.callback.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@code callback_request} and {@code callback_attempt} tables: every request, state change and
 * attempt is written here, in one transaction each, before FrontDoor acts on it. Plain JDBC on the
 * shared pool: these statements are on the dispatch path and use the indexes of migration V2.
 */
public final class CallbackStore {
    private static final String COLUMNS = "id, customer_id, queue, phone, language, priority, arrived_at, due_at,"
            + " timed, state, attempts, expires_at, created_at, updated_at, origin_call, requested_by, agent,"
            + " closed_reason";

    private final DataSource dataSource;

    public CallbackStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What {@link #open} did. */
    public record Saved(CallbackRequest request, boolean updated) {
    }

    /**
     * Stores a new request, or, when the customer already has an open request for the queue,
     * updates that one (number, language, due time, expiry) and keeps its id, arrival and state:
     * one customer holds at most one open request per queue.
     */
    public Saved open(CallbackRequest r) {
        String key = openKey(r);
        return inTransaction(c -> {
            Optional<CallbackRequest> existing = one(c, "select " + COLUMNS
                    + " from callback_request where open_key = ? for update", key);
            if (existing.isPresent()) {
                CallbackRequest old = existing.get();
                Instant arrived = old.arrivedAt().isBefore(r.arrivedAt()) ? old.arrivedAt() : r.arrivedAt();
                // a request being dialled keeps its due time: the new details apply from the next attempt
                Instant due = old.state() == CallbackState.DIALING ? old.dueAt() : r.dueAt();
                Jdbc.update(c, "update callback_request set phone = ?, language = ?, due_at = ?, timed = ?,"
                        + " expires_at = ?, arrived_at = ?, updated_at = ?, requested_by = ? where id = ?",
                        r.phone(), r.language(), Jdbc.ts(due), r.timed(), Jdbc.ts(r.expiresAt()), Jdbc.ts(arrived),
                        Jdbc.ts(r.updatedAt()), r.requestedBy(), old.id());
                return new Saved(one(c, "select " + COLUMNS + " from callback_request where id = ?", old.id())
                        .orElseThrow(), true);
            }
            Jdbc.update(c, "insert into callback_request (" + COLUMNS + ", open_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.id(), r.customerId(), r.queue(), r.phone(), r.language(),
                    r.priority(), Jdbc.ts(r.arrivedAt()), Jdbc.ts(r.dueAt()), r.timed(), r.state().name(), r.attempts(),
                    Jdbc.ts(r.expiresAt()), Jdbc.ts(r.createdAt()), Jdbc.ts(r.updatedAt()), r.originCall(), r.requestedBy(),
                    r.agent(), r.closedReason(), key);
            return new Saved(r, false);
        });
    }

    private static String openKey(CallbackRequest r) {
        // callers not in the customer store are keyed by the number they will be called on
        return (r.customerId() != null ? "c:" + r.customerId() : "p:" + r.phone()) + "|" + r.queue();
    }

    public Optional<CallbackRequest> find(String id) {
        return read(c -> one(c, "select " + COLUMNS + " from callback_request where id = ?", id));
    }

    /** Open requests of a customer, oldest first. */
    public List<CallbackRequest> openFor(String customerId) {
        return read(c -> many(c, "select " + COLUMNS + " from callback_request where customer_id = ?"
                + " and open_key is not null order by created_at", customerId));
    }

    /** Open requests for calls from a number not in the customer store, oldest first. */
    public List<CallbackRequest> openForPhone(String phone) {
        return read(c -> many(c, "select " + COLUMNS + " from callback_request where customer_id is null"
                + " and phone = ? and open_key is not null order by created_at", phone));
    }

    /** Requests newest first, optionally of one state, queue or customer ({@code null} for any). */
    public List<CallbackRequest> list(CallbackState state, String queue, String customerId, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from callback_request where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (state != null) {
            sql.append(" and state = ?");
            args.add(state.name());
        }
        if (queue != null) {
            sql.append(" and queue = ?");
            args.add(queue);
        }
        if (customerId != null) {
            sql.append(" and customer_id = ?");
            args.add(customerId);
        }
        sql.append(" order by created_at desc, id fetch first ").append(Math.max(1, limit)).append(" rows only");
        return read(c -> many(c, sql.toString(), args.toArray()));
    }

    /** Every pending request that is due at {@code now}, earliest due first, up to {@code limit}. */
    public List<CallbackRequest> due(Instant now, int limit) {
        return read(c -> many(c, "select " + COLUMNS + " from callback_request where state = 'PENDING'"
                + " and due_at <= ? order by due_at, id fetch first " + limit + " rows only", Jdbc.ts(now)));
    }

    /**
     * Pending requests due after {@code after} and up to {@code until}, in (due, id) order after
     * the given key: the batch reader of the due scan.
     */
    public List<CallbackRequest> dueBetween(Instant after, String afterId, Instant until, int limit) {
        return read(c -> many(c, "select " + COLUMNS + " from callback_request where state = 'PENDING'"
                + " and due_at >= ? and due_at <= ? and (due_at > ? or id > ?) order by due_at, id"
                + " fetch first " + limit + " rows only", Jdbc.ts(after), Jdbc.ts(until), Jdbc.ts(after), afterId));
    }

    /** The earliest due time of a pending request after {@code after}, if any. */
    public Optional<Instant> nextDueAfter(Instant after) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select min(due_at) from callback_request where state = 'PENDING' and due_at > ?")) {
                ps.setTimestamp(1, Jdbc.ts(after));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    Timestamp t = rs.getTimestamp(1);
                    return Optional.ofNullable(t).map(Timestamp::toInstant);
                }
            }
        });
    }

    /** Requests in a state (for recovery at start: DIALING ones), oldest first. */
    public List<CallbackRequest> inState(CallbackState state) {
        return read(c -> many(c, "select " + COLUMNS + " from callback_request where state = ?"
                + " order by arrived_at", state.name()));
    }

    /** Requests made from a number, or for a number, since a time: for rate limits. */
    public int countSince(String requestedBy, String phone, Instant since) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select (select count(*) from callback_request where requested_by = ? and created_at >= ?),"
                            + " (select count(*) from callback_request where phone = ? and created_at >= ?)")) {
                ps.setString(1, requestedBy);
                ps.setTimestamp(2, Jdbc.ts(since));
                ps.setString(3, phone);
                ps.setTimestamp(4, Jdbc.ts(since));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Math.max(requestedBy == null ? 0 : rs.getInt(1), rs.getInt(2));
                }
            }
        });
    }

    /**
     * Starts an attempt: the request goes from PENDING to DIALING with the agent reserved for it and
     * the attempt row is written, in one transaction. Empty when the request is no longer pending
     * (cancelled, expired, claimed already).
     */
    public Optional<CallbackAttempt> claim(String requestId, String agent, Instant now) {
        return inTransaction(c -> {
            int n = Jdbc.update(c, "update callback_request set state = 'DIALING', agent = ?, attempts = attempts + 1,"
                    + " updated_at = ? where id = ? and state = 'PENDING'", agent, Jdbc.ts(now), requestId);
            if (n == 0) {
                return Optional.empty();
            }
            int number;
            // attempts that dialled nothing do not count on the request, but keep their row: number after the last row
            try (PreparedStatement ps = c.prepareStatement(
                    "select coalesce(max(number), 0) + 1 from callback_attempt where request_id = ?")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    number = rs.getInt(1);
                }
            }
            CallbackAttempt a = new CallbackAttempt(UUID.randomUUID().toString(), requestId, number, agent, now,
                    null, null, null);
            Jdbc.update(c, "insert into callback_attempt (id, request_id, number, agent, started_at) values (?, ?, ?, ?, ?)",
                    a.id(), requestId, number, agent, Jdbc.ts(now));
            return Optional.of(a);
        });
    }

    /** Attempt rows of a request, first first. */
    public List<CallbackAttempt> attempts(String requestId) {
        return read(c -> {
            List<CallbackAttempt> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select id, request_id, number, agent, started_at,"
                    + " ended_at, outcome, detail from callback_attempt where request_id = ? order by number")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(attempt(rs));
                    }
                }
            }
            return out;
        });
    }

    public Optional<CallbackAttempt> attempt(String attemptId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select id, request_id, number, agent, started_at,"
                    + " ended_at, outcome, detail from callback_attempt where id = ?")) {
                ps.setString(1, attemptId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(attempt(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Ends an attempt and moves its request on, in one transaction: back to PENDING (due at
     * {@code nextDue}) for a retry, or closed in {@code next} with a reason. Does nothing (returns
     * false) when the attempt has already ended: outcomes are applied once.
     *
     * @param countAttempt false when nothing was dialled (the attempt does not count)
     */
    public boolean endAttempt(CallbackAttempt attempt, Outcome outcome, String detail, Instant now,
            CallbackState next, Instant nextDue, String closedReason, boolean countAttempt) {
        return inTransaction(c -> {
            int n = Jdbc.update(c, "update callback_attempt set ended_at = ?, outcome = ?, detail = ? where id = ?"
                    + " and ended_at is null", Jdbc.ts(now), outcome.name(), Jdbc.clip(detail, 500), attempt.id());
            if (n == 0) {
                return false;
            }
            String uncount = countAttempt ? "" : ", attempts = attempts - 1";
            if (next.isOpen()) {
                Jdbc.update(c, "update callback_request set state = ?, due_at = ?, agent = null, updated_at = ?" + uncount
                        + " where id = ?", next.name(), Jdbc.ts(nextDue), Jdbc.ts(now), attempt.requestId());
            } else {
                Jdbc.update(c, "update callback_request set state = ?, agent = null, open_key = null, closed_reason = ?,"
                        + " updated_at = ?" + uncount + " where id = ?", next.name(), Jdbc.clip(closedReason, 200), Jdbc.ts(now),
                        attempt.requestId());
            }
            return true;
        });
    }

    /** A request marked DIALING with no open attempt (a crash between the two writes cannot leave one, but an edit could): back to pending. */
    public boolean backToPending(String requestId, Instant now) {
        return inTransaction(c -> Jdbc.update(c, "update callback_request set state = 'PENDING', agent = null, updated_at = ?"
                + " where id = ? and state = 'DIALING'", Jdbc.ts(now), requestId) == 1);
    }

    /** Closes an open request that is not being dialled (cancel, expiry); false when it was not so. */
    public boolean close(String requestId, CallbackState to, String reason, Instant now) {
        return inTransaction(c -> Jdbc.update(c, "update callback_request set state = ?, open_key = null,"
                + " closed_reason = ?, updated_at = ? where id = ? and state = 'PENDING'", to.name(),
                Jdbc.clip(reason, 200), Jdbc.ts(now), requestId) == 1);
    }

    /** Moves a pending request's due time (business hours closed: to the next open time). */
    public boolean reschedule(String requestId, Instant due, Instant now) {
        return inTransaction(c -> Jdbc.update(c, "update callback_request set due_at = ?, updated_at = ? where id = ?"
                + " and state = 'PENDING'", Jdbc.ts(due), Jdbc.ts(now), requestId) == 1);
    }

    /** Pending requests whose expiry has passed, up to {@code limit}. */
    public List<CallbackRequest> expired(Instant now, int limit) {
        return read(c -> many(c, "select " + COLUMNS + " from callback_request where state = 'PENDING'"
                + " and expires_at <= ? order by expires_at fetch first " + limit + " rows only", Jdbc.ts(now)));
    }

    // ---- plumbing

    private <T> T read(Jdbc.Work<T> work) {
        try {
            return Jdbc.read(dataSource, work);
        } catch (SQLException e) {
            throw new StoreUnavailableException("callback store: " + e.getMessage(), e);
        }
    }

    private <T> T inTransaction(Jdbc.Work<T> work) {
        try {
            return Jdbc.inTransaction(dataSource, work);
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new ConcurrentRequestException("a row with the same key was stored at the same moment ("
                        + e.getMessage() + ")", e);
            }
            throw new StoreUnavailableException("callback store: " + e.getMessage(), e);
        }
    }

    /** Two requests for the same customer and queue raced; the caller may retry. */
    public static final class ConcurrentRequestException extends RuntimeException {
        ConcurrentRequestException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static Optional<CallbackRequest> one(Connection c, String sql, Object... args) throws SQLException {
        return Jdbc.one(c, CallbackStore::request, sql, args);
    }

    private static List<CallbackRequest> many(Connection c, String sql, Object... args) throws SQLException {
        return Jdbc.many(c, CallbackStore::request, sql, args);
    }

    private static CallbackRequest request(ResultSet rs) throws SQLException {
        return new CallbackRequest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getInt(6), Jdbc.instant(rs, 7), Jdbc.instant(rs, 8), rs.getBoolean(9),
                CallbackState.valueOf(rs.getString(10)), rs.getInt(11), Jdbc.instant(rs, 12), Jdbc.instant(rs, 13),
                Jdbc.instant(rs, 14), rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18));
    }

    private static CallbackAttempt attempt(ResultSet rs) throws SQLException {
        String outcome = rs.getString(7);
        return new CallbackAttempt(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), Jdbc.instant(rs, 5),
                Jdbc.instant(rs, 6), outcome == null ? null : Outcome.valueOf(outcome), rs.getString(8));
    }



}
