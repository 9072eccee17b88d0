package io.frontdoor.ivr.asterisk.peer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one simulated Asterisk channel looks like and how its caller behaves: the env block fields,
 * the keys pressed per media command, per-command delays and where the caller hangs up. Fluent
 * setters; the defaults are a live trunk call from {@code +8613800138000} to {@code 100}.
 *
 * <p>Key presses: one entry is consumed by each STREAM FILE, GET DATA, WAIT FOR DIGIT and
 * RECORD FILE. For STREAM FILE the first key stops playback when it is an escape digit; for
 * GET DATA {@code "12#"} ends with {@code #}, fewer digits than the maximum end in a timeout;
 * {@code ""} presses nothing; an entry {@code "reply:<line>"} is sent back verbatim.
 */
public final class PeerCall {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    String uniqueId;
    String channel;
    String threadId = "139746094732992";
    String callerId = "+8613800138000";
    String callerName = "Test";
    String dnid;
    String extension = "100";
    String context = "from-trunk";
    String script = "frontdoor";
    String requestHost;
    String language = "en";
    String priority = "2";
    String version = "22.10.1";
    final List<String> args = new ArrayList<>();
    final List<String> keys = new ArrayList<>();
    final Map<String, Duration> delays = new HashMap<>();
    final Map<Integer, String> overrides = new HashMap<>();
    final Map<String, String> presetVariables = new HashMap<>();
    final java.util.Deque<Speech> speech = new java.util.ArrayDeque<>();
    java.nio.file.Path fileSystemRoot = java.nio.file.Path.of("/");
    int hangupDuringCommand;
    int hangupAfterCommand;
    long playedEndpos = 11234;
    long interruptedEndpos = 5760;
    long hangupEndpos = 4160;
    Duration idleTimeout = Duration.ofSeconds(20);

    private static final long STARTED = System.currentTimeMillis() / 1000;

    public PeerCall() {
        long n = SEQUENCE.incrementAndGet();
        // as Asterisk makes them: the epoch second the system started, a dot, a sequence; unique
        // across runs against one database, as real Asterisk restarts are
        uniqueId = STARTED + "." + n;
        channel = String.format("PJSIP/trunk-%08x", n);
    }

    public PeerCall uniqueId(String value) { uniqueId = value; return this; }

    public PeerCall channel(String value) { channel = value; return this; }

    public PeerCall threadId(String value) { threadId = value; return this; }

    /** The caller's number as Asterisk has it; {@code null} when withheld (sent as {@code unknown}). */
    public PeerCall callerId(String value) { callerId = value; return this; }

    public PeerCall callerName(String value) { callerName = value; return this; }

    public PeerCall dnid(String value) { dnid = value; return this; }

    public PeerCall extension(String value) { extension = value; return this; }

    public PeerCall context(String value) { context = value; return this; }

    /** {@code frontdoor} or {@code frontdoor/<flow>}: the path of the {@code agi://} URL. */
    public PeerCall script(String value) { script = value; return this; }

    /** Host and port written into {@code agi_request}; defaults to the address dialled. */
    public PeerCall requestHost(String value) { requestHost = value; return this; }

    public PeerCall language(String value) { language = value; return this; }

    public PeerCall priority(String value) { priority = value; return this; }

    /** Adds {@code agi_arg_N} values (the AGI application's arguments after the URL). */
    public PeerCall args(String... values) { args.addAll(List.of(values)); return this; }

    /** A channel variable already set when the call reaches AGI (e.g. {@code AGISTATUS}). */
    public PeerCall variable(String name, String value) { presetVariables.put(name, value); return this; }

    /** Appends key presses, one per media command (see the class comment). */
    public PeerCall keys(String... presses) { keys.addAll(List.of(presses)); return this; }

    /** Delays the reply to every command starting with {@code verb} (e.g. playback time). */
    public PeerCall delay(String verb, Duration delay) { delays.put(verb.toUpperCase(), delay); return this; }

    /** The caller hangs up while command {@code n} (1-based) is in progress. */
    public PeerCall hangupDuringCommand(int n) { hangupDuringCommand = n; return this; }

    /** The caller hangs up right after command {@code n} is answered, while nothing is pending. */
    public PeerCall hangupAfterCommand(int n) { hangupAfterCommand = n; return this; }

    /** Replaces the reply to command {@code n} with these lines (fault injection). */
    public PeerCall overrideReply(int n, String... lines) {
        overrides.put(n, String.join("\n", lines) + "\n");
        return this;
    }

    /** The {@code endpos} values: played to the end, stopped by a key, cut by a hang-up. */
    public PeerCall endpos(long played, long interrupted, long hungUp) {
        playedEndpos = played;
        interruptedEndpos = interrupted;
        hangupEndpos = hungUp;
        return this;
    }

    /** How long the peer waits for the next command before giving up and closing. */
    public PeerCall idleTimeout(Duration value) { idleTimeout = value; return this; }

    /**
     * What the caller says during one RECORD FILE with silence detection: 16-bit LE 8 kHz PCM, and
     * how long Asterisk took to notice the end (null: the speech plus the silence it waits for).
     */
    record Speech(byte[] pcm, Duration heardFor) {
    }

    /** The caller says this during the next RECORD FILE that is not stopped by a key. */
    public PeerCall says(byte[] pcm8k) { speech.add(new Speech(pcm8k, null)); return this; }

    /** As {@link #says(byte[])}, Asterisk answering after exactly {@code heardFor} (replays). */
    public PeerCall says(byte[] pcm8k, Duration heardFor) { speech.add(new Speech(pcm8k, heardFor)); return this; }

    /** Where Asterisk's file system starts: recordings go to {@code root + path} (default {@code /}). */
    public PeerCall fileSystemRoot(java.nio.file.Path root) { fileSystemRoot = root; return this; }

    public String uniqueId() { return uniqueId; }
}
