package io.frontdoor.ivr.asterisk.ami.peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One AMI client connection, run on its own virtual thread: banner, then read an action, let
 * {@link AmiActions} answer it, repeat until EOF, Logoff, a failed Login or a test drop.
 */
final class AmiSession implements Runnable {
    static final String BANNER = "Asterisk Call Manager/11.0.0\r\n";

    final AsteriskAmiPeer peer;
    private final Socket socket;
    private OutputStream out;
    volatile boolean authenticated;
    /** {@code on}, {@code off} or a class list such as {@code user}; set by Events or Login. */
    volatile String eventMask = "on";
    volatile String challenge;

    AmiSession(AsteriskAmiPeer peer, Socket socket) {
        this.peer = peer;
        this.socket = socket;
    }

    @Override
    public void run() {
        try (socket) {
            out = socket.getOutputStream();
            send(BANNER);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            AmiMessage action;
            while ((action = read(in)) != null) {
                peer.received(action);
                if (!AmiActions.handle(this, action)) {
                    break;
                }
            }
        } catch (IOException dropped) {
            // The client went away or the test dropped us: both just end the session.
        } finally {
            peer.ended(this);
        }
    }

    /** One action: header lines up to an empty line; null at EOF. Bare LF is accepted too. */
    private static AmiMessage read(BufferedReader in) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (!lines.isEmpty()) {
                    return AmiMessage.parse(lines);
                }
            } else {
                lines.add(line);
            }
        }
        return null;
    }

    /** Writes whole messages only, so events from other threads never split a response. */
    synchronized void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Delivers an event if this session is logged in and its mask lets the event's class through. */
    void event(String raw) {
        if (!authenticated || !accepts(raw)) {
            return;
        }
        try {
            send(raw);
        } catch (IOException gone) {
            close();
        }
    }

    private boolean accepts(String raw) {
        String mask = eventMask;
        if (mask.equalsIgnoreCase("on")) {
            return true;
        }
        if (mask.equalsIgnoreCase("off")) {
            return false;
        }
        int at = raw.indexOf("\r\nPrivilege: ");
        if (at < 0) {
            return false;
        }
        String privilege = raw.substring(at + 13, raw.indexOf("\r\n", at + 2));
        for (String wanted : mask.split(",")) {
            if (List.of(privilege.split(",")).contains(wanted.trim()) && !wanted.isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** Closes the socket; the reading thread then ends the session. */
    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
