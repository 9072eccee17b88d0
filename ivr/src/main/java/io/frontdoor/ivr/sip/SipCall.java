package io.frontdoor.ivr.sip;

import io.frontdoor.ivr.call.Audio;
import io.frontdoor.ivr.call.Call;
import io.frontdoor.ivr.call.CallFailedException;
import io.frontdoor.ivr.call.CallHangupException;
import io.frontdoor.ivr.call.Heard;
import io.frontdoor.ivr.call.Listening;
import io.frontdoor.ivr.call.Utterance;
import io.frontdoor.ivr.sip.media.PromptAudio;
import io.frontdoor.ivr.sip.media.RtpSession;
import io.frontdoor.ivr.sip.media.Sdp;
import io.frontdoor.ivr.sip.media.SpeechDetector;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call that reached FrontDoor's own SIP endpoint. Prompts go out as RTP from this side; digits
 * come in as RFC 4733 events or SIP INFO; caller audio can be captured for speech. Signalling
 * (answer, BYE, re-INVITE) is in {@link SipSignalling}; the stack's threads post what happens as
 * events, which the call's own thread takes in its blocking methods.
 */
public final class SipCall implements Call, Dialogue {
    private static final Logger log = LoggerFactory.getLogger(SipCall.class);

    sealed interface Event permits Digit, Played, Gone, SpeechStarted, SpeechEnded, AgentClaimed {
    }

    record AgentClaimed() implements Event {
    }

    record Digit(char digit) implements Event {
    }

    record Played(long id, boolean completed) implements Event {
    }

    record Gone(String why) implements Event {
    }

    record SpeechStarted() implements Event {
    }

    record SpeechEnded(byte[] pcm) implements Event {
    }

    private final SipEndpoint endpoint;
    private final Signalling signalling;
    private final PromptAudio prompts;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final Map<String, String> attributes;
    private final String id;
    private final String callerNumber;
    private final String dialledNumber;
    private final String entryPoint;
    private final String requestedFlow;
    private volatile RtpSession rtp;
    private volatile SpeechDetector speech;
    private volatile boolean gone;
    private volatile SipBridge bridge;
    private volatile String bridgedAgent;

    /** An inbound call: the INVITE is answered when the flow answers. */
    SipCall(SipEndpoint endpoint, ServerTransaction invite, Request request, String trunk, Sdp.Media offer,
            PromptAudio prompts) {
        this.endpoint = endpoint;
        this.signalling = new SipSignalling(endpoint, this, invite, request, offer);
        this.prompts = prompts;
        this.id = signalling.callId();
        this.callerNumber = SipSignalling.callerNumber(request);
        this.dialledNumber = SipSignalling.dialledNumber(request);
        this.entryPoint = trunk;
        this.requestedFlow = null;
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("transport", signalling.transport());
        attrs.put("codec", offer.codec().encodingName());
        this.attributes = Collections.unmodifiableMap(attrs);
    }

    /** A call FrontDoor placed and the far end answered, to run {@code flow} on (the callback flow). */
    SipCall(SipEndpoint endpoint, OutboundInvite answered, String number, String entryPoint, String flow,
            Map<String, String> variables, PromptAudio prompts) {
        this.endpoint = endpoint;
        this.signalling = new DialledSignalling(answered);
        this.prompts = prompts;
        this.id = answered.callId();
        this.callerNumber = number;
        this.dialledNumber = null;
        this.entryPoint = entryPoint;
        this.requestedFlow = flow;
        this.variables.putAll(variables);
        this.attributes = Map.of("transport", "udp", "direction", "outbound");
        this.rtp = answered.rtp();
        answered.onEnded(this::ended);
    }

    void media(RtpSession session) {
        this.rtp = session;
        signalling.media(session);
    }

    RtpSession rtp() {
        return rtp;
    }

