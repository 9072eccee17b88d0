package io.frontdoor.ivr.server;

import io.frontdoor.callback.customer.PhoneNumbers;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Opens the database the configuration names (embedded H2 in the data directory by default). */
final class Store {
    private Store() {
    }

    static Database open(Settings s) {
        Path dataDir = s.path("data-dir");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        String url = s.text("db.url");
        StoreSettings store = url.isEmpty()
                ? StoreSettings.embeddedH2(dataDir)
                : new StoreSettings(url, s.text("db.user"), s.text("db.password"), s.integer("db.pool-size"),
                        Duration.ofMillis(s.integer("db.connect-timeout-ms")));
        if (url.isEmpty()) {
            store = new StoreSettings(store.jdbcUrl(), store.user(), store.password(), s.integer("db.pool-size"),
                    Duration.ofMillis(s.integer("db.connect-timeout-ms")));
        }
        return Database.open(store);
    }

    static PhoneNumbers phoneNumbers(Settings s) {
        return new PhoneNumbers(s.text("phone.default-region"));
    }
}
