package io.frontdoor.ivr.sip;

import gov.nist.javax.sip.SipStackExt;
import gov.nist.javax.sip.clientauthutils.AccountManager;
import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;
import gov.nist.javax.sip.clientauthutils.UserCredentials;
import io.frontdoor.ivr.sip.media.RtpSession;
import io.frontdoor.ivr.sip.media.Sdp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call FrontDoor places (UAC): INVITE with our SDP offer, digest authentication when the far
 * end challenges (jain-sip's {@link AuthenticationHelper}), CANCEL when nobody answers in time,
 * ACK of the 2xx, then BYE in either direction.
 */
final class OutboundInvite implements Dialogue {
    private static final Logger log = LoggerFactory.getLogger(OutboundInvite.class);

    /** How the INVITE ended: the final status and, for 2xx, the answer's media. */
    record Outcome(int status, String reason, Sdp.Media media) {
        boolean answered() {
            return status >= 200 && status < 300 && media != null;
        }
    }

    private final SipEndpoint endpoint;
    private final RtpSession rtp;
    private final SipTrunk credentials;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final String callId;
    private final Request invite;
    private ClientTransaction transaction;
    private Dialog dialog;
    private boolean authTried;
    private boolean ended;
    private Sdp.Media media;
    private volatile Consumer<String> onEnded = why -> { };

    /**
     * @param target       the Request-URI
     * @param fromUser     user part of From (the caller ID presented)
     * @param route        outbound proxy {@code host:port}, or empty
     * @param credentials  digest credentials (user empty: none)
     * @param extraHeaders added as they are (e.g. {@code X-FrontDoor-Customer})
     */
    OutboundInvite(SipEndpoint endpoint, SipURI target, String fromUser, String route, SipTrunk credentials,
            RtpSession rtp, String sdp, Map<String, String> extraHeaders) throws Exception {
        this.endpoint = endpoint;
        this.rtp = rtp;
        this.credentials = credentials;
        var h = endpoint.headers;
        var a = endpoint.addresses;
        String host = endpoint.settings().bind().getHostAddress();
        CallIdHeader id = endpoint.provider().getNewCallId();
        this.callId = id.getCallId();
        SipURI fromUri = a.createSipURI(fromUser == null || fromUser.isBlank() ? "frontdoor" : fromUser, host);
        FromHeader from = h.createFromHeader(a.createAddress(fromUri), SipCall.randomTag());
        ToHeader to = h.createToHeader(a.createAddress(target), null);
        ViaHeader via = h.createViaHeader(host, endpoint.port(), "udp", null);
        List<ViaHeader> vias = new ArrayList<>(List.of(via));
        Request r = endpoint.messages.createRequest(target, Request.INVITE, id,
                h.createCSeqHeader(1L, Request.INVITE), from, to, vias, h.createMaxForwardsHeader(70));
        SipURI contact = a.createSipURI("frontdoor", host);
        contact.setPort(endpoint.port());
        r.addHeader(h.createContactHeader(a.createAddress(contact)));
        if (route != null && !route.isBlank()) {
            SipURI proxy = (SipURI) a.createURI("sip:" + route);
            proxy.setLrParam();
            Address proxyAddress = a.createAddress(proxy);
            r.addHeader(h.createRouteHeader(proxyAddress));
        }
        for (var e : extraHeaders.entrySet()) {
            if (!e.getValue().isBlank()) {
                r.addHeader(h.createHeader(e.getKey(), e.getValue()));
            }
        }
        r.setContent(sdp, h.createContentTypeHeader("application", "sdp"));
        this.invite = r;
    }

    String callId() {
        return callId;
    }

    RtpSession rtp() {
        return rtp;
    }

    /** Sends the INVITE; the future completes with the final answer, or 408 after {@code ring}. */
    CompletableFuture<Outcome> start(Duration ring) {
        try {
            synchronized (this) {
                transaction = endpoint.provider().getNewClientTransaction(invite);
                transaction.sendRequest();
            }
        } catch (Exception e) {
            outcome.complete(new Outcome(503, "not sent: " + e.getMessage(), null));
            return outcome;
        }
        CompletableFuture.delayedExecutor(ring.toMillis(), TimeUnit.MILLISECONDS).execute(this::ringTimeout);
        return outcome;
    }

    private synchronized void ringTimeout() {
        if (outcome.isDone()) {
            return;
        }
        try {
            Request cancel = transaction.createCancel();
            endpoint.provider().getNewClientTransaction(cancel).sendRequest();
        } catch (Exception e) {
            log.debug("SIP CANCEL of {} not sent: {}", callId, e.getMessage());
        }
        outcome.complete(new Outcome(Response.REQUEST_TIMEOUT, "no answer in time", null));
    }

    /** Told once when the established call ends (the far end's BYE or ours). */
    void onEnded(Consumer<String> listener) {
        this.onEnded = listener;
    }

    @Override
    public synchronized void response(ResponseEvent event) {
        Response r = event.getResponse();
        int status = r.getStatusCode();
        CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        if (!Request.INVITE.equals(cseq.getMethod()) || status < 200) {
            return;
        }
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
                && !authTried && !credentials.user().isEmpty()) {
            authTried = true;
            try {
                AuthenticationHelper helper = ((SipStackExt) endpoint.stack()).getAuthenticationHelper(
                        accounts(), endpoint.headers);
                transaction = helper.handleChallenge(r, event.getClientTransaction(), endpoint.provider(), 5);
                transaction.sendRequest();
                return;
            } catch (Exception e) {
                outcome.complete(new Outcome(status, "authentication failed: " + e.getMessage(), null));
                return;
            }
        }
        if (status >= 300) {
            outcome.complete(new Outcome(status, r.getReasonPhrase(), null));
            return;
        }
        try {
            Dialog d = event.getDialog();
            Request ack = d.createAck(cseq.getSeqNumber());
            d.sendAck(ack);
            if (outcome.isDone()) {
                if (!outcome.join().answered()) {
                    // answered after we gave up (CANCEL crossed the 200): end it at once
                    dialog = d;
                    bye();
                }
                return;
            }
            dialog = d;
            media = Sdp.read(SipEndpoint.body(r));
            rtp.remote(media.remote(), media.codec(), media.eventPayloadType());
            rtp.sending(!media.onHold());
            outcome.complete(new Outcome(status, r.getReasonPhrase(), media));
        } catch (Sdp.NotAcceptableException e) {
            dialog = event.getDialog();
            bye();
            outcome.complete(new Outcome(Response.NOT_ACCEPTABLE_HERE, e.getMessage(), null));
        } catch (Exception e) {
            outcome.complete(new Outcome(500, "cannot acknowledge: " + e.getMessage(), null));
        }
    }

    private AccountManager accounts() {
        return (challenged, realm) -> new UserCredentials() {
            @Override
            public String getUserName() {
                return credentials.user();
            }

            @Override
            public String getPassword() {
                return credentials.password();
            }

            @Override
            public String getSipDomain() {
                return realm;
            }
        };
    }

    /** Ends the call: BYE once answered, CANCEL while it rings. */
    synchronized void hangup() {
        if (!outcome.isDone()) {
            ringTimeout();
            return;
        }
        bye();
    }

    private void bye() {
        if (ended || dialog == null) {
            return;
        }
        ended = true;
        try {
            Request bye = dialog.createRequest(Request.BYE);
            dialog.sendRequest(endpoint.provider().getNewClientTransaction(bye));
        } catch (Exception e) {
            log.debug("SIP BYE on {} not sent: {}", callId, e.getMessage());
        }
        rtp.close();
        onEnded.accept("FrontDoor hung up");
    }

    @Override
    public int byeReceived(Request bye) {
        end("the far end hung up");
        return Response.OK;
    }

    @Override
    public void lost(String why) {
        if (!outcome.isDone()) {
            outcome.complete(new Outcome(Response.REQUEST_TIMEOUT, why, null));
            rtp.close();
            return;
        }
        end(why);
    }

    private void end(String why) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        rtp.close();
        onEnded.accept(why);
    }

    @Override
    public void reInvite(ServerTransaction st, Request request) {
        if (st == null) {
            return;
        }
        try {
            String body = SipEndpoint.body(request);
            if (!body.isBlank()) {
                Sdp.Media m = Sdp.read(body);
                rtp.remote(m.remote(), m.codec(), m.eventPayloadType());
                rtp.sending(!m.onHold());
                media = m;
            }
            Response ok = endpoint.messages.createResponse(Response.OK, request);
            ok.addHeader(endpoint.contact("udp"));
            ok.setContent(Sdp.describe(1, 2, endpoint.settings().mediaAddress(), rtp.localPort(),
                    List.of(media.codec()), media.eventPayloadType(), media.direction().answer()),
                    endpoint.headers.createContentTypeHeader("application", "sdp"));
            st.sendResponse(ok);
        } catch (Exception e) {
            try {
                st.sendResponse(endpoint.messages.createResponse(Response.NOT_ACCEPTABLE_HERE, request));
            } catch (Exception ignored) {
                // the peer will time out
            }
        }
    }
}
