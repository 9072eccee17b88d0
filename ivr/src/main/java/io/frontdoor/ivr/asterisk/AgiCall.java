package io.frontdoor.ivr.asterisk;

import io.frontdoor.ivr.asterisk.internal.AgiCommandLine;
import io.frontdoor.ivr.asterisk.internal.AgiSession;
import io.frontdoor.ivr.call.Audio;
import io.frontdoor.ivr.call.Call;
import io.frontdoor.ivr.call.Heard;
import io.frontdoor.ivr.call.Listening;
import io.frontdoor.ivr.call.Utterance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import org.asteriskjava.fastagi.reply.AgiReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call that Asterisk handed to FrontDoor over FastAGI. Each {@link Call} method is one AGI
 * command; hand-offs set channel variables and give the call back to the admin's dialplan, which
 * reads {@code FRONTDOOR_ACTION}, {@code FRONTDOOR_ROUTE} and {@code QUEUE_PRIO} (see
 * {@code dialplans/asterisk/README.md}).
 *
 * <p>Created by {@link AgiCallServer} for each connection; used by the call's own thread only.
 */
public final class AgiCall implements Call {
    private static final Logger log = LoggerFactory.getLogger(AgiCall.class);

    /** Played by GET DATA when a flow collects digits without a prompt (ships with Asterisk). */
    static final String SILENCE = "silence/1";
    /** Every key stops a prompt or a recording when listening for keys or speech. */
    static final String KEYS = "0123456789*#";
    /** Silence that ends a recording; whole seconds are all RECORD FILE takes. */
    static final int RECORD_SILENCE_SECONDS = 2;
    /** The script FrontDoor's dialplan snippet asks for; a path under it names the flow. */
    static final String FRONTDOOR_SCRIPT = "frontdoor";
    static final String ACTION = io.frontdoor.ivr.call.HandBack.ACTION;
    static final String ROUTE = io.frontdoor.ivr.call.HandBack.ROUTE;
    static final String QUEUE_PRIO = io.frontdoor.ivr.call.HandBack.QUEUE_PRIO;

    private final String id;
    private final String callerNumber;
    private final String dialledNumber;
    private final String entryPoint;
    private final String requestedFlow;
    private final Map<String, String> attributes;
    private final AgiSession session;
    private boolean handedBack;
    private AgiSpeechCapture capture;

    /**
     * @param env     the env block with the {@code agi_} prefix stripped (asterisk-java's
     *                {@code AgiRequest.getRequest()}); empty fields may be absent
     * @param session the command channel of this connection
     */
    AgiCall(Map<String, String> env, AgiSession session) {
        this.session = Objects.requireNonNull(session, "session");
        this.id = env.get("uniqueid");
        this.callerNumber = known(env.get("callerid"));
        String dnid = known(env.get("dnid"));
        this.dialledNumber = dnid != null ? dnid : known(env.get("extension"));
        this.entryPoint = env.get("context");
        this.requestedFlow = flowOf(env.get("network_script"));
        this.attributes = attributesOf(env);
    }

    /** Asterisk writes {@code unknown} for an empty field. */
    private static String known(String value) {
        return value == null || value.isBlank() || "unknown".equals(value) ? null : value;
    }

    /** {@code frontdoor/hotline-en} names flow {@code hotline-en}; plain {@code frontdoor} none. */
    static String flowOf(String networkScript) {
        if (networkScript == null) {
            return null;
        }
        int query = networkScript.indexOf('?');
        String script = query >= 0 ? networkScript.substring(0, query) : networkScript;
        while (script.startsWith("/")) {
            script = script.substring(1);
        }
        if (script.isEmpty() || script.equals(FRONTDOOR_SCRIPT)) {
            return null;
        }
        if (script.startsWith(FRONTDOOR_SCRIPT + "/")) {
            String flow = script.substring(FRONTDOOR_SCRIPT.length() + 1);
            return flow.isEmpty() ? null : flow;
        }
        return script;
    }

