package io.frontdoor.ivr.freeswitch.peer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One FreeSWITCH 1.10 channel running {@code socket <host:port> async full}, scripted like a
 * caller: it connects to FrontDoor's outbound ESL listener and answers every command as FreeSWITCH
 * does, with messages built from the recorded ones (the same headers and encodings; only the
 * channel's own facts, the application and its results are changed, and Content-Length recomputed).
 *
 * <p>Keys: one entry per media application ({@code playback}, {@code play_and_get_digits},
 * {@code record}), as DTMF the caller presses while it runs: {@code "1"}, {@code "12#"}, or
 * {@code ""} for nothing; for {@code record}, {@code "speech"} speaks the next of {@link #says}. {@link #hangupDuringMedia(int)} hangs the caller up while the n-th media
 * application runs. {@code set}, {@code export} and {@code multiset} update the channel variables;
 * {@code api uuid_getvar} reads them.
 */
public final class FreeSwitchChannel {
    private static final Templates T = new Templates();

    public final String uuid = UUID.randomUUID().toString();
    private String callerNumber = "+8613800138000";
    private String destination = "95588";
    private String context = "public";
    private final Map<String, String> variables = new ConcurrentHashMap<>();
    private final List<String> keys = new ArrayList<>();
    private int hangupDuringMedia;
    private Duration idleTimeout = Duration.ofSeconds(20);
    private Path recordings;
    private final java.util.Queue<short[]> utterances = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    /** Media applications run, as {@code app arg}, in order. */
    private final List<String> media = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean closedByServer;
    private volatile boolean hungUp;
    private volatile boolean exitReceived;
    private volatile Exception failure;
    private int mediaCount;
    /** Separates what FreeSWITCH sends at once from what it sends when a media application ends. */
    private static final String PAUSE = "\u0000pause\u0000";
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private String pausedApp;
    private volatile long connectSentNanos = -1;
    private volatile long firstExecuteNanos = -1;
    private int sequence = 9000;

    public FreeSwitchChannel callerNumber(String value) { callerNumber = value; return this; }

    public FreeSwitchChannel destination(String value) { destination = value; return this; }

    public FreeSwitchChannel context(String value) { context = value; return this; }

    /** A channel variable set before {@code socket} (dialplan {@code set}, or originate's {@code {...}}). */
    public FreeSwitchChannel variable(String name, String value) { variables.put(name, value); return this; }

    public FreeSwitchChannel keys(String... presses) { keys.addAll(List.of(presses)); return this; }

    public FreeSwitchChannel hangupDuringMedia(int n) { hangupDuringMedia = n; return this; }

    public FreeSwitchChannel idleTimeout(Duration value) { idleTimeout = value; return this; }

    /** How long a media application ({@code playback}, {@code play_and_get_digits}, {@code record}) runs. */
    public FreeSwitchChannel delay(String app, Duration value) { delays.put(app, value); return this; }

    /** System.nanoTime() when the connect reply (the channel data) was written, or -1. */
    public long connectSentNanos() { return connectSentNanos; }

    /** System.nanoTime() when FrontDoor's first {@code sendmsg} arrived, or -1. */
    public long firstExecuteNanos() { return firstExecuteNanos; }

    /**
     * What the caller says, in order, to the {@code record} applications whose key entry is
     * {@code "speech"}: signed 16-bit little-endian PCM at 8 kHz (telephone audio).
     */
    public FreeSwitchChannel says(byte[]... pcm) {
        for (byte[] p : pcm) {
            short[] s = new short[p.length / 2];
            for (int i = 0; i < s.length; i++) {
                s[i] = (short) ((p[2 * i] & 0xff) | (p[2 * i + 1] << 8));
            }
            utterances.add(s);
        }
        return this;
    }

    /** Where {@code record} writes (the switch's view of the shared record directory is this path). */
    public FreeSwitchChannel recordings(Path dir) { recordings = dir; return this; }

    /** Connects to the listener on 127.0.0.1:{@code port} and runs the call on a virtual thread. */
    public FreeSwitchChannel start(int port) {
        Thread.ofVirtual().name("fs-channel").start(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setTcpNoDelay(true);
                s.setSoTimeout((int) idleTimeout.toMillis());
                converse(new BufferedInputStream(s.getInputStream()), s.getOutputStream());
            } catch (Exception e) {
                failure = e;
            } finally {
                done.countDown();
            }
        });
        return this;
    }

    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public List<String> commands() { return List.copyOf(commands); }

    public List<String> media() { return List.copyOf(media); }

    public Map<String, String> variables() { return Map.copyOf(variables); }

    public boolean closedByServer() { return closedByServer; }

    public boolean exitReceived() { return exitReceived; }

    public boolean hungUp() { return hungUp; }

    public Exception failure() { return failure; }

    private void converse(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String command;
            try {
                command = readCommand(in);
            } catch (SocketTimeoutException e) {
                throw new IOException("no command within " + idleTimeout + "; got " + commands, e);
            }
            if (command == null) {
                closedByServer = true;
                return;
            }
            commands.add(command);
            if (firstExecuteNanos < 0 && command.startsWith("sendmsg")) {
                firstExecuteNanos = System.nanoTime();
            }
            pausedApp = null;
            String reply = answer(command);
            int pause = reply.indexOf(PAUSE);
            if (pause >= 0) {
                out.write(reply.substring(0, pause).getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    Thread.sleep(delays.getOrDefault(pausedApp, Duration.ZERO));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                reply = reply.substring(pause + PAUSE.length());
            }
            out.write(reply.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (command.equals("connect")) {
                connectSentNanos = System.nanoTime();
            }
            if (command.equals("exit")) {
                exitReceived = true;
                closedByServer = in.read() < 0; // FreeSWITCH closes too; we wait to see FrontDoor close first
                return;
            }
        }
    }

    private String answer(String command) throws IOException {
        String[] lines = command.split("\n");
        String first = lines[0].trim();
        if (first.equals("connect")) {
            return connectReply();
        }
        if (first.equals("myevents")) {
            return T.myevents;
        }
        if (first.equals("linger")) {
            return T.linger;
        }
        if (first.equals("exit")) {
            return T.exit.replace(T.uuid, uuid);
        }
        if (first.startsWith("api uuid_getvar ")) {
            String[] w = first.split(" ");
            String body = hungUp || !w[2].equals(uuid) ? "-ERR No such channel!\n"
                    : variables.getOrDefault(w[3], "_undef_");
            return "Content-Type: api/response\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\n\n" + body;
        }
        if (first.equals("sendmsg")) {
            String callCommand = Transcript.field(lines, "call-command");
            if (hungUp) {
                return T.ok;
            }
            if ("hangup".equals(callCommand)) {
                hungUp = true;
                return T.ok + hangupEvents();
            }
            if ("execute".equals(callCommand)) {
                return T.ok + execute(Transcript.field(lines, "execute-app-name"), argument(lines),
                        Transcript.field(lines, "Event-UUID"));
            }
        }
        return "Content-Type: command/reply\nReply-Text: -ERR command not found\n\n";
    }

    private static String argument(String[] lines) {
        for (String l : lines) {
            if (l.startsWith("execute-app-arg: ")) {
                return l.substring("execute-app-arg: ".length());
            }
        }
        return "";
    }

    private String connectReply() {
        StringBuilder vars = new StringBuilder();
        variables.forEach((k, v) -> vars.append("variable_").append(k).append(": ").append(EventTemplate.encode(v)).append('\n'));
        String text = T.connect.replace(T.uuid, uuid)
                .replace("Caller-Caller-ID-Number: " + T.callerNumber, "Caller-Caller-ID-Number: "
                        + EventTemplate.encode(callerNumber == null ? "" : callerNumber))
                .replace("Caller-Destination-Number: " + T.destination, "Caller-Destination-Number: " + EventTemplate.encode(destination))
                .replace("Caller-Context: " + T.context, "Caller-Context: " + EventTemplate.encode(context));
        return text.replace("Content-Type: command/reply\n", vars + "Content-Type: command/reply\n");
    }

    /** This channel's own copy of a template (made once), with the next sequence number. */
    private EventTemplate event(EventTemplate template) {
        EventTemplate own = mine.computeIfAbsent(template, t -> t.copy().set("Unique-ID", uuid));
        return own.set("Event-Sequence", Integer.toString(++sequence));
    }

    private final Map<EventTemplate, EventTemplate> mine = new java.util.IdentityHashMap<>();

    private String execute(String app, String arg, String appUuid) throws IOException {
        String id = appUuid == null ? UUID.randomUUID().toString() : appUuid;
        StringBuilder out = new StringBuilder();
        out.append(event(T.execute).set("Application", app).set("Application-Data", arg).set("Application-UUID", id).render());
        EventTemplate complete = event(T.complete).copy().set("Application", app).set("Application-Data", arg)
                .set("Application-UUID", id).set("Application-Response", "_none_");
        switch (app) {
            case "set", "export" -> setVariable(arg);
            case "unset" -> variables.remove(arg);
            case "multiset" -> {
                for (String pair : arg.split(" ")) {
                    setVariable(pair);
                }
            }
            case "playback", "play_and_get_digits", "record" -> {
                mediaCount++;
                media.add(app + " " + arg);
                if (delays.containsKey(app)) {
                    pausedApp = app;
                    out.append(PAUSE);
                }
                String pressed = keys.isEmpty() ? "" : keys.remove(0);
                if (mediaCount == hangupDuringMedia) {
                    hungUp = true;
                    complete.set("Application-Response", "PLAYBACK ERROR");
                    return out + event(T.hangup).render() + complete.render() + event(T.hangupComplete).render()
                            + T.lingerNotice.replace(T.uuid, uuid);
                }
                for (char c : (pressed.equals("speech") ? "" : pressed).toCharArray()) { // words, not keys
                    out.append(event(T.dtmf).set("DTMF-Digit", String.valueOf(c)).render());
                }
                media(app, arg, pressed, complete);
            }
            default -> {
                // answer, transfer, bridge and the rest: done at once
            }
        }
        variables.forEach((k, v) -> complete.set("variable_" + k, v));
        return out.append(complete.render()).toString();
    }

    private void media(String app, String arg, String pressed, EventTemplate complete) throws IOException {
        if (app.equals("playback")) {
            complete.set("Application-Response", "FILE PLAYED");
            String terminators = variables.getOrDefault("playback_terminators", "*");
            if (!pressed.isEmpty() && !terminators.equals("none") && terminators.indexOf(pressed.charAt(0)) >= 0) {
                variables.put("playback_terminator_used", pressed.substring(0, 1));
            } else {
                variables.remove("playback_terminator_used");
            }
        } else if (app.equals("play_and_get_digits")) {
            String[] a = arg.split(" ");
            int max = Integer.parseInt(a[1]);
            String var = a[7];
            String digits = pressed.contains("#") ? pressed.substring(0, pressed.indexOf('#')) : pressed;
            digits = digits.length() > max ? digits.substring(0, max) : digits;
            if (digits.isEmpty()) {
                variables.remove(var);
                variables.put("read_result", "failure");
            } else {
                variables.put(var, digits);
                variables.put("read_result", "success");
            }
        } else {
            RecordEmulation.record(arg, pressed, variables, recordings, utterances);
        }
    }

    private void setVariable(String pair) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
            variables.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
    }

    private String hangupEvents() {
        return event(T.hangup).render() + event(T.hangupComplete).render() + T.lingerNotice.replace(T.uuid, uuid);
    }

    private static String readCommand(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int prev = -1;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n' && prev == '\n') {
                String s = buf.toString(StandardCharsets.UTF_8);
                return s.substring(0, s.length() - 1);
            }
            buf.write(b);
            prev = b;
        }
        return null;
    }

    /** The recorded messages this channel builds on. */
    static final class Templates {
        final String uuid;
        final String connect;
        final String callerNumber;
        final String destination;
        final String context;
        final String myevents;
        final String linger;
        final String ok;
        final String exit;
        final String lingerNotice;
        final EventTemplate execute;
        final EventTemplate complete;
        final EventTemplate dtmf;
        final EventTemplate hangup;
        final EventTemplate hangupComplete;

        Templates() {
            Transcript play = Transcript.load("outbound-socket-answer-playback.txt");
            Transcript hang = Transcript.load("outbound-caller-hangup-mid-playback.txt");
            Transcript keys = Transcript.load("outbound-dtmf-play-and-get-digits.txt");
            // every message reused below is rewritten to one channel UUID: the playback call's
            String u = play.channelUuid;
            uuid = u;
            Transcript.Exchange c = exchange(play, "connect");
            connect = c.messages().get(0).text();
            var data = c.messages().get(0).message().decoded();
            callerNumber = EventTemplate.encode(data.header("Caller-Caller-ID-Number"));
            destination = EventTemplate.encode(data.header("Caller-Destination-Number"));
            context = EventTemplate.encode(data.header("Caller-Context"));
            myevents = exchange(play, "myevents").messages().get(0).text();
            linger = exchange(hang, "linger").messages().get(0).text();
            ok = exchange(play, "sendmsg execute answer").messages().get(0).text();
            exit = exchange(hang, "exit").messages().stream().map(Transcript.Raw::text)
                    .reduce("", String::concat).replace(hang.channelUuid, u);
            Transcript.Exchange playback = exchange(play, "sendmsg execute playback");
            execute = new EventTemplate(find(playback, "CHANNEL_EXECUTE"));
            complete = new EventTemplate(find(playback, "CHANNEL_EXECUTE_COMPLETE"));
            dtmf = new EventTemplate(find(exchange(keys, "sendmsg execute play_and_get_digits"), "DTMF"));
            Transcript.Exchange killed = exchange(hang, "sendmsg execute playback");
            hangup = new EventTemplate(find(killed, "CHANNEL_HANGUP"));
            hangupComplete = new EventTemplate(find(killed, "CHANNEL_HANGUP_COMPLETE"));
            lingerNotice = killed.messages().stream().map(Transcript.Raw::text)
                    .filter(t -> t.startsWith("Content-Type: text/disconnect-notice")).findFirst().orElseThrow()
                    .replace(hang.channelUuid, u);
        }

        private static Transcript.Exchange exchange(Transcript t, String key) {
            return t.exchanges.stream().filter(e -> Transcript.key(e.command()).equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(t.name + " has no " + key));
        }

        private static String find(Transcript.Exchange ex, String eventName) {
            for (Transcript.Raw raw : ex.messages()) {
                if (raw.message().isEvent() && eventName.equals(raw.message().event().header("Event-Name"))) {
                    return raw.text();
                }
            }
            throw new IllegalStateException("no " + eventName + " after " + ex.command());
        }
    }
}
