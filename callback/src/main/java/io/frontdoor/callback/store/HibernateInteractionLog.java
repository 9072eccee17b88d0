package io.frontdoor.callback.store;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionLog;
import io.frontdoor.callback.customer.InteractionQuery;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;

/**
 * The interaction timeline in the database. Recording is idempotent per (channel, ref): a copy
 * replayed from the spool after a crash does not duplicate an entry already written.
 */
public final class HibernateInteractionLog implements InteractionLog {
    private final SessionFactory sessions;

    public HibernateInteractionLog(Database database) {
        this.sessions = database.sessionFactory();
    }

    @Override
    public void record(Interaction interaction) {
        try (StatelessSession s = sessions.openStatelessSession()) {
            Transaction tx = s.beginTransaction();
            try {
                s.insert(interaction);
                tx.commit();
            } catch (org.hibernate.exception.ConstraintViolationException e) {
                // already recorded (a spooled copy replayed, or a late write that did land): done
                if (tx.isActive()) {
                    tx.rollback();
                }
            } catch (RuntimeException e) {
                if (tx.isActive()) {
                    tx.rollback();
                }
                throw e;
            }
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("interaction log: " + e.getMessage(), e);
        }
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
