package io.frontdoor.callback.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.Interaction;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.JdbcSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database: a connection pool, schema migrations (Flyway) applied at open, and Hibernate's
 * mappings. H2 embedded by default; PostgreSQL by JDBC URL, nothing else changes.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final SessionFactory sessionFactory;

    private Database(HikariDataSource dataSource, SessionFactory sessionFactory) {
        this.dataSource = dataSource;
        this.sessionFactory = sessionFactory;
    }

    /** Opens the pool, migrates the schema to the current version and builds the mappings. */
    public static Database open(StoreSettings settings) {
        if (settings.jdbcUrl().startsWith("jdbc:h2:") && System.getProperty("h2.bindAddress") == null) {
            // the embedded database's AUTO_SERVER port (for the command line) listens on loopback only
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        config.setValidationTimeout(Math.max(250, settings.connectTimeout().toMillis() / 2));
        config.setPoolName("frontdoor-db");
        HikariDataSource ds = new HikariDataSource(config);
        try {
            Flyway flyway = Flyway.configure().dataSource(ds)
                    .locations("classpath:db/migration", "classpath:db/vendor/" + vendor(ds)).load();
            var result = flyway.migrate();
            log.info("database schema at version {} ({} migration(s) applied now)",
                    flyway.info().current().getVersion(), result.migrationsExecuted);
            SessionFactory sf = new HibernatePersistenceConfiguration("frontdoor")
                    .managedClasses(Customer.class, Interaction.class)
                    .property(JdbcSettings.JAKARTA_NON_JTA_DATASOURCE, ds)
                    .property("hibernate.jdbc.batch_size", 100)
                    .property("hibernate.order_inserts", true)
                    .property("hibernate.show_sql", false)
                    .createEntityManagerFactory();
            return new Database(ds, sf);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    /** The folder of vendor-specific migrations (Quartz's tables): {@code h2} or {@code postgresql}. */
    private static String vendor(DataSource ds) {
        try (java.sql.Connection c = ds.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
            if (product.contains("postgres")) {
                return "postgresql";
            }
            if (product.contains("h2")) {
                return "h2";
            }
            throw new IllegalStateException("unsupported database " + product + " (H2 and PostgreSQL are)");
        } catch (java.sql.SQLException e) {
            throw new StoreUnavailableException("cannot reach the database: " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public SessionFactory sessionFactory() {
        return sessionFactory;
    }

    @Override
    public void close() {
        sessionFactory.close();
        dataSource.close();
    }
}
