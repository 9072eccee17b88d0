package io.frontdoor.ivr.freeswitch;

import java.time.Duration;
import java.util.Objects;

/**
 * Where FrontDoor's inbound ESL connection goes ({@code event_socket.conf.xml} on FreeSWITCH).
 *
 * @param host           FreeSWITCH's event socket host
 * @param port           its port (8021)
 * @param password       the event socket password
 * @param commandTimeout how long an {@code api}/{@code bgapi} reply may take before the command
 *                       counts as failed
 * @param maxBackoff     the longest wait between reconnection attempts (they start at 1 s and double)
 */
public record EslSettings(String host, int port, String password, Duration commandTimeout, Duration maxBackoff) {
    public EslSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(password, "password");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad ESL port " + port);
        }
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /** 5 s per command, back-off up to 30 s. */
    public static EslSettings of(String host, int port, String password) {
        return new EslSettings(host, port, password, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public EslSettings withMaxBackoff(Duration value) {
        return new EslSettings(host, port, password, commandTimeout, value);
    }
}
