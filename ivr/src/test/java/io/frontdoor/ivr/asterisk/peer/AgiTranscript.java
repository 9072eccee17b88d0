package io.frontdoor.ivr.asterisk.peer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code wire/asterisk-22/agi-*.txt} recording: per FastAGI connection, the env block
 * Asterisk sent and each command with the lines Asterisk sent back before the next command
 * (which include an unsolicited {@code HANGUP} line when one arrived).
 */
public record AgiTranscript(String name, List<Connection> connections) {

    /** One FastAGI connection of a recording. */
    public record Connection(List<String> envLines, List<Exchange> exchanges) {

        /** The env block as a map from full key ({@code agi_channel}) to value. */
        public Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : envLines) {
                int colon = line.indexOf(": ");
                env.put(line.substring(0, colon), line.substring(colon + 2));
            }
            return env;
        }

        /** The env block as Asterisk sent it, blank line included. */
        public String envBlock() {
            return String.join("\n", envLines) + "\n\n";
        }
    }

    /** A command sent to Asterisk and every line that came back until the next command. */
    public record Exchange(String command, List<String> replyLines) {

        /** The reply lines as bytes on the wire. */
        public String replyText() {
            return replyLines.isEmpty() ? "" : String.join("\n", replyLines) + "\n";
        }
    }

    /** Loads a recording from {@code src/test/resources/wire/asterisk-22/}. */
    public static AgiTranscript load(String fileName) {
        String resource = "/wire/asterisk-22/" + fileName;
        try (InputStream in = AgiTranscript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + resource);
            }
            return parse(fileName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AgiTranscript parse(String name, String text) {
        List<Connection> connections = new ArrayList<>();
        List<String> env = new ArrayList<>();
        List<Exchange> exchanges = new ArrayList<>();
        boolean inEnv = false;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith(">> ") || line.equals(">>")) {
                String wire = line.length() > 3 ? line.substring(3) : "";
                if (!inEnv && exchanges.isEmpty() && env.isEmpty()) {
                    inEnv = true;
                }
                if (inEnv) {
                    if (wire.isEmpty()) {
                        inEnv = false;
                    } else {
                        env.add(wire);
                    }
                } else if (exchanges.isEmpty()) {
                    throw new IllegalStateException(name + ": Asterisk line outside env and replies: " + wire);
                } else {
                    exchanges.get(exchanges.size() - 1).replyLines().add(wire);
                }
            } else if (line.startsWith("<< ")) {
                exchanges.add(new Exchange(line.substring(3), new ArrayList<>()));
            } else if (line.startsWith("# --- next FastAGI connection")) {
                connections.add(new Connection(List.copyOf(env), List.copyOf(exchanges)));
                env.clear();
                exchanges.clear();
            }
        }
        if (!env.isEmpty()) {
            connections.add(new Connection(List.copyOf(env), List.copyOf(exchanges)));
        }
        return new AgiTranscript(name, List.copyOf(connections));
    }

    /** A peer call whose env block reproduces this connection's, run-specific values included. */
    public static PeerCall callFor(Connection connection) {
        Map<String, String> env = connection.env();
        String request = env.get("agi_request");
        String hostPort = request.substring("agi://".length(), request.indexOf('/', "agi://".length()));
        PeerCall call = new PeerCall()
                .uniqueId(env.get("agi_uniqueid"))
                .channel(env.get("agi_channel"))
                .threadId(env.get("agi_threadid"))
                .callerId(unknownAsNull(env.get("agi_callerid")))
                .callerName(unknownAsNull(env.get("agi_calleridname")))
                .dnid(unknownAsNull(env.get("agi_dnid")))
                .extension(env.get("agi_extension"))
                .context(env.get("agi_context"))
                .script(env.get("agi_network_script"))
                .requestHost(hostPort)
                .language(env.get("agi_language"))
                .priority(env.get("agi_priority"));
        for (int n = 1; env.containsKey("agi_arg_" + n); n++) {
            call.args(env.get("agi_arg_" + n));
        }
        return call;
    }

    private static String unknownAsNull(String value) {
        return "unknown".equals(value) ? null : value;
    }
}