    /** What the RTP session hears, turned into this call's events. */
    RtpSession.Listener mediaListener() {
        return new RtpSession.Listener() {
            @Override
            public void digit(char digit) {
                events.add(new Digit(digit));
            }

            @Override
            public void played(long playId, boolean completed) {
                events.add(new Played(playId, completed));
            }

            @Override
            public void audio(byte[] pcm, int length) {
                SpeechDetector d = speech;
                if (d == null) {
                    return;
                }
                switch (d.feed(pcm, length)) {
                    case STARTED -> events.add(new SpeechStarted());
                    case ENDED -> events.add(new SpeechEnded(d.utterance()));
                    default -> {
                    }
                }
            }
        };
    }

    // --- what the signalling side reports

    void digitByInfo(char digit) {
        events.add(new Digit(digit));
    }

    void ended(String why) {
        if (!gone) {
            gone = true;
            events.add(new Gone(why));
            RtpSession r = rtp;
            if (r != null) {
                r.stopPlayback();
            }
            log.debug("SIP call {}: {}", id, why);
        }
        SipBridge b = bridge;
        if (b != null) {
            b.hangup(); // its end closes this call (bridgeEnded)
        }
    }

    // SipEndpoint's entry points, forwarded to the signalling
    @Override
    public void acked(Request ack) {
        signalling.acked(ack);
    }

    @Override
    public int byeReceived(Request bye) {
        ended("caller hung up");
        return Response.OK;
    }

    @Override
    public int infoReceived(Request info) {
        return SipSignalling.info(info, this);
    }

    @Override
    public void reInvite(ServerTransaction st, Request request) {
        signalling.reInvite(st, request);
    }

    @Override
    public void cancelled() {
        if (signalling.cancel()) {
            ended("caller cancelled before answer");
        }
    }

    @Override
    public void lost(String why) {
        ended(why);
    }

    /** The flow returned: hang up and free the media, unless the call lives on in a bridge. */
    void finish() {
        if (bridge != null) {
            return;
        }
        try {
            signalling.finish(gone);
        } finally {
            gone = true;
            close();
        }
    }

    private void close() {
        RtpSession r = rtp;
        if (r != null) {
            r.close();
        }
        endpoint.forget(id);
    }

    void hangupQuietly() {
        try {
            hangup();
        } catch (RuntimeException e) {
            log.debug("SIP call {}: hang-up at shutdown: {}", id, e.toString());
        }
    }

    // --- Call

    @Override
    public String id() {
        return id;
    }

    @Override
    public String callerNumber() {
        return callerNumber;
    }

    @Override
    public String dialledNumber() {
        return dialledNumber;
    }

    @Override
    public String entryPoint() {
        return entryPoint;
    }

    @Override
    public String requestedFlow() {
        return requestedFlow;
    }

    @Override
    public Map<String, String> attributes() {
        return attributes;
    }

    @Override
    public void answer() {
        checkUp();
        signalling.answer();
    }

    @Override
    public String play(Audio audio, String interruptDigits) {
        String stops = interruptDigits == null ? "" : interruptDigits;
        long playing = start(audio);
        while (true) {
            Event e = next(-1);
            if (e instanceof Played p && p.id() == playing) {
                return "";
            }
            if (e instanceof Digit d && stops.indexOf(d.digit()) >= 0) {
                rtp.stopPlayback();
                return String.valueOf(d.digit());
            }
        }
    }

    @Override
    public String collectDigits(Audio prompt, int maxDigits, Duration timeout) {
        if (maxDigits < 1) {
            throw new IllegalArgumentException("maxDigits must be at least 1: " + maxDigits);
        }
        return listen(prompt, Listening.keys(maxDigits, timeout)).digits();
    }

    @Override
    public boolean hearsSpeech() {
        return true;
    }

