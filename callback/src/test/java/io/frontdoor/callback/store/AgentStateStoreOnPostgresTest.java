package io.frontdoor.callback.store;

import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link AgentStateStoreTest} on PostgreSQL (the cluster the README's test command starts). */
@EnabledIfEnvironmentVariable(named = "FRONTDOOR_TEST_PG_URL", matches = ".+")
class AgentStateStoreOnPostgresTest extends AgentStateStoreTest {
    @Override
    Database database(Path dir) {
        return PostgresDatabases.open(dir);
    }
}
