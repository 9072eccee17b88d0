package io.frontdoor.ivr.asterisk.ami.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A stand-in for the Asterisk 22 Manager Interface: a TCP server on 127.0.0.1 that speaks AMI
 * byte for byte as the {@code wire/asterisk-22/ami-*.txt} recordings show, one virtual thread
 * per connection. Configure it (user, queues, Originate outcomes, scripted actions), then
 * {@link #start()}; drive it during the test (member status, events, drops) and assert on the
 * actions it received.
 */
public final class AsteriskAmiPeer implements AutoCloseable {

    /** Answers an action the peer does not model with raw messages (CRLF and blank line included). */
    @FunctionalInterface
    public interface ActionHandler {
        /** The messages to send back, in order; they go to this connection only, events included. */
        List<String> reply(AmiMessage action);
    }

    final Object lock = new Object();
    final Map<String, AmiQueue> queues = new LinkedHashMap<>();
    volatile String username = "javatest";
    volatile String secret = "javatest-secret";
    volatile Duration authFailureDelay = Duration.ofSeconds(1);
    private final Map<String, ActionHandler> handlers = new ConcurrentHashMap<>();
    private final Map<String, Deque<OriginateOutcome>> outcomes = new HashMap<>();
    private OriginateOutcome defaultOutcome = OriginateOutcome.answered();
    private final List<AmiMessage> received = new CopyOnWriteArrayList<>();
    private final Set<AmiSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicLong channelNumbers = new AtomicLong(0x0c);
    private final Instant started = Instant.now();
    private volatile Consumer<AmiMessage> originateHook = action -> { };
    private volatile ServerSocket server;
    private volatile Thread acceptThread;
    private int port;

    /** Sets the AMI user and secret Login must present (default javatest / javatest-secret). */
    public AsteriskAmiPeer user(String username, String secret) {
        this.username = username;
        this.secret = secret;
        return this;
    }

    /** How long a wrong secret is stalled before the error (Asterisk: 1 s). */
    public AsteriskAmiPeer authFailureDelay(Duration delay) {
        this.authFailureDelay = delay;
        return this;
    }

    /** Returns the queue, creating it with the given strategy if new. */
    public AmiQueue queue(String name, String strategy) {
        synchronized (lock) {
            return queues.computeIfAbsent(name, n -> new AmiQueue(n, strategy, lock));
        }
    }

    /** Returns an existing queue. */
    public AmiQueue queue(String name) {
        synchronized (lock) {
            AmiQueue queue = queues.get(name);
            if (queue == null) {
                throw new IllegalArgumentException("no queue " + name);
            }
            return queue;
        }
    }

    /** Queues an outcome for the next Originate of {@code channel} (e.g. {@code Local/200@fd-wire}); FIFO. */
    public AsteriskAmiPeer scriptOriginate(String channel, OriginateOutcome outcome) {
        synchronized (lock) {
            outcomes.computeIfAbsent(channel, c -> new ArrayDeque<>()).add(outcome);
        }
        return this;
    }

    /** The outcome for channels with nothing scripted (default: answered at once). */
    public AsteriskAmiPeer defaultOriginate(OriginateOutcome outcome) {
        synchronized (lock) {
            this.defaultOutcome = outcome;
        }
        return this;
    }

    /** Answers {@code action} (case-insensitive) with the handler instead of the built-in behaviour. */
    public AsteriskAmiPeer onAction(String action, ActionHandler handler) {
        handlers.put(action.toLowerCase(), handler);
        return this;
    }

    /**
     * Runs {@code hook} on the session's thread each time an async Originate has been answered
     * with {@code Originate successfully queued}, before its outcome is played (a test may drop
     * the connection there, as an Asterisk crash mid-call would).
     */
    public AsteriskAmiPeer onOriginate(Consumer<AmiMessage> hook) {
        this.originateHook = hook;
        return this;
    }

    /**
     * Listens on a free port of 127.0.0.1 and accepts connections on a virtual thread. The port
     * is below the kernel's ephemeral range: a client retrying while the peer is stopped could
     * otherwise be given that very port as its own and connect to itself (TCP simultaneous open
     * on loopback).
     */
    public AsteriskAmiPeer start() {
        int below = ephemeralLow();
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 50 && below > 10_001; attempt++) {
            int candidate = 10_000 + random.nextInt(below - 10_000);
            try {
                listen(candidate);
                port = candidate;
                return this;
            } catch (UncheckedIOException taken) {
                // In use: try another.
            }
        }
        listen(0);
        port = server.getLocalPort();
        return this;
    }

    /** The first port the kernel hands out to outgoing connections (Linux; 32768 elsewhere). */
    private static int ephemeralLow() {
        try {
            // Read as a stream: Files.readString trusts the size /proc reports and returned "3" here.
            String range;
            try (var in = new java.io.FileInputStream("/proc/sys/net/ipv4/ip_local_port_range")) {
                range = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            }
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /**
     * Stops listening, as a stopped Asterisk does: new connections are refused until
     * {@link #resumeListening()}. Open connections stay up (drop them with {@link #dropConnections()}).
     */
    public void stopListening() throws IOException {
        server.close();
        // Closing a ServerSocket that a virtual thread is accepting on finishes only when that
        // thread leaves accept(); until then the kernel still completes connections to the port.
        try {
            if (!acceptThread.join(Duration.ofSeconds(5))) {
                throw new IOException("accept thread did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Listens again on the same port after {@link #stopListening()}. */
    public void resumeListening() {
        listen(port);
    }

    private void listen(int onPort) {
        try {
            ServerSocket socket = new ServerSocket();
            // Dropped connections leave TIME_WAIT entries on this port; rebinding must not fail on them.
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
            server = socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerSocket listening = server;
        acceptThread = Thread.ofVirtual().name("ami-peer-accept").start(() -> acceptLoop(listening));
    }

    private void acceptLoop(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                // Asterisk's manager.c session_do() sets TCP_NODELAY on every AMI session ("This is
                // necessary to prevent delays (caused by buffering) as we write to the socket in bits and pieces")
                socket.setTcpNoDelay(true);
                if (server.isClosed()) {
                    // Accepted while stopListening() was closing the port: refuse it.
                    socket.close();
                    return;
                }
                AmiSession session = new AmiSession(this, socket);
                sessions.add(session);
                Thread.ofVirtual().name("ami-peer-session").start(session);
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    /** Every action received so far, all connections, in arrival order (Login included). */
    public List<AmiMessage> actions() {
        return List.copyOf(received);
    }

    /** The received actions named {@code action} (case-insensitive). */
    public List<AmiMessage> actions(String action) {
        return received.stream().filter(a -> action.equalsIgnoreCase(a.get("Action"))).toList();
    }

    /** Waits up to {@code timeout} for the {@code n}-th (1-based) action named {@code action}. */
    public AmiMessage awaitAction(String action, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<AmiMessage> matching = actions(action);
            if (matching.size() >= n) {
                return matching.get(n - 1);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + action + " #" + n + " within " + timeout + "; got " + actions());
    }

    /** Successful logins so far, all connections (a reconnecting client logs in again). */
    public int logins() {
        return logins.get();
    }

    /** Connections currently open. */
    public int connections() {
        return sessions.size();
    }

    /** Closes every client connection abruptly, as an Asterisk restart would; the server keeps listening. */
    public void dropConnections() {
        sessions.forEach(AmiSession::close);
    }

    /**
     * Sets a member's call state and emits QueueMemberStatus as ami-10 records it: in a call is
     * {@code InCall: 1}, {@code Status: 2}; free is {@code InCall: 0}, {@code Status: 1}.
     */
    public void memberInCall(String queueName, String iface, boolean inCall) {
        memberStatus(queueName, iface, inCall, inCall ? AmiQueue.INUSE : AmiQueue.NOT_INUSE);
    }

    /** Sets a member's InCall flag and device status code, and emits QueueMemberStatus. */
    public void memberStatus(String queueName, String iface, boolean inCall, int status) {
        String event;
        synchronized (lock) {
            AmiQueue queue = queue(queueName);
            AmiQueue.Member member = queue.members.get(iface);
            if (member == null) {
                throw new IllegalArgumentException("no member " + iface + " in " + queueName);
            }
            member.inCall = inCall;
            member.status = status;
            event = queue.memberEvent("QueueMemberStatus", member).render();
        }
        broadcast(event);
    }

    /**
     * Sends the OriginateResponse of a received async Originate now, to every connection, as the
     * peer would have after the outcome's delay (e.g. late, after the client reconnected).
     */
    public void sendOriginateResponse(AmiMessage originate, OriginateOutcome outcome) {
        broadcast(AmiOriginate.response(this, originate, originate.get("Channel"), outcome).render());
    }

    /** A caller enters {@code queueName} (QueueCallerJoin, ami-08), waiting from now on. */
    public void callerJoins(String queueName, String channel, String uniqueid, String callerIdNum, String callerIdName) {
        List<String> events;
        synchronized (lock) {
            events = queue(queueName).join(new AmiQueue.Caller(channel, uniqueid, callerIdNum, callerIdName, Instant.now(), 0));
        }
        events.forEach(this::broadcast);
    }

    /** A waiting caller is connected to an agent and leaves the queue (QueueCallerLeave, ami-10). */
    public void callerLeaves(String queueName, String channel) {
        List<String> events;
        synchronized (lock) {
            events = queue(queueName).leave(channel, false);
        }
        events.forEach(this::broadcast);
    }

    /** A waiting caller hangs up (QueueCallerAbandon then QueueCallerLeave, ami-08). */
    public void callerAbandons(String queueName, String channel) {
        List<String> events;
        synchronized (lock) {
            events = queue(queueName).leave(channel, true);
        }
        events.forEach(this::broadcast);
    }

    /** A dynamic member is added, as QueueAdd does (QueueMemberAdded, ami-09): free, not paused. */
    public void memberAdded(String queueName, String iface, String memberName, int penalty) {
        List<String> events;
        synchronized (lock) {
            events = queue(queueName).addDynamic(iface, memberName, penalty);
        }
        events.forEach(this::broadcast);
    }

    /** A member is removed, as QueueRemove does (QueueMemberRemoved, ami-09). */
    public void memberRemoved(String queueName, String iface) {
        List<String> events;
        synchronized (lock) {
            events = queue(queueName).remove(iface);
        }
        events.forEach(this::broadcast);
    }

    /** Sends an event to every logged-in connection whose event mask accepts it; Privilege and Timestamp are added. */
    public void pushEvent(String event, String privilege, String... headerPairs) {
        AmiMessage message = AmiEvents.event(event, privilege);
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            message.add(headerPairs[i], headerPairs[i + 1]);
        }
        broadcast(message.render());
    }

    /** Sends raw bytes (one whole message, blank line included) to every logged-in connection. */
    public void broadcast(String raw) {
        sessions.forEach(s -> s.event(raw));
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
        dropConnections();
    }

    void originated(AmiMessage action) {
        originateHook.accept(action);
    }

    void received(AmiMessage action) {
        received.add(action);
    }

    void loggedIn() {
        logins.incrementAndGet();
    }

    void ended(AmiSession session) {
        sessions.remove(session);
    }

    ActionHandler handler(String actionKey) {
        return handlers.get(actionKey);
    }

    OriginateOutcome nextOutcome(String channel) {
        synchronized (lock) {
            Deque<OriginateOutcome> scripted = outcomes.get(channel);
            return scripted == null || scripted.isEmpty() ? defaultOutcome : scripted.poll();
        }
    }

    long nextChannelNumber() {
        return channelNumbers.getAndIncrement();
    }

    String uniqueid(long n) {
        return started.getEpochSecond() + "." + n;
    }

    long uptimeSeconds() {
        return Duration.between(started, Instant.now()).toSeconds();
    }
}
