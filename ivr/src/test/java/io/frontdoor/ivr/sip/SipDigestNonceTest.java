package io.frontdoor.ivr.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Digest nonces of the registrar against real REGISTER messages over UDP, written here by hand so
 * that a test can replay one exactly: a nonce-count used again is refused, an expired nonce gets a
 * {@code stale=true} challenge.
 */
class SipDigestNonceTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final String PASSWORD = "agent-secret";

    @TempDir
    Path dir;
    SipEndpoint endpoint;
    SipAgents agents;
    DatagramSocket phone;
    final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    int cseq;

    @BeforeEach
    void start() throws Exception {
        endpoint = new SipEndpoint(new SipSettings(LOOPBACK, 0, null, Map.of(LOOPBACK, "local"), 100, SipTrunk.none(),
                PASSWORD), call -> { });
        agents = new SipAgents(new java.util.LinkedHashSet<>(List.of("vip/2001")));
        endpoint.agents(agents);
        endpoint.registrar().clock(now::get);
        phone = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        phone.setSoTimeout(5000);
    }

    @AfterEach
    void stop() {
        phone.close();
        endpoint.close();
    }

    /** A challenge's fields. */
    record Challenge(String nonce, String qop, boolean stale) {
    }

    private String register(String contactPort, String authorization) throws Exception {
        int local = phone.getLocalPort();
        cseq++;
        String msg = "REGISTER sip:127.0.0.1:" + endpoint.port() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=z9hG4bK-nonce-" + System.nanoTime() + "\r\n"
                + "From: <sip:2001@127.0.0.1>;tag=t1\r\n"
                + "To: <sip:2001@127.0.0.1>\r\n"
                + "Call-ID: nonce-test-call@127.0.0.1\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:2001@127.0.0.1:" + contactPort + ">\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Expires: 300\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        byte[] b = msg.getBytes(StandardCharsets.US_ASCII);
        phone.send(new DatagramPacket(b, b.length, new InetSocketAddress(LOOPBACK, endpoint.port())));
        while (true) {
            DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
            phone.receive(in);
            String response = new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII);
            if (response.contains("CSeq: " + cseq + " REGISTER") && !response.startsWith("SIP/2.0 100")) {
                return response;
            }
        }
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(8, 11));
    }

    private static Challenge challenge(String response) {
        assertEquals(401, status(response), response);
        Matcher www = Pattern.compile("(?im)^WWW-Authenticate:\\s*Digest\\s+(.*)$").matcher(response);
        assertTrue(www.find(), response);
        String h = www.group(1);
        return new Challenge(param(h, "nonce"), param(h, "qop"), "true".equalsIgnoreCase(param(h, "stale")));
    }

    private static String param(String header, String name) {
        Matcher m = Pattern.compile("(?i)(?:^|[ ,])" + name + "=\"?([^\",]*)\"?").matcher(header);
        return m.find() ? m.group(1) : null;
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** The Authorization a phone writes for {@code nonce} with nonce-count {@code nc} (qop=auth). */
    private String answer(String nonce, int nc, String password) throws Exception {
        String uri = "sip:127.0.0.1:" + endpoint.port();
        String ncHex = String.format("%08x", nc);
        String cnonce = "c0ffee" + nc;
        String response = md5(md5("2001:frontdoor:" + password) + ":" + nonce + ":" + ncHex + ":" + cnonce + ":auth:"
                + md5("REGISTER:" + uri));
        return "Digest username=\"2001\",realm=\"frontdoor\",nonce=\"" + nonce + "\",uri=\"" + uri
                + "\",response=\"" + response + "\",algorithm=MD5,qop=auth,nc=" + ncHex + ",cnonce=\"" + cnonce + "\"";
    }

    @Test
    void aNonceCountUsedAgainIsAReplayAndIsRefused() throws Exception {
        Challenge c = challenge(register("5071", null));
        assertEquals("auth", c.qop(), "the challenge offers qop=auth, so phones send a nonce-count");
        assertFalse(c.stale());
        String first = answer(c.nonce(), 1, PASSWORD);
        assertEquals(200, status(register("5071", first)));
        assertEquals("sip:2001@127.0.0.1:5071", agents.uri("2001"));

        // the same answer again, pointing the agent's calls elsewhere: refused, nothing changes
        Challenge replay = challenge(register("6666", first));
        assertFalse(replay.stale(), "a replay is not a stale nonce");
        assertNotEquals(c.nonce(), replay.nonce(), "a fresh nonce");
        assertEquals("sip:2001@127.0.0.1:5071", agents.uri("2001"), "the replay registered nothing");

        // the next nonce-count of the same nonce is the phone's next request: accepted, once
        String second = answer(c.nonce(), 2, PASSWORD);
        assertEquals(200, status(register("5072", second)));
        assertEquals("sip:2001@127.0.0.1:5072", agents.uri("2001"));
        challenge(register("6666", second));
        challenge(register("6666", answer(c.nonce(), 1, PASSWORD))); // an older count too
        assertEquals("sip:2001@127.0.0.1:5072", agents.uri("2001"));
    }

    @Test
    void anExpiredNonceGetsAStaleChallengeAndTheFreshOneWorks() throws Exception {
        Challenge c = challenge(register("5071", null));
        now.addAndGet(SipRegistrar.NONCE_LIFETIME.toMillis() + 1000);
        Challenge stale = challenge(register("5071", answer(c.nonce(), 1, PASSWORD)));
        assertTrue(stale.stale(), "the digest was right, only the nonce had expired: stale=true");
        assertEquals(null, agents.uri("2001"), "not registered with an expired nonce");
        assertEquals(403, status(register("5071", answer(c.nonce(), 2, "guess"))),
                "an expired nonce with a wrong password is no stale nonce: refused");
        assertEquals(200, status(register("5071", answer(stale.nonce(), 1, PASSWORD))));
        assertEquals("sip:2001@127.0.0.1:5071", agents.uri("2001"));
    }

    @Test
    void aNonceWeNeverIssuedGetsAPlainChallenge() throws Exception {
        Challenge c = challenge(register("5071", answer("0123456789abcdef0123456789abcdef0123456789ab", 1, PASSWORD)));
        assertFalse(c.stale());
        String forged = c.nonce().substring(0, 28) + "0000000000000000";
        assertFalse(challenge(register("5071", answer(forged, 1, PASSWORD))).stale(), "a forged nonce is unknown");
        assertEquals(null, agents.uri("2001"));
    }
}
