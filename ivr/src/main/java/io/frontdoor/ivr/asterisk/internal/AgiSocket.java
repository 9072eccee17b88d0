package io.frontdoor.ivr.asterisk.internal;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.asteriskjava.util.SocketConnectionFacade;

/**
 * One FastAGI connection as asterisk-java's reader and writer see it, with two things that reader
 * cannot tell us: whether the env block was complete and well formed, and whether Asterisk sent
 * the unsolicited {@code HANGUP} line (which the reader skips).
 *
 * <p>A rejected env block is reported to the reader as a blank line, so the connection reaches
 * our script, which sees {@link #rejection()} and closes it without calling the handler; that
 * keeps the log to one clear line instead of asterisk-java's stack trace.
 */
public final class AgiSocket implements SocketConnectionFacade {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int readTimeoutMillis;
    private final Runnable onClose;
    /**
     * Small on purpose: AGI replies are one short line and the env block a few hundred bytes, and
     * this buffer lives as long as the call (thousands at once, each copied by every young GC).
     */
    private final byte[] buffer = new byte[512];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    private final EnvBlockCheck env = new EnvBlockCheck();
    private int position;
    private int limit;
    private boolean envDone;
    private boolean lastLineCut;
    private volatile boolean hangupLineSeen;
    private volatile boolean closed;

    AgiSocket(Socket socket, int envTimeoutMillis, int readTimeoutMillis, Runnable onClose)
            throws IOException {
        this.socket = socket;
        this.readTimeoutMillis = readTimeoutMillis;
        this.onClose = onClose;
        socket.setSoTimeout(envTimeoutMillis);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), 512);
    }

    @Override
    public String readLine() throws IOException {
        if (envDone) {
            String reply = readRawLine();
            if (reply != null && reply.startsWith("HANGUP")) {
                hangupLineSeen = true;
            }
            return reply;
        }
        String envLine;
        try {
            envLine = readRawLine();
        } catch (SocketTimeoutException e) {
            return endEnv(env.truncated("no blank line within " + socket.getSoTimeout() + " ms"));
        }
        if (envLine == null || lastLineCut) {
            return endEnv(env.truncated("connection closed"));
        }
        if (envLine.isEmpty()) {
            return endEnv(env.finish());
        }
        return env.accept(envLine) ? envLine : endEnv(false);
    }

    private String endEnv(boolean valid) throws IOException {
        envDone = true;
        if (valid) {
            socket.setSoTimeout(readTimeoutMillis);
        }
        return "";
    }

    /** Why the env block was refused, or {@code null} when it was valid. */
    public String rejection() {
        return env.rejection();
    }

    /**
     * Whether Asterisk has told us (unsolicited {@code HANGUP} line) that the channel is gone.
     * Between commands that line is the only thing Asterisk may send, so bytes already waiting
     * are looked at without blocking. Call only from the call's own thread (it shares the
     * reader's buffer).
     */
    public boolean hangupLineSeen() {
        if (!hangupLineSeen && envDone && rejection() == null) {
            pollHangupLine();
        }
        return hangupLineSeen;
    }

    private void pollHangupLine() {
        try {
            if (position == limit && in.available() > 0) {
                int read = in.read(buffer);
                position = 0;
                limit = Math.max(read, 0);
            }
        } catch (IOException e) {
            return; // the next command's read will report the failure
        }
        int lineEnd = -1;
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                lineEnd = i;
                break;
            }
        }
        if (lineEnd - position >= 6 && new String(buffer, position, 6, StandardCharsets.US_ASCII).equals("HANGUP")) {
            position = lineEnd + 1;
            hangupLineSeen = true;
        }
    }

    /** Where the connection came from, as the key the server's registry uses. */
    public InetSocketAddress remote() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    private String readRawLine() throws IOException {
        line.reset();
        lastLineCut = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (line.size() == 0) {
                        return null;
                    }
                    lastLineCut = true; // EOF without the newline
                    return decode();
                }
            }
            byte b = buffer[position++];
            if (b == '\n') {
                return decode();
            }
            line.write(b);
        }
    }

    private String decode() {
        int size = line.size();
        byte[] bytes = line.toByteArray();
        // Asterisk ends AGI lines in a bare \n; tolerate \r\n from other peers.
        if (size > 0 && bytes[size - 1] == '\r') {
            size--;
        }
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    @Override
    public void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            socket.close();
        } finally {
            onClose.run();
        }
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected() && !closed;
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public InetAddress getRemoteAddress() {
        return socket.getInetAddress();
    }

    @Override
    public int getRemotePort() {
        return socket.getPort();
    }
}
