package io.frontdoor.callback.dispatch;

import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.PostgresDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link CallbackDispatcherTest} on PostgreSQL (the cluster the README's test command starts). */
@EnabledIfEnvironmentVariable(named = "FRONTDOOR_TEST_PG_URL", matches = ".+")
class CallbackDispatcherOnPostgresTest extends CallbackDispatcherTest {
    @Override
    Database database(Path dir) {
        return PostgresDatabases.open(dir);
    }
}
