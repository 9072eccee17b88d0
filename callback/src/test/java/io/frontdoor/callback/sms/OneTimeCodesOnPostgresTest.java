package io.frontdoor.callback.sms;

import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.PostgresDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link OneTimeCodesTest} on PostgreSQL (the cluster the README's test command starts). */
@EnabledIfEnvironmentVariable(named = "FRONTDOOR_TEST_PG_URL", matches = ".+")
class OneTimeCodesOnPostgresTest extends OneTimeCodesTest {
    @Override
    Database database(Path dir) {
        return PostgresDatabases.open(dir);
    }
}
