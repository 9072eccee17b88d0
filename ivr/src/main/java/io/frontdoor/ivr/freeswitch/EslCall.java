package io.frontdoor.ivr.freeswitch;

import io.frontdoor.ivr.call.Audio;
import io.frontdoor.ivr.call.Call;
import io.frontdoor.ivr.call.CallFailedException;
import io.frontdoor.ivr.call.CallHangupException;
import io.frontdoor.ivr.call.Heard;
import io.frontdoor.ivr.call.Listening;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call that FreeSWITCH handed to FrontDoor through the dialplan's {@code socket} application
 * ({@code async full}). Applications run with {@code sendmsg} execute, {@code event-lock} and our
 * own {@code Event-UUID}, and a method returns once the CHANNEL_EXECUTE_COMPLETE with that
 * Application-UUID arrives. CHANNEL_HANGUP or a disconnect notice turns every blocking method into
 * a {@link CallHangupException}. Hand-offs set {@code FRONTDOOR_ACTION}, {@code FRONTDOOR_ROUTE},
 * {@code QUEUE_PRIO} and {@code socket_resume=true}, then leave the socket so the dialplan goes on
 * (see {@code dialplans/freeswitch/README.md}).
 */
public final class EslCall implements Call {
    private static final Logger log = LoggerFactory.getLogger(EslCall.class);

    static final String FLOW_VARIABLE = "frontdoor_flow";
    /** Set on originated calls: the dialplan context a hand-back transfers to (no socket_resume there). */
    static final String HANDBACK_CONTEXT_VARIABLE = "frontdoor_handback";
    static final String DIGITS_VARIABLE = "fd_digit";
    static final String SILENCE = "silence_stream://250";
    static final String ACTION = io.frontdoor.ivr.call.HandBack.ACTION;
    static final String ROUTE = io.frontdoor.ivr.call.HandBack.ROUTE;
    static final String QUEUE_PRIO = io.frontdoor.ivr.call.HandBack.QUEUE_PRIO;

    private final EslSession session;
    private final String id;
    private final String callerNumber;
    private final String dialledNumber;
    private final String entryPoint;
    private final String requestedFlow;
    private final Map<String, String> attributes;
    /** Channel variables of the connect reply, and those FrontDoor set since (names without variable_). */
    private final Map<String, String> variables = new HashMap<>();
    private boolean hungUp;
    private boolean handedBack;
    private boolean exited;
    private String lastTerminator;
    private final EslRecording recording;
    private int listens;

    /** @param channelData the decoded headers of the {@code connect} reply */
    EslCall(EslMessage channelData, EslSession session) {
        this(channelData, session, null);
    }

