package io.frontdoor.ivr.freeswitch;

import io.frontdoor.ivr.call.CallFailedException;
import io.frontdoor.ivr.call.CallHangupException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * The command side of one outbound ESL connection, driven by the call's own thread: it writes a
 * command and reads until the reply arrives, handing every event read meanwhile to the listener.
 * One thread at a time.
 */
final class EslSession implements AutoCloseable {
    interface Listener {
        void onEvent(EslMessage event);

        void onDisconnectNotice(EslMessage notice);
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private Listener listener = new Listener() {
        @Override
        public void onEvent(EslMessage event) {
        }

        @Override
        public void onDisconnectNotice(EslMessage notice) {
        }
    };
    private boolean closed;

    EslSession(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new EslInput(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1024); // commands are short
    }

    void listener(Listener listener) {
        this.listener = listener;
    }

    /** Sends a command (its lines without the final blank line) and returns its reply. */
    EslMessage command(String command) {
        if (command.contains("\n\n")) {
            throw new IllegalArgumentException("a blank line inside an ESL command");
        }
        write(command);
        return readUntil(m -> {
            String type = m.contentType();
            return type.equals("command/reply") || type.equals("api/response");
        });
    }

    /**
     * Sends several commands in one write and returns their replies in order: FreeSWITCH answers
     * the commands of a socket one after the other, so one round trip serves them all.
     */
    java.util.List<EslMessage> pipeline(String... commands) {
        StringBuilder all = new StringBuilder();
        for (String c : commands) {
            if (c.contains("\n\n")) {
                throw new IllegalArgumentException("a blank line inside an ESL command");
            }
            all.append(c).append("\n\n");
        }
        write(all.substring(0, all.length() - 2));
        java.util.List<EslMessage> replies = new java.util.ArrayList<>();
        for (int i = 0; i < commands.length; i++) {
            replies.add(readUntil(m -> {
                String type = m.contentType();
                return type.equals("command/reply") || type.equals("api/response");
            }));
        }
        return replies;
    }

    /** Reads messages (giving events to the listener) until one matches; that one is returned. */
    EslMessage readUntil(Predicate<EslMessage> wanted) {
        while (true) {
            EslMessage m = next();
            if (wanted.test(m)) {
                return m;
            }
            dispatch(m);
        }
    }

    /**
     * Reads until {@code wanted} accepts an event (each decoded once, given to the listener first,
     * then to {@code wanted}); a disconnect notice goes to the listener, then to {@code wanted} as is.
     */
    EslMessage readUntilEvent(Predicate<EslMessage> wanted) {
        while (true) {
            EslMessage m = next();
            if (m.isEvent()) {
                EslMessage event = m.event();
                listener.onEvent(event);
                if (wanted.test(event)) {
                    return event;
                }
            } else if ("text/disconnect-notice".equals(m.contentType())) {
                listener.onDisconnectNotice(m);
                if (wanted.test(m)) {
                    return m;
                }
            }
        }
    }

    private void dispatch(EslMessage m) {
        if (m.isEvent()) {
            listener.onEvent(m.event());
        } else if ("text/disconnect-notice".equals(m.contentType())) {
            listener.onDisconnectNotice(m);
        }
    }

    private EslMessage next() {
        try {
            EslMessage m = EslMessage.read(in);
            if (m == null) {
                throw new CallHangupException("FreeSWITCH closed the ESL connection");
            }
            return m;
        } catch (IOException e) {
            if (closed) {
                throw new CallHangupException("ESL connection closed", e);
            }
            throw new CallHangupException("ESL connection lost: " + e.getMessage(), e);
        }
    }

    private void write(String command) {
        try {
            out.write((command + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new CallFailedException("ESL write failed: " + e.getMessage(), e);
        }
    }

    boolean isClosed() {
        return closed || socket.isClosed();
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
