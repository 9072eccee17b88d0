package io.frontdoor.ivr.sip;

import io.frontdoor.ivr.sip.internal.DigestCheck;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.RequestEvent;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents' phones proving who they are: REGISTER (where an agent can be called) and INVITEs from
 * agents that are not on a trunk address, both with HTTP digest (RFC 2617 MD5, what phones do).
 * Nonces are ours, random, and valid for five minutes; the digest user must be the agent named in
 * the request.
 */
final class SipRegistrar {
    private static final Logger log = LoggerFactory.getLogger(SipRegistrar.class);
    private static final long NONCE_MILLIS = 300_000;
    private static final SecureRandom NONCE_RANDOM = new SecureRandom();

    private final SipEndpoint endpoint;
    /** Nonces we issued, with when: an answer to an older one (or one we never issued) is refused. */
    private final Map<String, Long> nonces = new ConcurrentHashMap<>();

    SipRegistrar(SipEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Digest authentication of an agent that registers ({@code user} from To for REGISTER, From for
     * INVITE): true when the request proves the agent password; otherwise it has been answered
     * (401 with a fresh nonce, or 403).
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
        long now = System.currentTimeMillis();
        nonces.values().removeIf(t -> now - t > NONCE_MILLIS);
        if (auth == null || auth.getNonce() == null || !nonces.containsKey(auth.getNonce())) {
            Response challenge = endpoint.messages.createResponse(Response.UNAUTHORIZED, r);
            byte[] random = new byte[16];
            NONCE_RANDOM.nextBytes(random);
            String nonce = java.util.HexFormat.of().formatHex(random);
            javax.sip.header.WWWAuthenticateHeader www = endpoint.headers.createWWWAuthenticateHeader("Digest");
            www.setRealm("frontdoor");
            www.setNonce(nonce);
            www.setAlgorithm("MD5");
            challenge.addHeader(www);
            if (nonces.size() < 10_000) {
                nonces.put(nonce, now);
            }
            endpoint.send(event, challenge);
            return false;
        }
        if (!user.equals(auth.getUsername()) || !DigestCheck.verify(auth, r.getMethod(),
                "frontdoor", endpoint.settings().agentPassword())) {
            log.warn("SIP {} from agent {} refused: bad credentials", r.getMethod(), user);
            endpoint.respond(event, Response.FORBIDDEN);
            return false;
        }
        return true;
    }

    /**
     * The registrar for agents that register: digest authentication (MD5, as phones do), nonces
     * valid for five minutes, the To user must be an agent configured to register and the same as
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
