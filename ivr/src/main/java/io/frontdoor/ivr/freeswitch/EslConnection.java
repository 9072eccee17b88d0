package io.frontdoor.ivr.freeswitch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import link.thingscloud.freeswitch.esl.IEslEventListener;
import link.thingscloud.freeswitch.esl.ServerConnectionListener;
import link.thingscloud.freeswitch.esl.inbound.NettyInboundClient;
import link.thingscloud.freeswitch.esl.inbound.option.ConnectState;
import link.thingscloud.freeswitch.esl.inbound.option.InboundClientOption;
import link.thingscloud.freeswitch.esl.inbound.option.ServerOption;
import link.thingscloud.freeswitch.esl.transport.CommandResponse;
import link.thingscloud.freeswitch.esl.transport.event.EslEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FrontDoor's inbound ESL connection to FreeSWITCH (port 8021), on {@code link.thingscloud:freeswitch-esl}
 * (Netty 4): authentication, {@code event plain} subscriptions, {@code api} and {@code bgapi}.
 *
 * <p>What this class adds to the library, and why:
 * <ul>
 *   <li><b>Connected means subscribed.</b> The library reports a TCP connection, not a session: after
 *       it has authenticated, this class sends {@code event plain <events>} itself and only then
 *       counts as connected and tells its listeners ({@link Listener#connected()}), who resynchronise
 *       their state. Subscriptions belong to a connection, so this happens after every reconnect.</li>
 *   <li><b>A wrong password is an error, not a success.</b> The library marks a session
 *       authenticated whatever FreeSWITCH answered; FreeSWITCH then closes it. A connection that
 *       closes before its subscription was accepted is logged as refused (password or ACL).</li>
 *   <li><b>Back-off.</b> The library retries a lost connection after a fixed delay; this class
 *       reconnects 1 s after a drop and doubles the delay (2 s, 4 s ... up to
 *       {@link EslSettings#maxBackoff()}) while sessions keep failing; a subscribed session resets it.</li>
 *   <li><b>Every command has a deadline.</b> The library waits for a reply forever; each call here
 *       gives up after {@link EslSettings#commandTimeout()} with {@link EslCommandException}, and
 *       the session is made again (the library pairs replies with commands in order, so a late reply
 *       would otherwise answer the next command).</li>
 * </ul>
 * Events are delivered in order on one library thread: listeners must return quickly.
 */
public final class EslConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EslConnection.class);

    /** Told about the session and every subscribed event. */
    public interface Listener {
        /** Authenticated and subscribed (again): resynchronise state now. Runs on its own thread. */
        default void connected() {
        }

        /** The connection dropped; a reconnection is under way. */
        default void disconnected() {
        }

        /** One event, headers %-decoded, with its body (a BACKGROUND_JOB's result) if any. */
        default void event(EslMessage event) {
        }
    }

    private final EslSettings settings;
    private final String events;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ServerOption server;
    private final NettyInboundClient client;
    private final AtomicLong epoch = new AtomicLong();
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile boolean started;
    private int backoffSeconds = 1;

    /** @param events the {@code event plain} list, e.g. {@code BACKGROUND_JOB CUSTOM callcenter::info} */
    public EslConnection(EslSettings settings, String events) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.events = Objects.requireNonNull(events, "events");
        server = new ServerOption(settings.host(), settings.port()).password(settings.password()).timeoutSeconds(1);
        InboundClientOption option = new InboundClientOption()
                .defaultPassword(settings.password())
                .publicExecutorThread(1) // events in order
                .defaultTimeoutSeconds(1)
                .addServerOption(server)
                .serverConnectionListener(new ServerConnectionListener() {
                    @Override
                    public void onOpened(ServerOption option) {
                        opened();
                    }

                    @Override
                    public void onClosed(ServerOption option) {
                        lost();
                    }
                })
                .addListener(new IEslEventListener() {
                    @Override
                    public void eventReceived(String addr, EslEvent event) {
                        deliver(event);
                    }

                    @Override
                    public void backgroundJobResultReceived(String addr, EslEvent event) {
                        deliver(event);
                    }
                });
        // not InboundClient.newInstance: that is one client per JVM
        client = new NettyInboundClient(option);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** Connects (and keeps reconnecting) in the background. */
    public void start() {
        started = true;
        client.start();
    }

    /** Authenticated and subscribed now. */
    public boolean isConnected() {
        return connected;
    }

    /** Counts sessions: a value taken before a drop is smaller than any taken after it. */
    public long epoch() {
        return epoch.get();
    }

    /**
     * Runs {@code api <command>} and returns FreeSWITCH's reply body (lines joined by newlines).
     *
     * @throws EslCommandException REFUSED when the reply starts with {@code -ERR}, NO_REPLY, NOT_CONNECTED
     */
    public String api(String command) {
        requireOneLine(command);
        requireConnected(command);
        var reply = timed(command, () -> client.sendSyncApiCommand(server.addr(), command, null));
        String body = String.join("\n", reply.getBodyLines());
        if (body.startsWith("-ERR") || body.startsWith("-USAGE")) {
            throw new EslCommandException(EslCommandException.Kind.REFUSED, command.split(" ")[0] + ": " + body.strip());
        }
        return body;
    }

    /**
     * Runs {@code bgapi <command>}: returns the Job-UUID at once; the result comes as a
     * {@code BACKGROUND_JOB} event with that Job-UUID (subscribe to it).
     */
    public String bgapi(String command) {
        requireOneLine(command);
        requireConnected(command);
        try {
            return timed(command, () -> client.sendAsyncApiCommand(server.addr(), command, null));
        } catch (EslCommandException e) {
            throw e;
        } catch (IllegalStateException e) {
            // the library's word for a reply without Job-UUID: FreeSWITCH refused the command
            throw new EslCommandException(EslCommandException.Kind.REFUSED, "bgapi refused: " + e.getMessage(), e);
        }
    }

    private void requireConnected(String command) {
        if (!connected) {
            throw new EslCommandException(EslCommandException.Kind.NOT_CONNECTED,
                    "ESL not connected to " + server.addr() + "; not sent: " + command.split(" ")[0]);
        }
    }

    private static void requireOneLine(String command) {
        if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an ESL command is one line");
        }
    }

    private <T> T timed(String command, Callable<T> call) {
        FutureTask<T> task = new FutureTask<>(call);
        Thread.ofVirtual().name("esl-command").start(task);
        try {
            return task.get(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            // the library pairs replies with commands in order: a late reply would answer the next
            // command, so the session is dropped and made again (subscriptions and state with it)
            try {
                client.closeChannel(server.addr());
            } catch (RuntimeException alreadyGone) {
                log.debug("ESL {}: closing after a missing reply: {}", server.addr(), alreadyGone.getMessage());
            }
            throw new EslCommandException(EslCommandException.Kind.NO_REPLY,
                    "no reply to '" + command.split(" ")[0] + "' within " + settings.commandTimeout().toMillis()
                            + " ms; reconnecting");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EslCommandException(EslCommandException.Kind.NO_REPLY, "interrupted waiting for " + command, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re && !(cause instanceof IllegalStateException)) {
                throw new EslCommandException(EslCommandException.Kind.NOT_CONNECTED, cause.getMessage(), cause);
            }
            if (cause instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new EslCommandException(EslCommandException.Kind.NO_REPLY, String.valueOf(cause), cause);
        }
    }

    /** TCP is up; the library authenticates on its own thread. We subscribe once it has. */
    private void opened() {
        long session = epoch.incrementAndGet();
        Thread.ofVirtual().name("esl-subscribe").start(() -> subscribe(session));
    }

    private void subscribe(long session) {
        long deadline = System.nanoTime() + settings.commandTimeout().toNanos();
        while (server.state() != ConnectState.AUTHED) {
            if (session != epoch.get() || closed) {
                return;
            }
            if (System.nanoTime() > deadline) {
                log.error("ESL {}: no authentication within {} ms", server.addr(), settings.commandTimeout().toMillis());
                return;
            }
            sleep(10);
        }
        try {
            CommandResponse reply = timed("event plain", () -> client.setEventSubscriptions(server.addr(), "plain", events));
            if (!reply.isOk()) {
                log.error("ESL {}: subscription refused: {}", server.addr(), reply.getReplyText());
                return;
            }
        } catch (RuntimeException e) {
            if (session == epoch.get() && !closed) {
                log.error("ESL {}: subscription failed: {}", server.addr(), e.getMessage());
            }
            return;
        }
        if (session != epoch.get() || closed) {
            return;
        }
        synchronized (this) {
            backoffSeconds = 1;
        }
        connected = true;
        log.info("ESL connected to {}, events: {}", server.addr(), events);
        for (Listener l : listeners) {
            try {
                l.connected();
            } catch (RuntimeException e) {
                log.warn("ESL listener failed on connect: {}", e.toString());
            }
        }
    }

    private void lost() {
        boolean wasConnected = connected;
        connected = false;
        epoch.incrementAndGet();
        if (closed) {
            return;
        }
        int delay;
        synchronized (this) {
            if (!wasConnected) {
                log.error("ESL {}: FreeSWITCH closed the connection before events were subscribed "
                        + "(wrong password in event_socket.conf.xml, or refused by its ACL?)", server.addr());
            }
            // the library waits timeoutSeconds before each attempt; it grows while sessions fail
            delay = backoffSeconds;
            server.timeoutSeconds(delay);
            backoffSeconds = (int) Math.min(backoffSeconds * 2L, Math.max(1, settings.maxBackoff().toSeconds()));
        }
        log.warn("ESL connection to {} lost; reconnecting in {} s", server.addr(), delay);
        for (Listener l : listeners) {
            try {
                l.disconnected();
            } catch (RuntimeException e) {
                log.warn("ESL listener failed on disconnect: {}", e.toString());
            }
        }
    }

    private void deliver(EslEvent event) {
        Map<String, String> headers = new LinkedHashMap<>(event.getEventHeaders());
        byte[] body = null;
        if (event.hasEventBody()) {
            body = (String.join("\n", event.getEventBodyLines()) + "\n").getBytes(StandardCharsets.UTF_8);
        }
        EslMessage m = new EslMessage(headers, body);
        for (Listener l : listeners) {
            try {
                l.event(m);
            } catch (RuntimeException e) {
                log.warn("ESL listener failed on {}: {}", headers.get("Event-Name"), e.toString());
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until connected, up to {@code timeout}; true when connected. */
    public boolean awaitConnected(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!connected && System.nanoTime() < deadline) {
            sleep(10);
        }
        return connected;
    }

    @Override
    public void close() {
        closed = true;
        connected = false;
        if (started) {
            client.shutdown();
        }
    }
}
