package io.frontdoor.ivr.sip;

import io.frontdoor.ivr.sip.internal.DigestCheck;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sip.RequestEvent;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents' phones proving who they are: REGISTER (where an agent can be called) and INVITEs from
 * agents that are not on a trunk address, both with HTTP digest (RFC 2617 MD5 with
 * {@code qop=auth}, what phones do). The digest user must be the agent named in the request.
 *
 * <p>Nonces are ours: when they were issued, a random part and an HMAC of both under a key made at
 * start, so an answer to a nonce we never issued is told apart from one to a nonce of ours that has
 * expired ({@link #NONCE_LIFETIME}, five minutes). Each nonce may be used for one request per
 * nonce-count: {@code nc} must grow with every request (a request without {@code qop}, so without
 * {@code nc}, may use a nonce once). A replayed answer (an {@code nc} already seen) gets a fresh
 * challenge, an expired nonce with a right digest a fresh challenge marked {@code stale=true}
 * (the phone answers it without asking anyone for the password again).
 */
final class SipRegistrar {
    private static final Logger log = LoggerFactory.getLogger(SipRegistrar.class);
    static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);
    private static final int MAX_LIVE_NONCES = 20_000;
    private static final SecureRandom NONCE_RANDOM = new SecureRandom();

    private final SipEndpoint endpoint;
    private final Nonces nonces = new Nonces();

    SipRegistrar(SipEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Where the registrar reads the time (tests move it on). */
    void clock(LongSupplier millis) {
        nonces.clock = millis;
    }

    /** Nonces issued and the highest nonce-count each has been used with. */
    static final class Nonces {
        private final byte[] key = new byte[32];
        /** Nonce to the highest nc accepted with it (0: not used yet). Only live (unexpired) nonces. */
        private final Map<String, Long> live = new ConcurrentHashMap<>();
        volatile LongSupplier clock = System::currentTimeMillis;

        enum Check { OK, UNKNOWN, EXPIRED, REPLAYED }

        Nonces() {
            NONCE_RANDOM.nextBytes(key);
        }

        String issue() {
            long now = clock.getAsLong();
            live.entrySet().removeIf(e -> now - issuedAt(e.getKey()) > NONCE_LIFETIME.toMillis());
            byte[] random = new byte[8];
            NONCE_RANDOM.nextBytes(random);
            String body = String.format("%012x", now) + HexFormat.of().formatHex(random);
            String nonce = body + mac(body);
            if (live.size() < MAX_LIVE_NONCES) {
                live.put(nonce, 0L);
            }
            return nonce;
        }

        /** Whether {@code nonce} is ours and still fresh (it does not use it up). */
        Check fresh(String nonce) {
            if (nonce == null || nonce.length() != 44 || !nonce.matches("[0-9a-f]{44}")
                    || !java.security.MessageDigest.isEqual(mac(nonce.substring(0, 28)).getBytes(),
                            nonce.substring(28).getBytes())) {
                return Check.UNKNOWN;
            }
            if (clock.getAsLong() - issuedAt(nonce) > NONCE_LIFETIME.toMillis()) {
                live.remove(nonce);
                return Check.EXPIRED;
            }
            return live.containsKey(nonce) ? Check.OK : Check.UNKNOWN;
        }

        /** Uses {@code nonce} with nonce-count {@code nc}: REPLAYED unless {@code nc} is higher than every one before. */
        Check use(String nonce, long nc) {
            boolean[] fresh = {false};
            live.computeIfPresent(nonce, (n, last) -> {
                if (nc > last) {
                    fresh[0] = true;
                    return nc;
                }
                return last;
            });
            return fresh[0] ? Check.OK : Check.REPLAYED;
        }

        private static long issuedAt(String nonce) {
            return Long.parseLong(nonce.substring(0, 12), 16);
        }

        private String mac(String body) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)), 0, 8);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Digest authentication of an agent that registers ({@code user} from To for REGISTER, From for
     * INVITE): true when the request proves the agent password with a fresh nonce and nonce-count;
     * otherwise it has been answered (401 with a fresh nonce, {@code stale=true} when only the nonce
     * had expired, or 403).
     */
    boolean authenticated(RequestEvent event, String user) throws Exception {
        Request r = event.getRequest();
        SipAgents a = endpoint.agents();
        if (a == null || endpoint.settings().agentPassword().isEmpty() || user == null || !a.registers(user)) {
            endpoint.respond(event, Response.FORBIDDEN);
            return false;
        }
        javax.sip.header.AuthorizationHeader auth = (javax.sip.header.AuthorizationHeader) r.getHeader(
                javax.sip.header.AuthorizationHeader.NAME);
        Nonces.Check nonce = auth == null ? Nonces.Check.UNKNOWN : nonces.fresh(auth.getNonce());
        if (nonce == Nonces.Check.UNKNOWN) {
            challenge(event, false);
            return false;
        }
        if (!user.equals(auth.getUsername()) || !DigestCheck.verify(auth, r.getMethod(),
                "frontdoor", endpoint.settings().agentPassword())) {
            log.warn("SIP {} from agent {} refused: bad credentials", r.getMethod(), user);
            endpoint.respond(event, Response.FORBIDDEN);
            return false;
        }
        if (nonce == Nonces.Check.EXPIRED) {
            challenge(event, true);
            return false;
        }
        boolean withQop = auth.getQop() != null && !auth.getQop().isEmpty();
        if (nonces.use(auth.getNonce(), withQop ? auth.getNonceCount() : 1) != Nonces.Check.OK) {
            log.warn("SIP {} from agent {} refused: a nonce used again with nonce-count {} (a replay)", r.getMethod(),
                    user, withQop ? auth.getNonceCount() : "(none)");
            challenge(event, false);
            return false;
        }
        return true;
    }

    private void challenge(RequestEvent event, boolean stale) throws Exception {
        Response challenge = endpoint.messages.createResponse(Response.UNAUTHORIZED, event.getRequest());
        javax.sip.header.WWWAuthenticateHeader www = endpoint.headers.createWWWAuthenticateHeader("Digest");
        www.setRealm("frontdoor");
        www.setNonce(nonces.issue());
        www.setAlgorithm("MD5");
        www.setQop("auth");
        if (stale) {
            www.setStale(true);
        }
        challenge.addHeader(www);
        endpoint.send(event, challenge);
    }

    /**
     * The registrar for agents that register: digest authentication as above, the To user must be an agent configured to register and the same as
     * the authenticated user.
     */
    void register(RequestEvent event) throws Exception {
        Request r = event.getRequest();
        SipAgents a = endpoint.agents();
        javax.sip.address.URI to = ((ToHeader) r.getHeader(ToHeader.NAME)).getAddress().getURI();
        String user = to instanceof javax.sip.address.SipURI sip ? sip.getUser() : null;
        if (!authenticated(event, user)) {
            return;
        }
        javax.sip.header.ContactHeader contact = (javax.sip.header.ContactHeader) r.getHeader(
                javax.sip.header.ContactHeader.NAME);
        javax.sip.header.ExpiresHeader expiresHeader = (javax.sip.header.ExpiresHeader) r.getHeader(
                javax.sip.header.ExpiresHeader.NAME);
        int expires = contact != null && contact.getExpires() >= 0 ? contact.getExpires()
                : expiresHeader != null ? expiresHeader.getExpires() : 3600;
        expires = Math.min(expires, 3600);
        Response ok = endpoint.messages.createResponse(Response.OK, r);
        if (contact != null) {
            a.registered(user, contact.getAddress().getURI().toString(), Duration.ofSeconds(expires));
            ok.addHeader(contact);
        }
        ok.addHeader(endpoint.headers.createExpiresHeader(expires));
        endpoint.send(event, ok);
        log.info("SIP agent {} {}", user, expires == 0 ? "unregistered" : "registered for " + expires + " s");
    }

}
