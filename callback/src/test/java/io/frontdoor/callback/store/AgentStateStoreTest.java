package io.frontdoor.callback.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentStateStoreTest {
    /** The store under test: an H2 file in {@code dir}; the PostgreSQL subclass runs the same tests on PostgreSQL. */
    Database database(Path dir) {
        return TestDatabases.embedded(dir);
    }

    @TempDir
    Path dir;

    @Test
    void theLastStateOfEachAgentIsKeptAcrossReopening() {
        try (Database db = database(dir)) {
            AgentStateStore store = new AgentStateStore(db.dataSource(), Clock.systemUTC());
            assertEquals(Map.of(), store.load());
            store.save("2001", false, "admin API");
            store.save("2002", false, "did not answer: 480 Temporarily Unavailable");
            store.save("2002", true, "admin API");
            store.save("2001", false, "x".repeat(500)); // a long reason is cut, not refused
        }
        try (Database db = database(dir)) {
            assertEquals(Map.of("2001", false, "2002", true), new AgentStateStore(db.dataSource(), Clock.systemUTC()).load());
        }
    }
}
