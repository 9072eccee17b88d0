package io.frontdoor.ivr.asterisk.ami;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how FrontDoor reaches the Asterisk Manager Interface (a {@code manager.conf} user; see
 * {@code dialplans/asterisk/README.md} for the permissions it needs).
 *
 * @param host          Asterisk's address
 * @param port          AMI port (Asterisk's default is 5038)
 * @param username      the {@code manager.conf} user
 * @param secret        its secret (sent as an MD5 challenge response, never in clear)
 * @param actionTimeout how long to wait for the reply to one action (login steps, QueuePause,
 *                      the {@code queued} reply to Originate) before treating Asterisk as unresponsive
 * @param pingInterval  how often to Ping an idle connection; a connection that stays silent for
 *                      three intervals is closed and reconnected (catches a peer that vanished
 *                      without closing TCP). {@link Duration#ZERO} turns this off.
 * @param retryMin      first wait before logging in again after a failed login
 * @param retryMax      the longest wait between login attempts (the wait doubles up to it)
 */
public record AmiSettings(String host, int port, String username, String secret, Duration actionTimeout,
        Duration pingInterval, Duration retryMin, Duration retryMax) {

    public AmiSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("AMI port out of range: " + port);
        }
        requirePositive(actionTimeout, "actionTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        if (pingInterval.isNegative()) {
            throw new IllegalArgumentException("pingInterval must not be negative");
        }
        requirePositive(retryMin, "retryMin");
        requirePositive(retryMax, "retryMax");
        if (retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("retryMax is shorter than retryMin");
        }
    }

    /** Settings with the defaults: 3 s action timeout, Ping every 20 s, login retries from 0.2 s up to 30 s. */
    public static AmiSettings of(String host, int port, String username, String secret) {
        return new AmiSettings(host, port, username, secret, Duration.ofSeconds(3), Duration.ofSeconds(20),
                Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    /** The same settings with another action timeout. */
    public AmiSettings withActionTimeout(Duration timeout) {
        return new AmiSettings(host, port, username, secret, timeout, pingInterval, retryMin, retryMax);
    }

    /** The same settings with another keep-alive Ping interval ({@link Duration#ZERO}: none). */
    public AmiSettings withPingInterval(Duration interval) {
        return new AmiSettings(host, port, username, secret, actionTimeout, interval, retryMin, retryMax);
    }

    /** The same settings with other login retry waits. */
    public AmiSettings withRetry(Duration min, Duration max) {
        return new AmiSettings(host, port, username, secret, actionTimeout, pingInterval, min, max);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "AmiSettings[" + username + "@" + host + ":" + port + "]";
    }
}
