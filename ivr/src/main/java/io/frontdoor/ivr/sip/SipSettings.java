package io.frontdoor.ivr.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the embedded SIP endpoint runs.
 *
 * @param bind          address SIP (UDP and TCP) and RTP listen on
 * @param port          SIP port; 0 = any port free for both UDP and TCP
 * @param mediaAddress  the address written into SDP (the bind address unless the host is reached
 *                      by another)
 * @param trunks        trunk name by source address: INVITEs are accepted only from these
 * @param inviteRate    new INVITEs accepted per second from one source address (more get 503)
 * @param trunk         the trunk calls are dialled out through (callbacks, outside transfers)
 * @param agentPassword digest password of agents that register (empty: registration refused)
 * @param mediaThreads  threads sending RTP on the 20 ms beat (0: one per core, see {@link
 *                      io.frontdoor.ivr.sip.media.MediaClock})
 * @param mediaRealtime {@code SCHED_FIFO} priority of those threads (1–99; 0: normal scheduling)
 */
public record SipSettings(InetAddress bind, int port, InetAddress mediaAddress, Map<InetAddress, String> trunks,
        int inviteRate, SipTrunk trunk, String agentPassword, int mediaThreads, int mediaRealtime) {

    /** Media threads in the normal scheduling class. */
    public SipSettings(InetAddress bind, int port, InetAddress mediaAddress, Map<InetAddress, String> trunks,
            int inviteRate, SipTrunk trunk, String agentPassword, int mediaThreads) {
        this(bind, port, mediaAddress, trunks, inviteRate, trunk, agentPassword, mediaThreads, 0);
    }

    /** One media thread per core. */
    public SipSettings(InetAddress bind, int port, InetAddress mediaAddress, Map<InetAddress, String> trunks,
            int inviteRate, SipTrunk trunk, String agentPassword) {
        this(bind, port, mediaAddress, trunks, inviteRate, trunk, agentPassword, 0);
    }

    /** Without an outbound trunk or registering agents. */
    public SipSettings(InetAddress bind, int port, InetAddress mediaAddress, Map<InetAddress, String> trunks,
            int inviteRate) {
        this(bind, port, mediaAddress, trunks, inviteRate, SipTrunk.none(), "");
    }

    public SipSettings {
        Objects.requireNonNull(bind, "bind");
        trunk = trunk == null ? SipTrunk.none() : trunk;
        agentPassword = agentPassword == null ? "" : agentPassword;
        mediaAddress = mediaAddress == null ? bind : mediaAddress;
        trunks = Map.copyOf(trunks);
        if (mediaThreads < 0) {
            throw new IllegalArgumentException("mediaThreads must be 0 (one per core) or more");
        }
        if (mediaRealtime < 0 || mediaRealtime > 99) {
            throw new IllegalArgumentException("mediaRealtime must be 0 (off) or 1-99");
        }
        if (inviteRate < 1) {
            throw new IllegalArgumentException("inviteRate must be at least 1");
        }
    }

    /**
     * Reads {@code name=address} entries (a bare address is its own name), e.g.
     * {@code local=127.0.0.1, carrier=203.0.113.7}.
     *
     * @throws IllegalArgumentException naming the entry that is not an address
     */
    public static Map<InetAddress, String> trunks(Set<String> entries) {
        Map<InetAddress, String> out = new LinkedHashMap<>();
        for (String e : entries) {
            int eq = e.indexOf('=');
            String name = eq < 0 ? e.trim() : e.substring(0, eq).trim();
            String host = eq < 0 ? e.trim() : e.substring(eq + 1).trim();
            try {
                out.put(InetAddress.getByName(host), name);
            } catch (UnknownHostException ex) {
                throw new IllegalArgumentException("sip trunk '" + e + "': unknown host " + host);
            }
        }
        return out;
    }
}
