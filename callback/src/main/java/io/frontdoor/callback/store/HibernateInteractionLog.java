package io.frontdoor.callback.store;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionLog;
import io.frontdoor.callback.customer.InteractionQuery;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;

/**
 * The interaction timeline in the database: written with plain SQL (once per call), read through
 * Hibernate. Recording is idempotent per (channel, ref): a copy
 * replayed from the spool after a crash does not duplicate an entry already written.
 */
public final class HibernateInteractionLog implements InteractionLog {
    private static final String INSERT = "insert into interaction (ref, customer_id, channel, phone, dialled, flow,"
            + " language, greeting, started_at, ended_at, outcome, end_step, path, choices, route, detail)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final SessionFactory sessions;
    private final javax.sql.DataSource dataSource;

    public HibernateInteractionLog(Database database) {
        this.sessions = database.sessionFactory();
        this.dataSource = database.dataSource();
    }

    /**
     * One plain insert per interaction (it runs once per call); a (channel, ref) already stored is
     * a replay and is ignored.
     */
    @Override
    public void record(Interaction i) {
        try (java.sql.Connection con = dataSource.getConnection();
                java.sql.PreparedStatement ps = con.prepareStatement(INSERT)) {
            bind(ps, i);
            ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            if (!"23505".equals(e.getSQLState())) { // unique violation: recorded already
                throw new StoreUnavailableException("interaction log: " + e.getMessage(), e);
            }
        }
    }

    /**
     * One transaction for the lot (group commit: with every commit written to disk, the cost is per
     * commit, not per row). A replay in the lot makes the batch fail; it is then written one by one.
     */
    @Override
    public void recordAll(List<Interaction> interactions) {
        if (interactions.size() == 1) {
            record(interactions.get(0));
            return;
        }
        try (java.sql.Connection con = dataSource.getConnection()) {
            con.setAutoCommit(false);
            try (java.sql.PreparedStatement ps = con.prepareStatement(INSERT)) {
                for (Interaction i : interactions) {
                    bind(ps, i);
                    ps.addBatch();
                }
                ps.executeBatch();
                con.commit();
            } catch (java.sql.SQLException e) {
                con.rollback();
                if (!"23505".equals(e.getSQLState()) && !(e.getCause() instanceof java.sql.SQLException c
                        && "23505".equals(c.getSQLState())) && !(e instanceof java.sql.BatchUpdateException)) {
                    throw e;
                }
                con.setAutoCommit(true);
                interactions.forEach(this::record);
            } finally {
                if (!con.getAutoCommit()) {
                    con.setAutoCommit(true);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new StoreUnavailableException("interaction log: " + e.getMessage(), e);
        }
    }

    private static void bind(java.sql.PreparedStatement ps, Interaction i) throws java.sql.SQLException {
        ps.setString(1, i.ref());
        ps.setString(2, i.customerId());
        ps.setString(3, i.channel().name());
        ps.setString(4, i.phone());
        ps.setString(5, i.dialled());
        ps.setString(6, i.flow());
        ps.setString(7, i.language());
        ps.setString(8, i.greeting());
        ps.setObject(9, utc(i.startedAt()));
        ps.setObject(10, utc(i.endedAt()));
        ps.setString(11, i.outcome().name());
        ps.setString(12, i.endStep());
        ps.setString(13, i.path());
        ps.setString(14, i.choices());
        ps.setString(15, i.route());
        ps.setString(16, i.detail());
    }

    private static java.time.OffsetDateTime utc(java.time.Instant t) {
        return t == null ? null : java.time.OffsetDateTime.ofInstant(t, java.time.ZoneOffset.UTC);
    }

    @Override
    public List<Interaction> find(InteractionQuery query) {
        StringBuilder hql = new StringBuilder("select i from Interaction i where 1 = 1");
        if (query.customerId() != null) {
            hql.append(" and i.customerId = :customer");
        }
        if (query.phone() != null) {
            hql.append(" and i.phone = :phone");
        }
        hql.append(" order by i.startedAt desc, i.id desc");
        try (StatelessSession s = sessions.openStatelessSession()) {
            var q = s.createSelectionQuery(hql.toString(), Interaction.class).setMaxResults(query.limit());
            if (query.customerId() != null) {
                q.setParameter("customer", query.customerId());
            }
            if (query.phone() != null) {
                q.setParameter("phone", query.phone());
            }
            return q.getResultList();
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("interaction log: " + e.getMessage(), e);
        }
    }
}
