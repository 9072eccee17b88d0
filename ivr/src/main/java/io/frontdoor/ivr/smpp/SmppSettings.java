package io.frontdoor.ivr.smpp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link SmppGateway} reaches its SMSC. Build with {@link #builder}; defaults are sensible for
 * a production link.
 *
 * @param host                 SMSC host
 * @param port                 SMSC port (2775 usually)
 * @param systemId             bind system_id
 * @param password             bind password (never logged)
 * @param systemType           bind system_type, often empty
 * @param sourceAddress        sender used when a message has none (short code, number or alphanumeric id)
 * @param sourceTon            source TON for a numeric sender not in E.164 (e.g. 3 national, 6 short code)
 * @param sourceNpi            source NPI for such a sender
 * @param window               submit_sm outstanding at once, across all threads (default 10)
 * @param enquireLinkInterval  idle time before an enquire_link keep-alive (default 30 s)
 * @param rebindMinBackoff     first wait before rebinding after a failure (default 1 s)
 * @param rebindMaxBackoff     longest wait between rebind attempts (default 60 s)
 * @param submitTimeout        wait for a submit_sm_resp, and for a window slot (default 10 s)
 * @param bindTimeout          wait for connect and bind_transceiver_resp (default 10 s)
 * @param localAddress         local address to bind the socket to, or null for any
 * @param inboundMaxBytes      largest inbound message accepted, all parts together (default 2,240 bytes)
 * @param inboundTimeout       how long the parts of an inbound message may take to arrive (default 2 min)
 * @param inboundMaxPending    incomplete inbound messages held at once (default 1,000; oldest dropped)
 */
public record SmppSettings(String host, int port, String systemId, String password, String systemType,
                           String sourceAddress, byte sourceTon, byte sourceNpi, int window,
                           Duration enquireLinkInterval, Duration rebindMinBackoff, Duration rebindMaxBackoff,
                           Duration submitTimeout, Duration bindTimeout, InetAddress localAddress,
                           int inboundMaxBytes, Duration inboundTimeout, int inboundMaxPending) {

    public SmppSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(systemId, "systemId");
        password = password == null ? "" : password;
        systemType = systemType == null ? "" : systemType;
        sourceAddress = sourceAddress == null ? "" : sourceAddress;
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        // SMPP 3.4 field limits (C-Octet Strings with their NUL): jsmpp's own error would echo the password
        if (systemId.length() > 15) {
            throw new IllegalArgumentException("SMPP system id longer than 15 characters");
        }
        if (password.length() > 8) {
            throw new IllegalArgumentException("SMPP password longer than 8 characters (SMPP 3.4 limit)");
        }
        if (systemType.length() > 12) {
            throw new IllegalArgumentException("SMPP system type longer than 12 characters");
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        if (rebindMaxBackoff.compareTo(rebindMinBackoff) < 0) {
            throw new IllegalArgumentException("rebindMaxBackoff < rebindMinBackoff");
        }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "SmppSettings[" + systemId + "@" + host + ":" + port + ", window " + window + "]";
    }

    /** Starts settings for an SMSC with the defaults above. */
    public static Builder builder(String host, int port, String systemId, String password) {
        return new Builder(host, port, systemId, password);
    }

    /** Builder for {@link SmppSettings}. */
    public static final class Builder {
        private final String host;
        private final int port;
        private final String systemId;
        private final String password;
        private String systemType = "";
        private String sourceAddress = "";
        private byte sourceTon = 0;
        private byte sourceNpi = 1;
        private int window = 10;
        private Duration enquireLinkInterval = Duration.ofSeconds(30);
        private Duration rebindMinBackoff = Duration.ofSeconds(1);
        private Duration rebindMaxBackoff = Duration.ofSeconds(60);
        private Duration submitTimeout = Duration.ofSeconds(10);
        private Duration bindTimeout = Duration.ofSeconds(10);
        private InetAddress localAddress;
        private int inboundMaxBytes = 16 * 140;
        private Duration inboundTimeout = Duration.ofMinutes(2);
        private int inboundMaxPending = 1000;

        private Builder(String host, int port, String systemId, String password) {
            this.host = host;
            this.port = port;
            this.systemId = systemId;
            this.password = password;
        }

        public Builder systemType(String v) { systemType = v; return this; }
        public Builder sourceAddress(String v) { sourceAddress = v; return this; }
        public Builder sourceTonNpi(int ton, int npi) { sourceTon = (byte) ton; sourceNpi = (byte) npi; return this; }
        public Builder window(int v) { window = v; return this; }
        public Builder enquireLinkInterval(Duration v) { enquireLinkInterval = v; return this; }
        public Builder rebindBackoff(Duration min, Duration max) { rebindMinBackoff = min; rebindMaxBackoff = max; return this; }
        public Builder submitTimeout(Duration v) { submitTimeout = v; return this; }
        public Builder bindTimeout(Duration v) { bindTimeout = v; return this; }
        public Builder localAddress(InetAddress v) { localAddress = v; return this; }
        public Builder inboundMaxBytes(int v) { inboundMaxBytes = v; return this; }
        public Builder inboundTimeout(Duration v) { inboundTimeout = v; return this; }
        public Builder inboundMaxPending(int v) { inboundMaxPending = v; return this; }

        public SmppSettings build() {
            return new SmppSettings(host, port, systemId, password, systemType, sourceAddress, sourceTon, sourceNpi,
                    window, enquireLinkInterval, rebindMinBackoff, rebindMaxBackoff, submitTimeout, bindTimeout,
                    localAddress, inboundMaxBytes, inboundTimeout, inboundMaxPending);
        }
    }
}
