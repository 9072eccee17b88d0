package io.frontdoor.callback.store;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.CustomerDirectory;
import java.util.List;
import java.util.Optional;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;

/**
 * Customer lookups on the database. Stateless sessions: a lookup per call, nothing cached in
 * Hibernate, so an import is visible at once.
 */
public final class HibernateCustomerDirectory implements CustomerDirectory {
    private final SessionFactory sessions;

    public HibernateCustomerDirectory(Database database) {
        this.sessions = database.sessionFactory();
    }

    @Override
    public List<Customer> findByPhone(String e164) {
        return read(s -> s.createSelectionQuery(
                        "select distinct c from Customer c left join fetch c.phones"
                                + " where c.id in (select o.id from Customer o join o.phones p where p = :phone)"
                                + " order by c.id", Customer.class)
                .setParameter("phone", e164)
                .getResultList());
    }

    @Override
    public Optional<Customer> findById(String customerId) {
        return read(s -> s.createSelectionQuery(
                        "select c from Customer c left join fetch c.phones where c.id = :id", Customer.class)
                .setParameter("id", customerId)
                .uniqueResultOptional());
    }

    @Override
    public boolean hasHistory(String customerId) {
        return read(s -> !s.createSelectionQuery(
                        "select 1 from Interaction i where i.customerId = :id", Integer.class)
                .setParameter("id", customerId)
                .setMaxResults(1)
                .getResultList().isEmpty());
    }

    @Override
    public long count() {
        return read(s -> s.createSelectionQuery("select count(*) from Customer", Long.class).getSingleResult());
    }

    private <T> T read(java.util.function.Function<StatelessSession, T> work) {
        try (StatelessSession s = sessions.openStatelessSession()) {
            return work.apply(s);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("customer store: " + e.getMessage(), e);
        }
    }
}
