package io.frontdoor.callback.store;

import java.nio.file.Path;
import java.time.Duration;

/** Real H2 databases for tests: embedded files in a temporary directory. */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static Database embedded(Path dir) {
        return Database.open(StoreSettings.embeddedH2(dir));
    }

    /** A database reached over H2's TCP server, which a test can stop and start again. */
    public static Database overTcp(int port, Path dir) {
        String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/" + dir.toAbsolutePath().resolve("db");
        return Database.open(new StoreSettings(url, "sa", "", 4, Duration.ofMillis(500)));
    }
}