    private static Map<String, String> attributesOf(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : new String[] {"channel", "version", "type", "language", "request"}) {
            String value = env.get(key);
            if (value != null) {
                out.put(key, value);
            }
        }
        StringJoiner args = new StringJoiner(",");
        for (int n = 1; env.containsKey("arg_" + n); n++) {
            out.put("arg_" + n, env.get("arg_" + n));
            args.add(env.get("arg_" + n));
        }
        if (args.length() > 0) {
            out.put("args", args.toString());
        }
        return Collections.unmodifiableMap(out);
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
        send(AgiCommandLine.answer());
    }

    @Override
    public String play(Audio audio, String interruptDigits) {
        AgiReply reply = send(AgiCommandLine.streamFile(audio.switchPath(),
                interruptDigits == null ? "" : interruptDigits));
        int code = reply.getResultCode();
        // A positive result is the ASCII code of the key that stopped playback.
        return code > 0 ? String.valueOf((char) code) : "";
    }

    @Override
    public String collectDigits(Audio prompt, int maxDigits, Duration timeout) {
        if (maxDigits < 1) {
            throw new IllegalArgumentException("maxDigits must be at least 1: " + maxDigits);
        }
        String file = prompt == null ? SILENCE : prompt.switchPath();
        AgiReply reply = send(AgiCommandLine.getData(file, Math.max(1, timeout.toMillis()), maxDigits));
        // "result=12", "result=4 (timeout)" and "result= (timeout)" all carry the digits first.
        return reply.getResult();
    }

    /** Lets this call listen for speech, recording into {@code capture}'s shared directory. */
    void captureSpeech(AgiSpeechCapture value) {
        this.capture = value;
    }

    @Override
    public boolean hearsSpeech() {
        return capture != null;
    }

    /**
     * Asterisk cannot listen while it plays: STREAM FILE plays the prompt (a key stops it and is
     * the answer), then RECORD FILE records the caller until {@value #RECORD_SILENCE_SECONDS} s of
     * silence, a key, or the no-input time plus the longest utterance. Asterisk's silence detection
     * also ends a recording in which the caller never starts speaking; the file it leaves then is
     * silence, which the recognizer reports as such.
     */
    @Override
    public Heard listen(Audio prompt, Listening how) {
        if (!how.speech() || capture == null) {
            return Call.super.listen(prompt, how);
        }
        if (prompt != null) {
            String key = play(prompt, KEYS);
            if (!key.isEmpty()) {
                return keyed(key, how);
            }
        }
        String name = capture.newName(id);
        Path local = capture.localFile(name);
        try {
            capture.ensureDirectory();
            AgiReply reply;
            try {
                reply = send(AgiCommandLine.recordFile(capture.switchPath(name), "wav", KEYS,
                        how.noInput().plus(how.maxSpeech()).toMillis(), RECORD_SILENCE_SECONDS));
            } catch (io.frontdoor.ivr.call.CallFailedException e) {
                // a recording directory Asterisk cannot write to: the caller can still key
                log.warn("call {}: recording for speech failed, listening for keys only: {}", id, e.getMessage());
                String digits = collectDigits(null, how.maxDigits(), how.noInput());
                return digits.isEmpty() ? Heard.nothing() : Heard.keyed(digits);
            }
            if ("dtmf".equals(reply.getExtra()) && reply.getResultCode() > 0) {
                return keyed(String.valueOf((char) reply.getResultCode()), how);
            }
            byte[] pcm = AgiSpeechCapture.readPcm(local);
            return pcm.length == 0 ? Heard.nothing() : Heard.said(new Utterance(pcm, false));
        } catch (java.io.IOException e) {
            log.warn("call {}: the recording {} could not be read ({}); heard nothing", id, local, e.getMessage());
            return Heard.nothing();
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(local);
            } catch (java.io.IOException e) {
                log.warn("call {}: could not delete the recording {}: {}", id, local, e.getMessage());
            }
        }
    }

    /** A key ended the prompt or the recording: it starts the answer; more keys may follow. */
    private Heard keyed(String first, Listening how) {
        if ("#".equals(first)) {
            return Heard.nothing();
        }
        if (how.maxDigits() == 1) {
            return Heard.keyed(first);
        }
        return Heard.keyed(first + collectDigits(null, how.maxDigits() - 1, how.noInput()));
    }

    @Override
    public void setVariable(String name, String value) {
        send(AgiCommandLine.setVariable(name, value));
    }

    @Override
    public String variable(String name) {
        AgiReply reply = send(AgiCommandLine.getVariable(name));
        if (!"1".equals(reply.getResult())) {
            return null;
        }
        String value = reply.getExtra();
        return value == null ? "" : value;
    }

    @Override
    public void handOffToQueue(String queue, int priority) {
        send(AgiCommandLine.setVariable(QUEUE_PRIO, Integer.toString(priority)));
        send(AgiCommandLine.setVariable(ROUTE, queue));
        send(AgiCommandLine.setVariable(ACTION, "queue"));
        handBack("queue");
    }

    @Override
    public void transfer(String target) {
        send(AgiCommandLine.setVariable(ROUTE, target));
        send(AgiCommandLine.setVariable(ACTION, "transfer"));
        handBack("transfer");
    }

    /** The dialplan acts once the connection closes; no HANGUP, or the hand-off would be lost. */
    private void handBack(String action) {
        handedBack = true;
        log.debug("call {} handed back to the dialplan for {}", id, action);
    }

    @Override
    public void hangup() {
        if (handedBack || session.isHungUp()) {
            return;
        }
        try {
            send(AgiCommandLine.hangup());
        } catch (io.frontdoor.ivr.call.CallHangupException alreadyGone) {
            // A 511 here means the caller beat us to it; the call is over either way.
            log.debug("call {} was already hung up", id);
        } finally {
            session.markHungUp();
        }
    }

    @Override
    public boolean isActive() {
        return !session.isHungUp();
    }

    /**
     * Runs a dialplan application. Not part of {@link Call}: kept for Asterisk-specific steps.
     *
     * @return the application's result code
     */
    int exec(String application, String arguments) {
        return send(AgiCommandLine.exec(application, arguments)).getResultCode();
    }

    private AgiReply send(AgiCommandLine command) {
        if (handedBack) {
            throw new IllegalStateException("call " + id + " was handed back to the dialplan; "
                    + command.verb() + " not sent");
        }
        return session.send(command);
    }
}
