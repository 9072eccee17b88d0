package io.frontdoor.ivr.asterisk.peer;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One simulated Asterisk channel talking FastAGI to the server under test, on its own virtual
 * thread. Like Asterisk it never closes the socket while the server talks to it; it stops when
 * the server closes (or after the call's idle timeout, recorded as {@link #timedOut()}).
 */
public final class PeerChannel {
    /** Asterisk sends the unsolicited HANGUP line about 40 ms after the reply it follows. */
    private static final long HANGUP_LINE_DELAY_MILLIS = 40;

    private final InetSocketAddress server;
    private final String envBlock;
    private final AgiResponder responder;
    private final boolean halfCloseAfterEnv;
    private final int idleTimeoutMillis;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    /** System.nanoTime() when each command arrived, parallel to {@link #commands}. */
    private final List<Long> commandNanos = new CopyOnWriteArrayList<>();
    private volatile long envSentNanos = -1;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object writeLock = new Object();
    private OutputStream out;
    private volatile boolean closedByServer;
    private volatile boolean timedOut;
    private volatile Exception failure;

    PeerChannel(InetSocketAddress server, String envBlock, AgiResponder responder, boolean halfCloseAfterEnv,
            Duration idleTimeout) {
        this.server = server;
        this.envBlock = envBlock;
        this.responder = responder;
        this.halfCloseAfterEnv = halfCloseAfterEnv;
        this.idleTimeoutMillis = (int) idleTimeout.toMillis();
    }

    void start() {
        Thread.ofVirtual().name("asterisk-peer").start(this::run);
    }

    private void run() {
        try (Socket socket = new Socket()) {
            socket.connect(server, 5_000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(idleTimeoutMillis);
            synchronized (writeLock) {
                out = new BufferedOutputStream(socket.getOutputStream(), 2048);
                write(envBlock);
                envSentNanos = System.nanoTime();
            }
            if (halfCloseAfterEnv) {
                socket.shutdownOutput();
            }
            converse(new LineReader(socket.getInputStream()));
        } catch (SocketTimeoutException e) {
            timedOut = true;
        } catch (SocketException e) {
            // A reset while reading means the server closed on us with our bytes unread.
            closedByServer = true;
        } catch (IOException | InterruptedException | RuntimeException e) {
            failure = e;
        } finally {
            finished.countDown();
        }
    }

    private void converse(LineReader in) throws IOException, InterruptedException {
        String line;
        while ((line = in.readLine()) != null) {
            commandNanos.add(System.nanoTime());
            commands.add(line);
            if (responder == null) {
                continue;
            }
            Duration delay = responder.delayFor(line);
            AgiResponder.Reply reply = responder.respond(line);
            if (!delay.isZero()) {
                Thread.sleep(reply.hangupFollows() ? delay.toMillis() / 2 : delay.toMillis());
            }
            synchronized (writeLock) {
                write(reply.text());
            }
            if (reply.hangupFollows()) {
                Thread.sleep(HANGUP_LINE_DELAY_MILLIS);
                sendHangupLine();
            } else if (responder.hangsUpAfter(responder.commandNumber()) && responder.hangUpIdle()) {
                sendHangupLine();
            }
        }
        closedByServer = true;
    }

    /** The caller hangs up now, while no command is pending: Asterisk sends HANGUP at once. */
    public void hangUp() {
        if (responder != null && responder.hangUpIdle()) {
            sendHangupLine();
        }
    }

    private void sendHangupLine() {
        synchronized (writeLock) {
            try {
                if (out != null) {
                    write("HANGUP\n");
                }
            } catch (IOException e) {
                // The server may already have closed; Asterisk would not care either.
            }
        }
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Waits until the conversation ends; true when it ended because the server closed the socket. */
    public boolean awaitClosedByServer(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && closedByServer;
    }

    /** Waits until the conversation ends for any reason; false on timeout. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every command line received, in order, without its newline. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** Channel variables the server set (SET VARIABLE), by name. */
    public Map<String, String> variables() {
        return responder == null ? Map.of() : Map.copyOf(responder.variables());
    }

    /** System.nanoTime() when the whole env block had been written to the socket, or -1. */
    public long envSentNanos() {
        return envSentNanos;
    }

    /** System.nanoTime() when the first command starting with {@code prefix} arrived, or -1. */
    public long firstCommandNanos(String prefix) {
        for (int i = 0; i < commands.size() && i < commandNanos.size(); i++) {
            if (commands.get(i).startsWith(prefix)) {
                return commandNanos.get(i);
            }
        }
        return -1;
    }

    public boolean closedByServer() {
        return closedByServer;
    }

    public boolean timedOut() {
        return timedOut;
    }

    /** An unexpected error on the peer side, or {@code null}. */
    public Exception failure() {
        return failure;
    }

    /** Reads {@code \n}-terminated lines with one reusable buffer (cheap for thousands of channels). */
    static final class LineReader {
        private final InputStream in;
        private final byte[] buffer = new byte[1024];
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        private int position;
        private int limit;

        LineReader(InputStream in) {
            this.in = in;
        }

        String readLine() throws IOException {
            line.reset();
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                    }
                }
                byte b = buffer[position++];
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
        }
    }
}
