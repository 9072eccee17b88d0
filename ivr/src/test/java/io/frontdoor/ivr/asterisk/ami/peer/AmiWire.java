package io.frontdoor.ivr.asterisk.ami.peer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A raw AMI client for wire tests (bytes in, bytes out, nothing interpreted), and the
 * normalisation that blanks values differing on every run of Asterisk or the peer.
 */
final class AmiWire implements AutoCloseable {
    /**
     * Run-specific values, blanked line by line on both sides before comparing. Nothing else
     * differs: every other byte (header order, CRLF, blank lines, text) must match.
     */
    private static final List<Object[]> RUN_SPECIFIC = List.of(
            // Clock readings: event/Ping times, seconds since start or reload.
            new Object[] {Pattern.compile("(?m)^(Timestamp|Uptime|LastReload): [0-9.]+(?=\r\n)"), "$1: <clock>"},
            // Epoch seconds of member log-in, pause and last call; 0 ("never") is kept.
            new Object[] {Pattern.compile("(?m)^(LoginTime|LastPause|LastCall): [1-9][0-9]{8,}(?=\r\n)"), "$1: <epoch>"},
            // Uniqueid/Linkedid and their Dest* forms: <epoch>.<sequence>.
            new Object[] {Pattern.compile("(?m)^(\\w*(?:Uniqueid|Linkedid)): [0-9]+\\.[0-9]+(?=\r\n)"), "$1: <id>"},
            // Local channel sequence: Local/200@fd-wire-0000000c;1.
            new Object[] {Pattern.compile("-[0-9a-f]{8};([12])"), "-<seq>;$1"},
            // Seconds a caller has waited, which depend on how fast the test ran.
            new Object[] {Pattern.compile("(?m)^(Wait|LongestHoldTime): [0-9]+(?=\r\n)"), "$1: <secs>"});

    private final Socket socket;
    private final InputStream in;

    AmiWire(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
    }

    static String normalise(String wire) {
        String out = wire;
        for (Object[] rule : RUN_SPECIFIC) {
            out = ((Pattern) rule[0]).matcher(out).replaceAll((String) rule[1]);
        }
        return out;
    }

    void send(String raw) throws IOException {
        socket.getOutputStream().write(raw.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** One line with its CRLF (the banner). */
    String readLine() throws IOException {
        return readUntil("\r\n");
    }

    /** One message, up to and including its blank line. */
    String readMessage() throws IOException {
        return readUntil("\r\n\r\n");
    }

    /** {@code n} messages, concatenated as they came. */
    String readMessages(int n) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(readMessage());
        }
        return sb.toString();
    }

    /** Whether the peer closed the connection (EOF within the socket timeout). */
    boolean atEof() throws IOException {
        return in.read() < 0;
    }

    private String readUntil(String end) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] endBytes = end.getBytes(StandardCharsets.US_ASCII);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF after " + buf.toString(StandardCharsets.UTF_8));
            }
            buf.write(b);
            byte[] sofar = buf.toByteArray();
            if (endsWith(sofar, endBytes)) {
                return new String(sofar, StandardCharsets.UTF_8);
            }
        }
    }

    private static boolean endsWith(byte[] data, byte[] suffix) {
        if (data.length < suffix.length) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (data[data.length - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
