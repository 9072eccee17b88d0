package io.frontdoor.ivr.freeswitch;

import io.frontdoor.ivr.call.CallHandler;
import io.frontdoor.ivr.call.CallHangupException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FreeSWITCH's outbound ESL ({@code socket 127.0.0.1:8084 async full}): one virtual thread per
 * connection sends {@code connect}, {@code myevents} and {@code linger} in one write (FreeSWITCH
 * answers them in order), then runs the {@link CallHandler}
 * on an {@link EslCall}; afterwards it sends {@code exit} and closes the socket.
 */
public final class EslCallServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EslCallServer.class);
    public static final int DEFAULT_PORT = 8084;

    private final CallHandler handler;
    private final EslRecording recording;
    private final ServerSocket serverSocket;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closing;

    /** Listens on 127.0.0.1:{@code port} (0 = any free port) at once. */
    public EslCallServer(int port, CallHandler handler) throws IOException {
        this(InetAddress.getLoopbackAddress(), port, handler);
    }

    /** Listens on {@code bind}:{@code port} (0 = any free port) at once. */
    public EslCallServer(InetAddress bind, int port, CallHandler handler) throws IOException {
        this(bind, port, handler, null);
    }

    /**
     * Listens on {@code bind}:{@code port}; calls record caller audio for speech into
     * {@code recording} (null: calls hear keys only).
     */
    public EslCallServer(InetAddress bind, int port, CallHandler handler, EslRecording recording) throws IOException {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.recording = recording;
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(bind, port), 200);
        this.acceptor = Thread.ofVirtual().name("esl-accept-" + port()).start(this::acceptLoop);
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                Socket socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
                open.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!closing) {
                    log.warn("ESL accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        EslCall call = null;
        try (EslSession session = new EslSession(socket)) {
            // one round trip: connect (its reply carries the channel data), myevents, linger
            var replies = session.pipeline("connect", "myevents", "linger");
            call = new EslCall(replies.get(0).decoded(), session, recording);
            try {
                handler.handle(call);
            } finally {
                call.exit(); // socket_resume decides whether the dialplan goes on; linger waits for this
            }
        } catch (CallHangupException e) {
            log.debug("ESL call {} ended: {}", call == null ? "?" : call.id(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.warn("ESL call {} failed: {}", call == null ? "?" : call.id(), e.toString());
        } finally {
            open.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
