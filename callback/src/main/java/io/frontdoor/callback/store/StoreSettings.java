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
     * An embedded H2 file database in {@code dataDir}.
     * <ul>
     * <li>{@code WRITE_DELAY=0}: H2 otherwise writes committed transactions up to 500 ms later, and
     *     a process killed meanwhile loses them; a callback promised to a caller must survive kill -9.</li>
     * <li>{@code async:} file store: commits now write on the committing thread, and H2's plain file
     *     store closes the whole database when that thread is interrupted (Quartz interrupts its
     *     threads at shutdown); the asynchronous channel is not closed by interrupts.</li>
     * <li>{@code AUTO_SERVER=TRUE}: the first process to open the file (the server) serves it to the
     *     others over a TCP port of its own, so the command line ({@code calls list},
     *     {@code callbacks cancel}) works while the server runs. H2 refuses this together with
     *     {@code DB_CLOSE_ON_EXIT=FALSE}, so H2 closes the file from its own shutdown hook; what
     *     FrontDoor still writes while stopping is spooled (interactions) or already committed.</li>
     * </ul>
     */
    public static StoreSettings embeddedH2(java.nio.file.Path dataDir) {
        String url = "jdbc:h2:async:" + dataDir.toAbsolutePath().resolve("frontdoor") + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
        return new StoreSettings(url, "sa", "", 10, Duration.ofSeconds(2));
    }
}
