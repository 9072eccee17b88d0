package io.frontdoor.ivr.asterisk.ami.peer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code wire/asterisk-22/ami-*.txt} recording: the banner line, then each action the
 * client sent with the messages Asterisk sent before the next action, byte for byte (CRLF
 * included). {@code #} notes are dropped: trimmed events are simply absent.
 *
 * @param banner the first line Asterisk sent, with its CRLF
 * @param closedByAsterisk whether the recording ends with Asterisk closing the connection
 */
public record AmiTranscript(String name, String banner, List<Exchange> exchanges, boolean closedByAsterisk) {

    /**
     * One client action and what followed it.
     *
     * @param actionText the action exactly as sent (blank line included)
     * @param replies each Asterisk message as sent (its blank line included)
     */
    public record Exchange(String actionText, List<String> replies) {

        /** The action as a message, for its headers. */
        public AmiMessage action() {
            return AmiMessage.parse(List.of(actionText.split("\r\n")));
        }

        /** The replies concatenated, as they came off the wire. */
        public String replyText() {
            return String.join("", replies);
        }
    }

    /** Loads a recording from {@code src/test/resources/wire/asterisk-22/}. */
    public static AmiTranscript load(String fileName) {
        String resource = "/wire/asterisk-22/" + fileName;
        try (InputStream in = AmiTranscript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + resource);
            }
            return parse(fileName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AmiTranscript parse(String name, String text) {
        String banner = null;
        List<Exchange> exchanges = new ArrayList<>();
        StringBuilder action = null;
        List<String> replies = null;
        StringBuilder message = new StringBuilder();
        boolean closed = false;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith(">> ")) {
                String wire = unescape(line.substring(3));
                if (banner == null) {
                    banner = wire;
                    continue;
                }
                if (replies == null) {
                    throw new IllegalStateException(name + ": Asterisk message before any action: " + line);
                }
                if (action != null) {
                    exchanges.add(new Exchange(action.toString(), replies));
                    action = null;
                }
                message.append(wire);
                if (wire.equals("\r\n")) {
                    replies.add(message.toString());
                    message.setLength(0);
                }
            } else if (line.startsWith("<< ")) {
                if (action == null) {
                    action = new StringBuilder();
                    replies = new ArrayList<>();
                }
                action.append(unescape(line.substring(3)));
            } else if (line.startsWith("# [connection closed by Asterisk") || line.contains("closed by Asterisk)")) {
                closed = true;
            }
        }
        if (action != null) {
            exchanges.add(new Exchange(action.toString(), replies));
        }
        if (message.length() > 0) {
            throw new IllegalStateException(name + ": unterminated Asterisk message at the end");
        }
        return new AmiTranscript(name, banner, List.copyOf(exchanges), closed);
    }

    /** The recording writes the CR byte as the two characters {@code \r}; the LF is implied. */
    private static String unescape(String line) {
        if (!line.endsWith("\\r")) {
            throw new IllegalStateException("AMI line without CR: " + line);
        }
        return line.substring(0, line.length() - 2) + "\r\n";
    }
}
