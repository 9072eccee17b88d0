package io.frontdoor.ivr.sip;

import gov.nist.javax.sip.RequestEventExt;
import io.frontdoor.callback.customer.Pii;
import io.frontdoor.ivr.call.CallHandler;
import io.frontdoor.ivr.call.CallHangupException;
import io.frontdoor.ivr.sip.media.MediaClock;
import io.frontdoor.ivr.sip.media.PromptAudio;
import io.frontdoor.ivr.sip.media.RtpSession;
import io.frontdoor.ivr.sip.media.Sdp;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FrontDoor's own SIP endpoint (jain-sip), for sites with a SIP trunk and no PBX: it listens on
 * UDP and TCP, answers INVITEs from the configured trunks with RTP media of its own, and hands each
 * call to the {@link CallHandler} as a {@link SipCall} on the call's virtual thread. The stack's
 * threads only parse, answer and post events; nothing blocks on them.
 */
public final class SipEndpoint implements SipListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SipEndpoint.class);
    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REGISTER";

    private final SipSettings settings;
    private final CallHandler handler;
    private final PromptAudio prompts = new PromptAudio();
    private final MediaClock clock;
    private final Map<String, Dialogue> calls = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final InviteRateLimiter limiter;
    private final SipStack stack;
    private final SipProvider provider;
    private final int port;
    final MessageFactory messages;
    final HeaderFactory headers;
    final AddressFactory addresses;
    private volatile boolean closing;
    private volatile SipAgents agents;
    private volatile SipQueueing queueing = SipQueueing.defaults();
    private final SipRegistrar registrar = new SipRegistrar(this);

    /** Starts listening at once. */
    public SipEndpoint(SipSettings settings, CallHandler handler) throws IOException {
        this.settings = settings;
        this.handler = handler;
        this.limiter = new InviteRateLimiter(settings.inviteRate());
        this.clock = new MediaClock(settings.mediaThreads(), settings.mediaRealtime());
        SipStackSetup sip;
        try {
            sip = SipStackSetup.open(settings, this);
        } catch (IOException e) {
            clock.close();
            throw e;
        }
        this.stack = sip.stack();
        this.provider = sip.provider();
        this.messages = sip.messages();
        this.headers = sip.headers();
        this.addresses = sip.addresses();
        this.port = sip.port();
        log.info("SIP listening on {}:{} (UDP and TCP), trunks {}", settings.bind().getHostAddress(), port,
                settings.trunks().values());
    }

    /** The SIP port (useful when configured as 0). */
    public int port() {
        return port;
    }

    /** Calls in progress. */
    public int activeCalls() {
        return calls.size();
    }

    /** The RTP clock's figures: streams, packets, send lateness and jitter (see {@link io.frontdoor.ivr.sip.media.MediaStats}). */
    public io.frontdoor.ivr.sip.media.MediaStats.Snapshot media(boolean restartWindow) {
        return clock.snapshot(restartWindow);
    }

    SipSettings settings() {
        return settings;
    }

    SipStack stack() {
        return stack;
    }

    SipRegistrar registrar() {
        return registrar;
    }

    /** The agents calls are handed to (queue steps, callbacks); {@code null} when none are configured. */
    public SipAgents agents() {
        return agents;
    }

    /** Sets the agents (and with them, who may REGISTER). */
    public void agents(SipAgents agents) {
        this.agents = agents;
    }

    /** How callers wait for a free agent (hold prompt, wait limit). */
    public void queueing(SipQueueing queueing) {
        this.queueing = queueing == null ? SipQueueing.defaults() : queueing;
    }

    SipQueueing queueing() {
        return queueing;
    }

    PromptAudio promptAudio() {
        return prompts;
    }

    /** The agents, or none (a presence with no agent) when none are configured. */
    public SipAgents agentsOrNone() {
        SipAgents a = agents;
        if (a == null) {
            a = new SipAgents(java.util.Set.of());
            agents = a;
        }
        return a;
    }

    SipTrunk trunk() {
        return settings.trunk();
    }

    /** {@code sip:<number>@<trunk host>} */
    javax.sip.address.SipURI trunkUri(String number) throws java.text.ParseException {
        return (javax.sip.address.SipURI) addresses.createURI("sip:" + number + "@" + settings.trunk().host());
    }

    void register(String callId, Dialogue d) {
        calls.put(callId, d);
    }

    void forget(String callId) {
        calls.remove(callId);
    }

    RtpSession newRtp(RtpSession.Listener listener) throws IOException {
        return new RtpSession(clock, settings.bind(), listener);
    }

    javax.sip.header.ContactHeader contact(String transport) throws java.text.ParseException {
        javax.sip.address.SipURI uri = addresses.createSipURI("frontdoor", settings.bind().getHostAddress());
        uri.setPort(port);
        uri.setTransportParam(transport);
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    /** Runs the handler on a call FrontDoor placed and the far end answered ({@link OutboundCall}), registered already. */
    void start(SipCall call) {
        threads.execute(() -> run(call));
    }

    SipProvider provider() {
        return provider;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        try {
            switch (request.getMethod()) {
                case Request.INVITE -> invite(event);
                case Request.ACK -> {
                    Dialogue call = call(request);
                    if (call != null) {
                        call.acked(request);
                    }
                }
                case Request.BYE -> inDialog(event, Dialogue::byeReceived);
                case Request.CANCEL -> cancel(event);
                case Request.INFO -> inDialog(event, Dialogue::infoReceived);
                case Request.REGISTER -> registrar.register(event);
                case Request.OPTIONS -> respond(event, Response.OK);
                default -> {
                    Response r = messages.createResponse(Response.METHOD_NOT_ALLOWED, request);
                    r.addHeader(headers.createAllowHeader(ALLOW));
                    send(event, r);
                }
            }
        } catch (Exception e) {
            log.warn("SIP {} not handled: {}", request.getMethod(), Pii.text(String.valueOf(e.getMessage())));
            try {
                respond(event, Response.SERVER_INTERNAL_ERROR);
            } catch (Exception ignored) {
                // nothing more to do for this request
            }
        }
    }

    private Dialogue call(Request request) {
        return calls.get(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
    }

    private void inDialog(RequestEvent event, java.util.function.BiFunction<Dialogue, Request, Integer> action)
            throws Exception {
        Dialogue call = call(event.getRequest());
        if (call == null) {
            respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        respond(event, action.apply(call, event.getRequest()));
    }

    private void invite(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        Dialogue existing = call(request);
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        if (toTag != null) {
            if (existing == null) {
                respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            } else {
                existing.reInvite(serverTransaction(event), request);
            }
            return;
        }
        if (existing != null) {
            return; // a retransmission the stack did not absorb
        }
        String source = ((RequestEventExt) event).getRemoteIpAddress();
        InetAddress from = InetAddress.getByName(source);
        String trunk = settings.trunks().get(from);
        if (trunk == null) {
            // not a trunk: only an agent that registers, proving its password, may call in
            javax.sip.address.URI fromUri = ((javax.sip.header.FromHeader) request.getHeader(
                    javax.sip.header.FromHeader.NAME)).getAddress().getURI();
            String user = fromUri instanceof javax.sip.address.SipURI sip ? sip.getUser() : null;
            if (agents == null || user == null || !agents.registers(user)) {
                log.warn("SIP INVITE from {} refused: not a configured trunk (sip.trunks) nor an agent", source);
                respond(event, Response.FORBIDDEN);
                return;
            }
            if (!registrar.authenticated(event, user)) {
                return;
            }
            trunk = "agents";
        }
        if (!limiter.allow(from)) {
            Response busy = messages.createResponse(Response.SERVICE_UNAVAILABLE, request);
            busy.addHeader(headers.createRetryAfterHeader(1));
            send(event, busy);
            return;
        }
        ServerTransaction st = serverTransaction(event);
        if (st == null) {
            return;
        }
        st.sendResponse(messages.createResponse(Response.TRYING, request));
        Sdp.Media offer;
        try {
            offer = Sdp.read(body(request));
        } catch (Sdp.NotAcceptableException e) {
            Response r = messages.createResponse(Response.NOT_ACCEPTABLE_HERE, request);
            r.addHeader(headers.createWarningHeader("frontdoor", 305, e.getMessage()));
            st.sendResponse(r);
            return;
        }
        RtpSession rtp;
        SipCall call = new SipCall(this, st, request, trunk, offer, prompts);
        try {
            rtp = new RtpSession(clock, settings.bind(), call.mediaListener());
        } catch (IOException e) {
            log.warn("SIP call refused: no RTP port: {}", e.getMessage());
            st.sendResponse(messages.createResponse(Response.SERVICE_UNAVAILABLE, request));
            return;
        }
        call.media(rtp);
        calls.put(call.id(), call);
        threads.execute(() -> run(call));
    }

    private void run(SipCall call) {
        try {
            handler.handle(call);
        } catch (CallHangupException e) {
            log.debug("SIP call {} ended: {}", call.id(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("SIP call {} failed: {}", call.id(), Pii.text(e.toString()));
        } finally {
            call.finish(); // forgets the call, unless it lives on bridged to an agent
        }
    }

    private void cancel(RequestEvent event) throws Exception {
        Dialogue call = call(event.getRequest());
        respond(event, call == null ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK);
        if (call != null) {
            call.cancelled();
        }
    }

    static String body(javax.sip.message.Message m) {
        byte[] raw = m.getRawContent();
        return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
    }

    static String contentType(javax.sip.message.Message m) {
        ContentTypeHeader ct = (ContentTypeHeader) m.getHeader(ContentTypeHeader.NAME);
        return ct == null ? "" : (ct.getContentType() + "/" + ct.getContentSubType()).toLowerCase(java.util.Locale.ROOT);
    }

    private ServerTransaction serverTransaction(RequestEvent event) throws SipException {
        ServerTransaction st = event.getServerTransaction();
        if (st != null) {
            return st;
        }
        try {
            return provider.getNewServerTransaction(event.getRequest());
        } catch (TransactionAlreadyExistsException retransmission) {
            return null;
        }
    }

    void respond(RequestEvent event, int status) throws Exception {
        Response r = messages.createResponse(status, event.getRequest());
        if (status == Response.OK && Request.OPTIONS.equals(event.getRequest().getMethod())) {
            r.addHeader(headers.createAllowHeader(ALLOW));
            r.addHeader(headers.createAcceptHeader("application", "sdp"));
        }
        send(event, r);
    }

    void send(RequestEvent event, Response r) throws SipException, javax.sip.InvalidArgumentException {
        ServerTransaction st = serverTransaction(event);
        if (st != null) {
            st.sendResponse(r);
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        CallIdHeader id = (CallIdHeader) event.getResponse().getHeader(CallIdHeader.NAME);
        Dialogue d = id == null ? null : calls.get(id.getCallId());
        if (d != null) {
            d.response(event);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction()) {
            if (event.getClientTransaction() != null
                    && Request.INVITE.equals(event.getClientTransaction().getRequest().getMethod())) {
                Dialogue d = call(event.getClientTransaction().getRequest());
                if (d != null) {
                    d.lost("no answer from the far end (transaction timeout)");
                }
            }
            return;
        }
        if (event.getServerTransaction() == null) {
            return;
        }
        Dialogue call = call(event.getServerTransaction().getRequest());
        if (call != null && Request.INVITE.equals(event.getServerTransaction().getRequest().getMethod())) {
            call.lost("no ACK for the answer");
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.debug("SIP I/O error towards {}:{}", event.getHost(), event.getPort());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        String callId = event.getDialog().getCallId().getCallId();
        Dialogue call = calls.get(callId);
        if (call != null) {
            call.lost("dialog ended");
        }
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        calls.values().forEach(d -> {
            if (d instanceof SipCall c) {
                c.hangupQuietly();
            }
        });
        threads.shutdown();
        try {
            threads.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
        stack.stop();
        clock.close();
        SipAgents a = agents;
        if (a != null) {
            a.close();
        }
    }
}
