package io.frontdoor.ivr.asterisk;

import io.frontdoor.ivr.asterisk.internal.AgiServerSocket;
import io.frontdoor.ivr.asterisk.internal.AgiSession;
import io.frontdoor.ivr.asterisk.internal.AgiSocket;
import io.frontdoor.ivr.call.CallHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.util.ServerSocketFacade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FastAGI server that turns each Asterisk connection into an {@link AgiCall} and hands it to a
 * {@link CallHandler} on its own virtual thread. Asterisk never closes a FastAGI socket, so this
 * server closes it as soon as the handler returns, which also gives the call back to the dialplan.
 *
 * <p>asterisk-java's accept loop is kept; its 500-thread pool (which drops calls beyond that with
 * only a warning), its backlog of 200 and its 3-hour read timeout are replaced.
 */
public final class AgiCallServer extends DefaultAgiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgiCallServer.class);

    /** The port Asterisk's {@code agi://} URLs use when they name none. */
    public static final int DEFAULT_PORT = 4573;
    /** Longer than any prompt or digit wait a flow would run, short enough to free a wedged call. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(30);
    private static final int BACKLOG = 1024;

    private final InetAddress bindAddress;
    private final int requestedPort;
    private final int readTimeoutMillis;
    private final CompletableFuture<AgiServerSocket> listening = new CompletableFuture<>();
    private final AtomicLong connections = new AtomicLong();
    private volatile AgiServerSocket serverSocket;
    private volatile AgiSpeechCapture speechCapture;
    private Thread acceptThread;

    /** A server on 127.0.0.1:4573 with the default read timeout. */
    public AgiCallServer(CallHandler handler) throws IOException {
        this(handler, InetAddress.getLoopbackAddress(), DEFAULT_PORT, DEFAULT_READ_TIMEOUT);
    }

    /**
     * @param handler     runs each call; the socket is closed when it returns or throws
     * @param bindAddress where to listen (FrontDoor usually runs beside Asterisk: loopback)
     * @param port        TCP port, or 0 for an ephemeral one (see {@link #port()})
     * @param readTimeout longest wait for one AGI reply before the call is treated as gone
     */
    public AgiCallServer(CallHandler handler, InetAddress bindAddress, int port, Duration readTimeout) {
        this(new CallScript(Objects.requireNonNull(handler, "handler")), bindAddress, port, readTimeout);
    }

    private AgiCallServer(CallScript script, InetAddress bindAddress, int port, Duration readTimeout) {
        super(null, new org.asteriskjava.fastagi.StaticMappingStrategy(script), CallChannel::new);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive: " + readTimeout);
        }
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.requestedPort = port;
        this.readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis());
        script.server = this;
        setAddress(bindAddress);
        setPort(port);
    }

    /**
     * Lets calls listen for speech: Asterisk records callers into a directory FrontDoor reads too.
     *
     * @param localDir  the directory as FrontDoor sees it
     * @param switchDir the same directory as Asterisk sees it (null or empty: the same path)
     */
    public AgiCallServer captureSpeech(java.nio.file.Path localDir, String switchDir) {
        this.speechCapture = new AgiSpeechCapture(localDir, switchDir);
        return this;
    }

    /**
     * Binds and starts accepting on a thread of its own; returns once the socket listens.
     *
     * @throws UncheckedIOException when the address or port cannot be bound
     */
    public synchronized void start() {
        if (acceptThread != null) {
            throw new IllegalStateException("already started");
        }
        acceptThread = Thread.ofPlatform().name("agi-accept").daemon(true).start(() -> {
            try {
                startup();
            } catch (IOException e) {
                listening.completeExceptionally(e);
            } catch (RuntimeException e) {
                listening.completeExceptionally(e);
                log.error("FastAGI accept loop stopped", e);
            }
        });
        try {
            listening.get();
        } catch (ExecutionException e) {
            throw new UncheckedIOException("cannot listen for FastAGI on " + bindAddress.getHostAddress()
                    + ":" + requestedPort, e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    /** The bound port; meaningful after {@link #start()}. */
    public int port() {
        AgiServerSocket socket = serverSocket;
        return socket == null ? requestedPort : socket.port();
    }

    /** Connections open right now (calls in progress plus ones still sending their env block). */
    public int openConnections() {
        AgiServerSocket socket = serverSocket;
        return socket == null ? 0 : socket.openConnections();
    }

    @Override
    protected ServerSocketFacade createServerSocket() throws IOException {
        AgiServerSocket socket = new AgiServerSocket(bindAddress, requestedPort, BACKLOG, readTimeoutMillis);
        serverSocket = socket;
        setPort(socket.port());
        listening.complete(socket);
        return socket;
    }

    /** One virtual thread per connection: calls spend nearly all their time blocked on the socket. */
    @Override
    protected void execute(Runnable connection) {
        if (isDie()) {
            throw new java.util.concurrent.RejectedExecutionException("FastAGI server is closing");
        }
        Thread.ofVirtual().name("agi-call-" + connections.incrementAndGet()).start(connection);
    }

    /** Stops accepting; calls in progress run to their end. */
    @Override
    public void close() {
        shutdown();
        // startup() may not have stored the socket yet when close() follows start() at once.
        AgiServerSocket socket = serverSocket;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("closing the FastAGI server socket failed", e);
            }
        }
        Thread thread;
        synchronized (this) {
            thread = acceptThread;
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    AgiSocket connectionOf(org.asteriskjava.fastagi.AgiRequest request) {
        AgiServerSocket socket = serverSocket;
        return socket == null ? null
                : socket.connectionFrom(request.getRemoteAddress(), request.getRemotePort());
    }

    /**
     * asterisk-java's channel, without the {@code AJ_AGISTATUS} variable asterisk-java sets after
     * every script: FrontDoor has closed the connection by then (the call went back to the
     * dialplan), so that last command only ever met a closed socket, and cost two exceptions a
     * call. The admin's dialplan reads Asterisk's own {@code AGISTATUS} and FrontDoor's variables.
     */
    private static final class CallChannel extends org.asteriskjava.fastagi.internal.AgiChannelImpl {
        private static final String AJ_STATUS = "AJ_AGISTATUS";

        CallChannel(org.asteriskjava.fastagi.AgiRequest request, org.asteriskjava.fastagi.AgiWriter writer,
                org.asteriskjava.fastagi.AgiReader reader) {
            super(request, writer, reader);
        }

        @Override
        public void setVariable(String name, String value) throws org.asteriskjava.fastagi.AgiException {
            if (!AJ_STATUS.equals(name)) {
                super.setVariable(name, value);
            }
        }
    }

    /** The single script every connection runs: check the env block, wrap, hand over. */
    private static final class CallScript implements org.asteriskjava.fastagi.AgiScript {
        private final CallHandler handler;
        private volatile AgiCallServer server;

        CallScript(CallHandler handler) {
            this.handler = handler;
        }

        @Override
        public void service(org.asteriskjava.fastagi.AgiRequest request,
                org.asteriskjava.fastagi.AgiChannel channel) {
            AgiSocket socket = server.connectionOf(request);
            if (socket == null) {
                log.error("FastAGI connection vanished before its call started; dropped");
                return;
            }
            String rejection = socket.rejection();
            if (rejection != null) {
                log.warn("FastAGI connection from {} rejected: {}",
                        socket.remote().getAddress().getHostAddress(), rejection);
                closeQuietly(socket);
                return;
            }
            AgiCall call = new AgiCall(request.getRequest(), new AgiSession(channel, socket));
            AgiSpeechCapture capture = server.speechCapture;
            if (capture != null) {
                call.captureSpeech(capture);
            }
            try {
                handler.handle(call);
            } catch (io.frontdoor.ivr.call.CallHangupException e) {
                log.debug("call {} ended by caller hang-up: {}", call.id(), e.getMessage());
            } catch (io.frontdoor.ivr.call.CallFailedException e) {
                log.warn("call {} failed: {}", call.id(), e.getMessage());
            } catch (RuntimeException e) {
                log.error("call {} handler threw", call.id(), e);
            } finally {
                // Asterisk waits for us to close; closing first also stops asterisk-java sending
                // its own AJ_AGISTATUS variable into a call we have handed back.
                closeQuietly(socket);
            }
        }

        private static void closeQuietly(AgiSocket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("closing FastAGI socket failed", e);
            }
        }
    }
}