    /** @param recording where {@code record} writes caller audio, or null: {@link #listen} hears keys only */
    EslCall(EslMessage channelData, EslSession session, EslRecording recording) {
        this.session = Objects.requireNonNull(session, "session");
        this.recording = recording;
        Map<String, String> h = channelData.headers();
        this.id = h.get("Unique-ID");
        this.callerNumber = blankToNull(h.get("Caller-Caller-ID-Number"));
        this.dialledNumber = blankToNull(h.get("Caller-Destination-Number"));
        this.entryPoint = h.get("Caller-Context");
        absorbVariables(h);
        this.requestedFlow = blankToNull(variables.get(FLOW_VARIABLE));
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String key : new String[] {"Channel-Name", "Core-UUID", "FreeSWITCH-Hostname", "Socket-Mode", "Control"}) {
            if (h.get(key) != null) {
                attrs.put(key, h.get(key));
            }
        }
        this.attributes = Collections.unmodifiableMap(attrs);
        session.listener(new EslSession.Listener() {
            @Override
            public void onEvent(EslMessage event) {
                EslCall.this.onEvent(event);
            }

            @Override
            public void onDisconnectNotice(EslMessage notice) {
                hungUp = true;
            }
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private void absorbVariables(Map<String, String> headers) {
        headers.forEach((k, v) -> {
            if (k.startsWith("variable_")) {
                variables.put(k.substring("variable_".length()), v);
            }
        });
    }

    private void onEvent(EslMessage event) {
        String uuid = event.header("Unique-ID");
        if (uuid != null && !uuid.equals(id)) {
            return; // another channel's event (a bridged leg): not ours
        }
        // only the connect reply's variables are kept (the flow's name, the hand-back context): an
        // event's hundred headers are decoded only as far as read
        String name = event.header("Event-Name");
        if ("CHANNEL_HANGUP".equals(name) || "CHANNEL_HANGUP_COMPLETE".equals(name)) {
            hungUp = true;
        }
    }

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
        execute("answer", null);
    }

    @Override
    public String play(Audio audio, String interruptDigits) {
        String terminators = interruptDigits == null || interruptDigits.isEmpty() ? "none" : interruptDigits;
        execute("set", "playback_terminators=" + terminators);
        variables.remove("playback_terminator_used");
        EslMessage done = execute("playback", audio.switchPath());
        String used = done.header("variable_playback_terminator_used");
        return used == null || terminators.equals("none") ? "" : used;
    }

    @Override
    public String collectDigits(Audio prompt, int maxDigits, Duration timeout) {
        if (maxDigits < 1) {
            throw new IllegalArgumentException("maxDigits must be at least 1: " + maxDigits);
        }
        String file = prompt == null ? SILENCE : prompt.switchPath();
        long ms = Math.max(1, timeout.toMillis());
        // any of 0-9 and * (# ends input); the recordings used \d
        String regex = maxDigits == 1 ? "[0-9*]" : "[0-9*]+";
        // min max tries timeout terminators file invalid_file var regexp digit_timeout
        String arg = "1 " + maxDigits + " 1 " + ms + " # " + file + " " + SILENCE + " "
                + DIGITS_VARIABLE + " " + regex + " " + ms;
        EslMessage done = execute("play_and_get_digits", arg);
        String digits = done.header("variable_" + DIGITS_VARIABLE);
        if (!"success".equals(done.header("variable_read_result")) || digits == null) {
            return "";
        }
        return digits;
    }

    /**
     * Keys, or speech recorded with FreeSWITCH's {@code record} when a record directory is set
     * (see {@link EslListen}); without one, keys only.
     */
    @Override
    public Heard listen(Audio prompt, Listening how) {
        if (recording == null || !how.speech()) {
            return Call.super.listen(prompt, how);
        }
        return EslListen.listen(this, recording, prompt, how, "frontdoor-" + id + "-" + (++listens));
    }

    @Override
    public boolean hearsSpeech() {
        return recording != null;
    }

    @Override
    public void setVariable(String name, String value) {
        execute("set", name + "=" + (value == null ? "" : value));
        variables.put(name, value);
    }

    @Override
    public String variable(String name) {
        checkUsable("uuid_getvar");
        EslMessage reply = session.command("api uuid_getvar " + id + " " + name);
        String body = reply.bodyText();
        if (hungUp || body.startsWith("-ERR No such channel")) {
            hungUp = true;
            throw new CallHangupException("call " + id + " hung up");
        }
        if (body.startsWith("-ERR")) {
            throw new CallFailedException("uuid_getvar " + name + ": " + body.strip());
        }
        return "_undef_".equals(body) ? null : body;
    }

    @Override
    public void handOffToQueue(String queue, int priority) {
        setVariable(QUEUE_PRIO, Integer.toString(priority));
        setVariable(ROUTE, queue);
        setVariable(ACTION, "queue");
        handBack("queue");
    }

    @Override
    public void transfer(String target) {
        setVariable(ROUTE, target);
        setVariable(ACTION, "transfer");
        handBack("transfer");
    }

    /**
     * The dialplan continues after the socket app once we leave; socket_resume keeps the call up. We
     * leave ({@code exit}) when the handler returns, as FastAGI does, so the call is on the timeline
     * before the switch acts on the hand-back.
     */
    private void handBack(String action) {
        String context = variables.get(HANDBACK_CONTEXT_VARIABLE);
        if (context != null && !context.isBlank()) {
            // an originated call (a callback) has no dialplan after its socket: send it to one
            execute("transfer", "frontdoor_" + action + " XML " + context);
        } else {
            setVariable("socket_resume", "true");
        }
        handedBack = true;
        log.debug("call {} handed back to the dialplan for {}", id, action);
    }

    @Override
    public void hangup() {
        if (handedBack || hungUp || exited) {
            return;
        }
        try {
            EslMessage reply = session.command("sendmsg\ncall-command: hangup\nhangup-cause: NORMAL_CLEARING");
            log.debug("call {} hangup: {}", id, reply.header("Reply-Text"));
        } catch (CallHangupException alreadyGone) {
            log.debug("call {} was already hung up", id);
        } finally {
            hungUp = true;
        }
    }

    @Override
    public boolean isActive() {
        return !hungUp && !handedBack;
    }

    /** Ends the socket app: {@code exit}, FreeSWITCH's {@code +OK bye}; the connection is then closed. */
    void exit() {
        if (exited || session.isClosed()) {
            exited = true;
            return;
        }
        exited = true;
        try {
            session.command("exit");
        } catch (RuntimeException e) {
            log.debug("call {}: exit not acknowledged: {}", id, e.getMessage());
        } finally {
            session.close();
        }
    }

    private void checkUsable(String what) {
        if (handedBack || exited) {
            throw new IllegalStateException("call " + id + " was handed back to the dialplan; " + what + " not sent");
        }
        if (hungUp) {
            throw new CallHangupException("call " + id + " hung up");
        }
    }

    /**
     * Runs a dialplan application and waits for its CHANNEL_EXECUTE_COMPLETE.
     *
     * @return the decoded CHANNEL_EXECUTE_COMPLETE event
     */
    EslMessage execute(String app, String arg) {
        checkUsable(app);
        if (arg != null && (arg.indexOf('\n') >= 0 || arg.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("line break in the argument of " + app);
        }
        String uuid = UUID.randomUUID().toString();
        StringBuilder cmd = new StringBuilder("sendmsg\ncall-command: execute\nexecute-app-name: ").append(app);
        if (arg != null && !arg.isEmpty()) {
            cmd.append("\nexecute-app-arg: ").append(arg);
        }
        cmd.append("\nevent-lock: true\nEvent-UUID: ").append(uuid);
        EslMessage reply = session.command(cmd.toString());
        String text = reply.header("Reply-Text");
        if (text == null || !text.startsWith("+OK")) {
            throw new CallFailedException(app + " refused: " + text);
        }
        return session.readUntilEvent(event -> {
            if (hungUp) {
                throw new CallHangupException("call " + id + " hung up during " + app);
            }
            return "CHANNEL_EXECUTE_COMPLETE".equals(event.header("Event-Name"))
                    && uuid.equals(event.header("Application-UUID"));
        });
    }
}
