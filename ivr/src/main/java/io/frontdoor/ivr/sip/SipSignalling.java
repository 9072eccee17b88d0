package io.frontdoor.ivr.sip;

import io.frontdoor.ivr.call.CallHangupException;
import io.frontdoor.ivr.call.CallFailedException;
import io.frontdoor.ivr.sip.media.RtpSession;
import io.frontdoor.ivr.sip.media.Sdp;
import io.frontdoor.ivr.sip.media.TelephoneEvent;
import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderAddress;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound call's SIP side (UAS): the INVITE's server transaction, the 200 OK with our SDP
 * answer, BYE in either direction, CANCEL before the answer (487), re-INVITE (new address, hold)
 * and INFO digits. Methods run on the stack's threads or the call's thread; the state is guarded
 * by this object.
 */
final class SipSignalling implements Signalling {
    private static final Logger log = LoggerFactory.getLogger(SipSignalling.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final Pattern INFO_SIGNAL = Pattern.compile("(?im)^\\s*signal\\s*=\\s*([0-9*#A-D])");

    private final SipEndpoint endpoint;
    private final SipCall call;
    private final ServerTransaction invite;
    private final Request request;
    private final long sdpSession = RANDOM.nextLong() & Long.MAX_VALUE;
    private long sdpVersion = 1;
    private Sdp.Media media;
    private RtpSession rtp;
    private Dialog dialog;
    private boolean answered;
    private boolean cancelled;
    private boolean hungUp;
    private Sdp.Direction ourDirection = Sdp.Direction.SENDRECV;

    SipSignalling(SipEndpoint endpoint, SipCall call, ServerTransaction invite, Request request, Sdp.Media offer) {
        this.endpoint = endpoint;
        this.call = call;
        this.invite = invite;
        this.request = request;
        this.media = offer;
    }

    @Override
    public String callId() {
        return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    }

    @Override
    public String transport() {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? "udp" : via.getTransport().toLowerCase(java.util.Locale.ROOT);
    }

    /** The caller: P-Asserted-Identity (the trunk vouches for it) or else From; null when anonymous. */
    static String callerNumber(Request request) {
        javax.sip.header.Header pai = request.getHeader("P-Asserted-Identity");
        String user = null;
        if (pai instanceof HeaderAddress a) {
            user = user(a.getAddress().getURI());
        }
        if (user == null) {
            user = user(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI());
        }
        return user == null || user.isBlank() || user.equalsIgnoreCase("anonymous") ? null : user;
    }

    /** The number dialled: the Request-URI's user part. */
    static String dialledNumber(Request request) {
        return user(request.getRequestURI());
    }

    private static String user(URI uri) {
        if (uri instanceof SipURI sip) {
            return sip.getUser();
        }
        if (uri != null && "tel".equalsIgnoreCase(uri.getScheme())) {
            String s = uri.toString().substring(4);
            int semi = s.indexOf(';');
            return semi < 0 ? s : s.substring(0, semi);
        }
        return null;
    }

    @Override
    public synchronized void media(RtpSession session) {
        this.rtp = session;
        apply(media);
    }

    private void apply(Sdp.Media m) {
        this.media = m;
        rtp.remote(m.remote(), m.codec(), m.eventPayloadType());
        rtp.sending(!m.onHold());
        ourDirection = m.direction().answer();
    }

    private String ourSdp() {
        return Sdp.describe(sdpSession, sdpVersion, endpoint.settings().mediaAddress(), rtp.localPort(),
                List.of(media.codec()), media.eventPayloadType(), ourDirection);
    }

    @Override
    public synchronized void answer() {
        if (cancelled || hungUp) {
            throw new CallHangupException("call " + callId() + " ended before the answer");
        }
        if (answered) {
            return;
        }
        try {
            Response ok = endpoint.messages.createResponse(Response.OK, request);
            ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(SipCall.randomTag());
            ok.addHeader(contact());
            ok.setContent(ourSdp(), sdpType());
            invite.sendResponse(ok);
            dialog = invite.getDialog();
            answered = true;
        } catch (Exception e) {
            throw new CallFailedException("cannot answer: " + e.getMessage(), e);
        }
    }

    private ContentTypeHeader sdpType() throws java.text.ParseException {
        return endpoint.headers.createContentTypeHeader("application", "sdp");
    }

    private ContactHeader contact() throws java.text.ParseException {
        SipURI uri = endpoint.addresses.createSipURI("frontdoor", endpoint.settings().bind().getHostAddress());
        uri.setPort(endpoint.port());
        uri.setTransportParam(transport());
        Address a = endpoint.addresses.createAddress(uri);
        return endpoint.headers.createContactHeader(a);
    }

    @Override
    public synchronized void acked(Request ack) {
        // the dialog is confirmed; an ACK carrying SDP would answer a late offer, which we never make
    }

    /** CANCEL: true when it ended the call (it came before the answer). */
    @Override
    public synchronized boolean cancel() {
        if (answered || cancelled || hungUp) {
            return false;
        }
        cancelled = true;
        respondToInvite(Response.REQUEST_TERMINATED);
        return true;
    }

    @Override
    public synchronized void reInvite(ServerTransaction st, Request reinvite) {
        if (st == null) {
            return;
        }
        try {
            String body = SipEndpoint.body(reinvite);
            if (!body.isBlank()) {
                try {
                    apply(Sdp.read(body));
                } catch (Sdp.NotAcceptableException e) {
                    st.sendResponse(endpoint.messages.createResponse(Response.NOT_ACCEPTABLE_HERE, reinvite));
                    return;
                }
                sdpVersion++;
            }
            Response ok = endpoint.messages.createResponse(Response.OK, reinvite);
            ok.addHeader(contact());
            ok.setContent(ourSdp(), sdpType());
            st.sendResponse(ok);
            log.debug("SIP call {} re-INVITE: {}", callId(), media.onHold() ? "on hold" : "media at " + media.remote());
        } catch (Exception e) {
            log.warn("SIP call {} re-INVITE not answered: {}", callId(), e.getMessage());
        }
    }

    /** INFO with {@code application/dtmf-relay} ({@code Signal=5}) or {@code application/dtmf} ({@code 5}). */
    static int info(Request info, SipCall call) {
        String type = SipEndpoint.contentType(info);
        String body = SipEndpoint.body(info).trim();
        char digit = 0;
        if (type.equals("application/dtmf-relay")) {
            Matcher m = INFO_SIGNAL.matcher(body);
            if (m.find()) {
                digit = m.group(1).toUpperCase(java.util.Locale.ROOT).charAt(0);
            }
        } else if (type.equals("application/dtmf") && body.length() == 1) {
            digit = body.toUpperCase(java.util.Locale.ROOT).charAt(0);
        } else {
            return Response.UNSUPPORTED_MEDIA_TYPE;
        }
        if (TelephoneEvent.event(digit) < 0) {
            return Response.BAD_REQUEST;
        }
        call.digitByInfo(digit);
        return Response.OK;
    }

    /** Our side hangs up: BYE once answered, 480 before. */
    @Override
    public synchronized void hangup() {
        if (hungUp || cancelled) {
            return;
        }
        hungUp = true;
        if (!answered) {
            respondToInvite(Response.TEMPORARILY_UNAVAILABLE);
            return;
        }
        try {
            Request bye = dialog.createRequest(Request.BYE);
            ClientTransaction ct = endpoint.provider().getNewClientTransaction(bye);
            dialog.sendRequest(ct);
        } catch (Exception e) {
            log.debug("SIP call {}: BYE not sent: {}", callId(), e.getMessage());
        }
    }

    /** The flow is done: if the caller is still there, hang up (the SIP endpoint has no dialplan to go on). */
    @Override
    public synchronized void finish(boolean callerGone) {
        if (!callerGone) {
            hangup();
        } else if (!answered && !cancelled && !hungUp) {
            hungUp = true;
            respondToInvite(Response.TEMPORARILY_UNAVAILABLE);
        }
    }

    private void respondToInvite(int status) {
        try {
            invite.sendResponse(endpoint.messages.createResponse(status, request));
        } catch (Exception e) {
            log.debug("SIP call {}: {} not sent: {}", callId(), status, e.getMessage());
        }
    }
}
