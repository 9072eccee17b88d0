package io.frontdoor.ivr.freeswitch.peer;

import io.frontdoor.ivr.freeswitch.EslMessage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Plays FreeSWITCH 1.10's side of the {@code socket} application over a real TCP connection: it
 * connects to our listener like {@code socket 127.0.0.1:PORT async full} does and answers each
 * command with the bytes recorded for that command in the transcripts (first from the call's own
 * transcript, then from the others), in order per command. Only two things are rewritten, both
 * same-length so every Content-Length stays true: the recorded channel UUID becomes this call's,
 * and the recorded Application-UUID of the executed application becomes our {@code Event-UUID}
 * (FreeSWITCH echoes it). After answering {@code exit} it waits for us to close the socket.
 */
public final class FreeSwitchPeer {
    private final List<Transcript> transcripts;
    private final Map<String, Integer> used = new HashMap<>();
    private final Map<String, String> injected = new HashMap<>();
    /** Every command received, in order, exactly as sent (without the final blank line). */
    public final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    public final String channelUuid = UUID.randomUUID().toString();
    private volatile boolean closedByServer;
    private volatile boolean exitReceived;

    /** @param transcripts the call's own transcript first, then fallbacks for commands it lacks */
    public FreeSwitchPeer(Transcript... transcripts) {
        this.transcripts = List.of(transcripts);
    }

    /** Adds a {@code variable_NAME} header to the CHANNEL_DATA of the connect reply (a dialplan {@code set}). */
    public FreeSwitchPeer channelVariable(String name, String value) {
        injected.put(name, value);
        return this;
    }

    /** Connects to our listener and runs the call on its own thread. */
    public CompletableFuture<Void> call(int port) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(5000);
                run(s);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, r -> Thread.ofVirtual().name("fs-peer").start(r));
    }

    public boolean closedByServer() {
        return closedByServer;
    }

    public boolean exitReceived() {
        return exitReceived;
    }

    private void run(Socket s) throws IOException {
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        while (true) {
            String command;
            try {
                command = readCommand(in);
            } catch (SocketTimeoutException e) {
                throw new IOException("no command from the server within 5 s; got " + commands, e);
            }
            if (command == null) {
                closedByServer = true;
                return;
            }
            commands.add(command);
            String key = Transcript.key(command);
            Transcript.Exchange ex = find(key);
            if (ex == null) {
                throw new IOException("no recorded reply for '" + key + "'");
            }
            String eventUuid = Transcript.field(command.split("\n"), "Event-UUID");
            String app = Transcript.field(command.split("\n"), "execute-app-name");
            String recordedAppUuid = app == null ? null : recordedAppUuid(ex, app);
            Transcript from = owner(ex);
            for (Transcript.Raw raw : ex.messages()) {
                String text = raw.text().replace(from.channelUuid, channelUuid);
                if (recordedAppUuid != null && eventUuid != null) {
                    text = text.replace(recordedAppUuid, eventUuid);
                }
                if (key.equals("connect") && !injected.isEmpty()) {
                    text = inject(text);
                }
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            if (key.equals("exit")) {
                exitReceived = true;
                // FreeSWITCH closes right after; we wait to see that the server closes its side too.
                try {
                    closedByServer = in.read() < 0;
                } catch (IOException e) {
                    closedByServer = true;
                }
                return;
            }
        }
    }

    private String inject(String text) {
        StringBuilder vars = new StringBuilder();
        injected.forEach((k, v) -> vars.append("variable_").append(k).append(": ").append(v).append('\n'));
        return text.replace("Content-Type: command/reply\n", vars + "Content-Type: command/reply\n");
    }

    private Transcript.Exchange find(String key) {
        for (Transcript t : transcripts) {
            List<Transcript.Exchange> matching = t.exchanges.stream()
                    .filter(e -> Transcript.key(e.command()).equals(key)).toList();
            if (!matching.isEmpty()) {
                int n = used.merge(t.name + "|" + key, 1, Integer::sum) - 1;
                return matching.get(Math.min(n, matching.size() - 1));
            }
        }
        return null;
    }

    private Transcript owner(Transcript.Exchange ex) {
        return transcripts.stream().filter(t -> t.exchanges.contains(ex)).findFirst().orElseThrow();
    }

    private static String recordedAppUuid(Transcript.Exchange ex, String app) {
        for (Transcript.Raw raw : ex.messages()) {
            if (raw.message().isEvent()) {
                EslMessage e = raw.message().event();
                if ("CHANNEL_EXECUTE_COMPLETE".equals(e.header("Event-Name")) && app.equals(e.header("Application"))) {
                    return e.header("Application-UUID");
                }
            }
        }
        return null;
    }

    /** Reads one command (lines up to a blank line); null at end of stream. */
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

    /** Waits for the call to finish on the peer side. */
    public static void await(CompletableFuture<Void> call) throws Exception {
        call.get(8, TimeUnit.SECONDS);
    }
}
