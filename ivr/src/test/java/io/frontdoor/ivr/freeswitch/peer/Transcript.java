package io.frontdoor.ivr.freeswitch.peer;

import io.frontdoor.ivr.freeswitch.EslMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One recorded FreeSWITCH 1.10 outbound ESL session ({@code src/test/resources/wire/freeswitch-1.10}),
 * cut into exchanges: a command we sent and the exact messages FreeSWITCH sent until our next
 * command. {@code >> } lines are bytes from FreeSWITCH, each ending in a newline unless the note
 * {@code ## (previous line had no trailing newline)} follows.
 */
public final class Transcript {
    /** A command and FreeSWITCH's messages after it, each kept as its exact bytes. */
    public record Exchange(String command, List<Raw> messages) {
    }

    /** A message's exact bytes and its parse. */
    public record Raw(String text, EslMessage message) {
    }

    public final String name;
    public final List<Exchange> exchanges = new ArrayList<>();
    /** The controlled channel's Unique-ID in this recording. */
    public final String channelUuid;

    private Transcript(String name) {
        this.name = name;
        List<String> lines = read(name);
        String command = null;
        List<String> cmd = new ArrayList<>();
        ByteArrayOutputStream fs = new ByteArrayOutputStream();
        List<String[]> pending = new ArrayList<>(); // [command, fsText]
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("<< ") || line.equals("<<")) {
                if (command != null) {
                    pending.add(new String[] {command, fs.toString(StandardCharsets.UTF_8)});
                    command = null;
                }
                fs.reset();
                String c = line.length() > 3 ? line.substring(3) : "";
                if (c.isEmpty()) {
                    command = String.join("\n", cmd);
                    cmd.clear();
                } else {
                    cmd.add(c);
                }
            } else if (line.startsWith(">> ") || line.equals(">>")) {
                String payload = line.length() > 3 ? line.substring(3) : "";
                boolean noNewline = i + 1 < lines.size()
                        && lines.get(i + 1).startsWith("## (previous line had no trailing newline)");
                fs.writeBytes((payload + (noNewline ? "" : "\n")).getBytes(StandardCharsets.UTF_8));
            }
        }
        if (command != null) {
            pending.add(new String[] {command, fs.toString(StandardCharsets.UTF_8)});
        }
        for (String[] p : pending) {
            exchanges.add(new Exchange(p[0], split(p[1])));
        }
        this.channelUuid = exchanges.get(0).messages().get(0).message().decoded().header("Unique-ID");
    }

    public static Transcript load(String name) {
        return new Transcript(name);
    }

    private static List<String> read(String name) {
        String path = "/wire/freeswitch-1.10/" + name;
        try (InputStream in = Transcript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no transcript " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
                out.remove(out.size() - 1);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Raw> split(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        List<Raw> out = new ArrayList<>();
        try {
            while (in.available() > 0) {
                int start = bytes.length - in.available();
                EslMessage m = EslMessage.read(in);
                if (m == null) {
                    break;
                }
                int end = bytes.length - in.available();
                out.add(new Raw(new String(bytes, start, end - start, StandardCharsets.UTF_8), m));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Our key for a command: {@code sendmsg execute answer}, {@code api uuid_getvar NAME}, {@code linger}. */
    public static String key(String command) {
        String[] lines = command.split("\n");
        String first = lines[0].trim();
        if (first.equals("sendmsg")) {
            String callCommand = field(lines, "call-command");
            return "execute".equals(callCommand) ? "sendmsg execute " + field(lines, "execute-app-name")
                    : "sendmsg " + callCommand;
        }
        String[] words = first.split(" ");
        if (words[0].equals("api") && words.length >= 4 && words[1].equals("uuid_getvar")) {
            return "api uuid_getvar " + words[3];
        }
        if (words[0].equals("api") && words.length >= 2) {
            return "api " + words[1];
        }
        return words[0];
    }

    static String field(String[] lines, String name) {
        for (String l : lines) {
            if (l.startsWith(name + ":")) {
                return l.substring(name.length() + 1).trim();
            }
        }
        return null;
    }
}