    @Override
    public Heard listen(Audio prompt, Listening how) {
        long playing = prompt == null ? -1 : start(prompt);
        StringBuilder digits = new StringBuilder();
        SpeechDetector detector = how.speech()
                ? new SpeechDetector(how.endSilence(), how.maxSpeech(), SpeechDetector.DEFAULT_THRESHOLD) : null;
        boolean bargedIn = false;
        if (detector != null && (playing < 0 || how.bargeIn())) {
            hear(detector);
        }
        long deadline = playing < 0 ? System.nanoTime() + how.noInput().toNanos() : Long.MAX_VALUE;
        try {
            while (true) {
                long wait = deadline == Long.MAX_VALUE ? -1 : deadline - System.nanoTime();
                if (deadline != Long.MAX_VALUE && wait <= 0) {
                    return digits.isEmpty() ? Heard.nothing() : Heard.keyed(digits.toString());
                }
                if (deadline == Long.MAX_VALUE && detector != null && detector.started()) {
                    wait = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100); // also watch for RTP that stops
                }
                Event e = next(wait);
                if (e == null) {
                    if (detector != null && detector.endIfQuietSince(System.nanoTime())) {
                        return Heard.said(new Utterance(detector.utterance(), bargedIn));
                    }
                    continue;
                }
                if (e instanceof Played p && p.id() == playing) {
                    playing = -1;
                    if (detector != null && !detector.started()) {
                        hear(detector); // without barge-in, speech counts from the end of the prompt
                    }
                    if (deadline == Long.MAX_VALUE) {
                        deadline = System.nanoTime() + how.noInput().toNanos();
                    }
                } else if (e instanceof Digit d) {
                    stopPrompt(playing);
                    playing = -1;
                    hear(null);
                    if (d.digit() == '#') {
                        return Heard.keyed(digits.toString());
                    }
                    digits.append(d.digit());
                    if (digits.length() >= how.maxDigits()) {
                        return Heard.keyed(digits.toString());
                    }
                    deadline = System.nanoTime() + how.noInput().toNanos(); // time allowed per digit
                } else if (e instanceof SpeechStarted && digits.isEmpty()) {
                    if (playing >= 0) {
                        stopPrompt(playing);
                        playing = -1;
                        bargedIn = true;
                    }
                    deadline = Long.MAX_VALUE; // the detector ends it (end silence or the cap)
                } else if (e instanceof SpeechEnded s && digits.isEmpty()) {
                    return Heard.said(new Utterance(s.pcm(), bargedIn));
                }
            }
        } finally {
            hear(null);
        }
    }

    private void hear(SpeechDetector detector) {
        speech = detector;
        rtp.hearAudio(detector != null);
    }

    private void stopPrompt(long playing) {
        if (playing >= 0) {
            rtp.stopPlayback();
        }
    }

    /** Starts a prompt; digits keyed before it (type-ahead) stay queued for whoever reads next. */
    private long start(Audio audio) {
        checkUp();
        byte[] encoded;
        try {
            encoded = prompts.encoded(audio.localFile(), rtp.codec());
        } catch (IOException e) {
            throw new CallFailedException("cannot play " + audio.localFile().getFileName() + ": " + e.getMessage(), e);
        }
        return rtp.play(encoded);
    }

    /** The next event; {@code wait < 0}: as long as it takes. Throws once the caller is gone. */
    Event next(long waitNanos) {
        Event e;
        try {
            e = waitNanos < 0 ? events.take() : events.poll(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new CallHangupException("call " + id + " interrupted (server stopping)", ie);
        }
        if (e instanceof Gone g) {
            events.add(g); // every later call sees it too
            throw new CallHangupException("call " + id + ": " + g.why());
        }
        return e;
    }

    /** Posts an event to the call's own thread. */
    void post(Event e) {
        events.add(e);
    }

    void checkUp() {
        if (gone) {
            throw new CallHangupException("call " + id + " hung up");
        }
    }

    @Override
    public void setVariable(String name, String value) {
        synchronized (variables) {
            variables.put(name, value == null ? "" : value);
        }
    }

    @Override
    public String variable(String name) {
        synchronized (variables) {
            return variables.get(name);
        }
    }

    /** The variables the flow set, in the order it set them (for hand-offs and the agent's INVITE). */
    public Map<String, String> variables() {
        synchronized (variables) {
            return Map.copyOf(variables);
        }
    }

    /**
     * Connects the caller to an agent of {@code queue} (B2BUA); the flow ends, the bridge stays until
     * either side hangs up. When no agent is free the caller waits on the line ({@link QueueHandOff}:
     * the hold prompt, their place in line) until an agent of the queue becomes free (callers of
     * higher priority, then earlier callers, first) or the wait limit passes. An agent who does not
     * answer is set not ready and the caller goes on waiting, in the same place.
     *
     * @throws CallFailedException when the queue has no agent at all or the wait limit passed (after
     *                             the apology prompt)
     * @throws io.frontdoor.ivr.call.CallerLeftQueueException when the caller hangs up while waiting
     */
    @Override
    public void handOffToQueue(String queue, int priority) {
        checkUp();
        SipAgents agents = endpoint.agents();
        if (agents == null || !agents.hasQueue(queue)) {
            throw new CallFailedException("no agent in queue '" + queue + "' on the embedded SIP endpoint");
        }
        new QueueHandOff(this, agents, endpoint.queueing(), prompts).run(queue, priority);
    }

    /**
     * Connects the caller to {@code target}: an agent id, a {@code sip:} URI, or a number dialled
     * through the trunk.
     */
    @Override
    public void transfer(String target) {
        checkUp();
        SipAgents agents = endpoint.agents();
        if (agents != null && agents.uri(target) != null) {
            agents.busy(target, true);
            bridgeTo(target, true, endpoint.queueing().ring());
        } else {
            bridgeTo(target, false, Duration.ofSeconds(30));
        }
    }

    /**
     * Bridges the caller to {@code target}, ringing it for up to {@code ring}. An agent (marked busy
     * by the caller of this) who does not answer is set not ready, unless the caller hung up first.
     *
     * @throws SipBridge.NotAnsweredException when the target did not answer
     */
    void bridgeTo(String target, boolean agent, Duration ring) {
        SipAgents agents = endpoint.agents();
        javax.sip.address.SipURI uri;
        SipTrunk via = SipTrunk.none();
        try {
            if (agent) {
                uri = (javax.sip.address.SipURI) endpoint.addresses.createURI(agents.uri(target));
            } else if (target.startsWith("sip:")) {
                uri = (javax.sip.address.SipURI) endpoint.addresses.createURI(target);
            } else if (target.matches("\\+?[0-9]{3,20}") && endpoint.trunk().configured()) {
                via = endpoint.trunk();
                uri = endpoint.trunkUri(target);
            } else {
                throw new CallFailedException("embedded SIP cannot reach '" + target
                        + "' (not an agent, a sip: URI or a number with sip.trunk.host set)");
            }
        } catch (java.text.ParseException e) {
            release(agent ? target : null);
            throw new CallFailedException("bad target '" + target + "': " + e.getMessage(), e);
        } catch (CallFailedException e) {
            release(agent ? target : null);
            throw e;
        }
        String agentId = agent ? target : null;
        SipBridge b;
        try {
            b = SipBridge.connect(endpoint, rtp, uri, callerNumber == null ? "anonymous" : callerNumber,
                    via, SipBridge.headers(variables()), ring, () -> !gone, () -> bridgeEnded(agentId));
        } catch (SipBridge.NotAnsweredException e) {
            if (agentId != null && !gone) {
                agents.notAnswered(agentId, e.getMessage());
            } else {
                release(agentId);
            }
            throw e;
        } catch (CallFailedException e) {
            release(agentId);
            throw e;
        }
        bridge = b;
        bridgedAgent = agentId;
        log.info("SIP call {} bridged to {}", id, agent ? "agent " + target : "an outside party");
        if (gone) {
            b.hangup(); // the caller hung up as the far end answered
        }
    }

    private void release(String agentId) {
        if (agentId != null && endpoint.agents() != null) {
            endpoint.agents().busy(agentId, false);
        }
    }

    /** The second leg hung up: hang up the caller too. */
    private void bridgeEnded(String agentId) {
        release(agentId);
        if (!gone) {
            gone = true;
            events.add(new Gone("the other party hung up"));
            signalling.hangup();
        }
        close();
    }

    /** Whether the call is bridged to a second leg (it outlives its flow). */
    boolean bridged() {
        return bridge != null;
    }

    @Override
    public void hangup() {
        if (gone) {
            return;
        }
        ended("FrontDoor hung up");
        signalling.hangup();
    }

    @Override
    public boolean isActive() {
        return !gone;
    }

    static String randomTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong());
    }
}
