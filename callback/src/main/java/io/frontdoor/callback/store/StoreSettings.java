package io.frontdoor.callback.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the database.
 *
 * @param jdbcUrl        H2 ({@code jdbc:h2:file:...}) or PostgreSQL ({@code jdbc:postgresql://...})
 * @param user           database user
 * @param password       database password
 * @param poolSize       connections kept open
 * @param connectTimeout how long a caller of the store waits for a connection before the store
 *                       counts as unavailable
 */
public record StoreSettings(String jdbcUrl, String user, String password, int poolSize, Duration connectTimeout) {
    public StoreSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
        if (connectTimeout.toMillis() < 250) {
            // HikariCP's floor; asking for less silently becomes 30 s
            connectTimeout = Duration.ofMillis(250);
        }
    }

    /**
     * An embedded H2 file database in {@code dataDir}. {@code WRITE_DELAY=0}: H2 otherwise writes
     * committed transactions up to 500 ms later, and a process killed meanwhile loses them; a
     * callback promised to a caller must survive kill -9.
     */
    public static StoreSettings embeddedH2(java.nio.file.Path dataDir) {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("frontdoor")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        return new StoreSettings(url, "sa", "", 10, Duration.ofSeconds(2));
    }
}
