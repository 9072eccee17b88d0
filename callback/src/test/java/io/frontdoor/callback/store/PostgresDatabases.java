package io.frontdoor.callback.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real PostgreSQL databases for tests, on the cluster the README's test command starts
 * ({@code FRONTDOOR_TEST_PG_URL}, {@code FRONTDOOR_TEST_PG_USER}). Each test directory gets a
 * database of its own, created on first use, so a test that closes and reopens its store (a
 * restart) finds its data again, as with an H2 file in that directory.
 */
public final class PostgresDatabases {
    /** The variable the test command sets; store tests on PostgreSQL run only when it is set. */
    public static final String URL_VARIABLE = "FRONTDOOR_TEST_PG_URL";

    private static final Map<Path, String> NAMES = new ConcurrentHashMap<>();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = Long.toString(ProcessHandle.current().pid());

    private PostgresDatabases() {
    }

    /** The database of this test directory (created empty the first time), migrated like any store. */
    public static Database open(Path dir) {
        String name = NAMES.computeIfAbsent(dir.toAbsolutePath(), d -> create());
        return Database.open(new StoreSettings(url(name), user(), "", 4, Duration.ofSeconds(2)));
    }

    private static String create() {
        String name = "frontdoor_test_" + RUN + "_" + SEQUENCE.incrementAndGet();
        try (Connection c = DriverManager.getConnection(adminUrl(), user(), "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name);
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + adminUrl(), e);
        }
        return name;
    }

    private static String adminUrl() {
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(URL_VARIABLE + " is not set: run the tests with scripts/test");
        }
        return url;
    }

    /** The admin URL with its database name replaced. */
    private static String url(String database) {
        String admin = adminUrl();
        int query = admin.indexOf('?');
        String base = query < 0 ? admin : admin.substring(0, query);
        String params = query < 0 ? "" : admin.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }

    private static String user() {
        String user = System.getenv("FRONTDOOR_TEST_PG_USER");
        return user == null || user.isBlank() ? "postgres" : user;
    }
}
