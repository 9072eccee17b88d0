package io.frontdoor.ivr.asterisk.ami;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.DefaultManagerConnection;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.TimeoutException;
import org.asteriskjava.manager.action.EventGeneratingAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMI session with Asterisk, shared by {@link AmiAgentPresence} and {@link AmiDialer}: an
 * asterisk-java {@link DefaultManagerConnection} that logs in (MD5 challenge) and stays logged in.
 *
 * <p>Reconnection: after a drop, asterisk-java reconnects by itself (every 50 ms at first, then
 * every 5 s) and logs in again. It does not retry a first login that fails, nor after it has
 * given up; a supervisor on a virtual thread covers both, with doubling waits from
 * {@link AmiSettings#retryMin()} to {@link AmiSettings#retryMax()}. The supervisor also Pings an
 * idle connection every {@link AmiSettings#pingInterval()}, and the socket read timeout (three
 * intervals) closes a connection whose peer vanished silently, which starts a reconnect.
 *
 * <p>Every (re)login is reported to {@link Listener#connected()}, every drop to
 * {@link Listener#disconnected()}: listeners resynchronise their state on the former. Listeners
 * are called on asterisk-java's threads (its login thread for {@code connected}, its event pump
 * for the rest, events in wire order) and must return at once: a slow listener holds up every
 * later event and reply.
 *
 * <p>Add listeners before {@link #start()}; one added later while connected is told
 * {@code connected()} at once.
 */
public final class AmiConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AmiConnection.class);
    private static final long TICK_MILLIS = 250;

    /** Told about the session and its events. Every method must return at once. */
    public interface Listener {
        /** Logged in (first time or again after a drop): what was learnt before is stale. */
        default void connected() {
        }

        /** The session dropped or was closed; a reconnect follows unless closed. */
        default void disconnected() {
        }

        /** An AMI event (list items of actions included), in the order Asterisk sent them. */
        default void event(ManagerEvent event) {
        }
    }

    private final AmiSettings settings;
    private final DefaultManagerConnection manager;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /**
     * Held while an action is handed to asterisk-java and while the epoch changes, so an action
     * checked against an epoch cannot go out on a newer session.
     */
    private final Object sendGate = new Object();
    private long epoch; // guarded by sendGate; +1 on every login and every drop
    private final Object wake = new Object();
    private volatile boolean closed;
    private volatile boolean loggedIn;
    private Thread supervisor;

    /** Creates the connection; nothing is dialled until {@link #start()}. */
    public AmiConnection(AmiSettings settings) {
        this.settings = settings;
        manager = new DefaultManagerConnection(settings.host(), settings.port(), settings.username(), settings.secret());
        long actionMillis = settings.actionTimeout().toMillis();
        manager.setDefaultResponseTimeout(actionMillis);
        manager.setDefaultEventTimeout(actionMillis);
        manager.setSocketTimeout((int) Math.min(Integer.MAX_VALUE, actionMillis));
        if (!settings.pingInterval().isZero()) {
            manager.setSocketReadTimeout((int) Math.min(Integer.MAX_VALUE, settings.pingInterval().toMillis() * 3));
        }
        manager.setKeepAliveAfterAuthenticationFailure(true);
        manager.registerUserEventClass(AmiQueueEntryEvent.class);
        manager.addEventListener(this::dispatch);
    }

    /** The settings this connection was made with. */
    public AmiSettings settings() {
        return settings;
    }

    /** Adds a listener (before {@link #start()}, normally). */
    public void addListener(Listener listener) {
        listeners.add(listener);
        if (isConnected()) {
            listener.connected();
        }
    }

    /** Removes a listener. */
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** Starts logging in on a virtual thread and returns at once; retries until {@link #close()}. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (supervisor == null) {
            supervisor = Thread.ofVirtual().name("ami-supervisor-" + settings.host() + ":" + settings.port())
                    .start(this::supervise);
        }
    }

    /**
     * Whether the session is logged in now and listeners have been told so (asterisk-java marks
     * itself connected a moment before it reports the login).
     */
    public boolean isConnected() {
        return loggedIn && !closed && manager.getState() == ManagerConnectionState.CONNECTED;
    }

    /**
     * Sends an action and waits up to {@link AmiSettings#actionTimeout()} for its reply.
     *
     * @return the {@code Response: Success} (or other non-error) reply
     * @throws AmiActionException not connected (not sent), no reply (outcome unknown) or an error reply
     */
    public ManagerResponse send(ManagerAction action) throws AmiActionException {
        return send(action, -1);
    }

    /** The current session epoch; it changes on every login and every drop. */
    long epoch() {
        synchronized (sendGate) {
            return epoch;
        }
    }

    /**
     * Like {@link #send(ManagerAction)}, but only on the session of {@code expectedEpoch} (any
     * when negative): an action meant for a session that has since dropped is not sent at all.
     * One gap remains: if asterisk-java had logged in again before its DisconnectEvent for the
     * old session reached us (it waits 50 ms plus a login first), such an action would go out
     * on the new session.
     */
    ManagerResponse send(ManagerAction action, long expectedEpoch) throws AmiActionException {
        CompletableFuture<ManagerResponse> reply = new CompletableFuture<>();
        synchronized (sendGate) {
            if (expectedEpoch >= 0 && expectedEpoch != epoch) {
                throw new AmiActionException(AmiActionException.Kind.NOT_CONNECTED,
                        action.getAction() + " not sent: the AMI session it belongs to has ended");
            }
            try {
                // A null reply is asterisk-java's word for "the connection dropped first".
                manager.sendAction(action, response -> reply.complete(response));
            } catch (IllegalStateException | IOException e) {
                throw new AmiActionException(AmiActionException.Kind.NOT_CONNECTED,
                        action.getAction() + " not sent: AMI not connected", e);
            }
        }
        ManagerResponse response = await(reply, action.getAction());
        if (response == null) {
            throw new AmiActionException(AmiActionException.Kind.NO_RESPONSE,
                    "AMI connection lost before the reply to " + action.getAction());
        }
        if (response instanceof ManagerError) {
            throw new AmiActionException(AmiActionException.Kind.REFUSED,
                    action.getAction() + " refused: " + response.getMessage());
        }
        return response;
    }

    /**
     * Sends a list action (QueueSummary, QueueStatus) and waits up to {@code timeout} for the whole
     * list, its closing {@code ...Complete} event included.
     *
     * @return the list's events, the closing one last
     */
    public List<ResponseEvent> sendList(EventGeneratingAction action, Duration timeout) throws AmiActionException {
        CompletableFuture<ResponseEvents> reply = new CompletableFuture<>();
        synchronized (sendGate) {
            try {
                // Called once the list is complete, on an error reply, or (incomplete) on a drop.
                manager.sendEventGeneratingAction(action, reply::complete);
            } catch (IllegalStateException | IOException e) {
                throw new AmiActionException(AmiActionException.Kind.NOT_CONNECTED,
                        action.getAction() + " not sent: AMI not connected", e);
            }
        }
        ResponseEvents events;
        try {
            events = reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AmiActionException(AmiActionException.Kind.NO_RESPONSE,
                    "no complete reply to " + action.getAction() + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmiActionException(AmiActionException.Kind.NO_RESPONSE, "interrupted", e);
        } catch (ExecutionException e) {
            throw new AmiActionException(AmiActionException.Kind.NO_RESPONSE, action.getAction() + " failed", e);
        }
        if (events.getResponse() instanceof ManagerError error) {
            throw new AmiActionException(AmiActionException.Kind.REFUSED,
                    action.getAction() + " refused: " + error.getMessage());
        }
        List<ResponseEvent> list = List.copyOf(events.getEvents());
        boolean complete = !list.isEmpty()
                && action.getActionCompleteEventClass().isInstance(list.get(list.size() - 1));
        if (events.getResponse() == null || !complete) {
            throw new AmiActionException(AmiActionException.Kind.NO_RESPONSE,
                    "AMI connection lost before the end of the " + action.getAction() + " list");
        }
        return list;
    }

    private ManagerResponse await(CompletableFuture<ManagerResponse> reply, String actionName)
            throws AmiActionException {
        try {
            return reply.get(settings.actionTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AmiActionException(AmiActionException.Kind.NO_RESPONSE,
                    "no reply to " + actionName + " within " + settings.actionTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmiActionException(AmiActionException.Kind.NO_RESPONSE, "interrupted", e);
        } catch (ExecutionException e) {
            throw new AmiActionException(AmiActionException.Kind.NO_RESPONSE, actionName + " failed", e.getCause());
        }
    }

    /** Logs off and stops reconnecting; listeners are told {@code disconnected()} if a session was up. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        synchronized (wake) {
            wake.notifyAll();
        }
        logoffQuietly();
        // asterisk-java reports no DisconnectEvent for a logoff of ours.
        lost("closed");
    }

    private void logoffQuietly() {
        ManagerConnectionState state = manager.getState();
        if (state == ManagerConnectionState.CONNECTED || state == ManagerConnectionState.RECONNECTING) {
            try {
                manager.logoff();
            } catch (RuntimeException e) {
                log.debug("AMI logoff: {}", e.toString());
            }
        }
    }

    private void dispatch(ManagerEvent event) {
        if (event instanceof ConnectEvent) {
            if (closed) {
                return; // a login that finished after close(); the supervisor logs it off
            }
            synchronized (sendGate) {
                epoch++;
                // After the epoch moved: whoever sees isConnected() also sees this session's epoch.
                loggedIn = true;
            }
            log.info("AMI logged in to {}:{} as {}", settings.host(), settings.port(), settings.username());
            for (Listener listener : listeners) {
                try {
                    listener.connected();
                } catch (RuntimeException e) {
                    log.warn("AMI listener failed on connect", e);
                }
            }
        } else if (event instanceof DisconnectEvent) {
            lost("dropped");
        } else {
            for (Listener listener : listeners) {
                try {
                    listener.event(event);
                } catch (RuntimeException e) {
                    log.warn("AMI listener failed on {}", event.getClass().getSimpleName(), e);
                }
            }
        }
    }

    private void lost(String how) {
        boolean wasLoggedIn;
        synchronized (sendGate) {
            epoch++;
            wasLoggedIn = loggedIn;
            loggedIn = false;
        }
        if (!wasLoggedIn) {
            return;
        }
        if (closed) {
            log.info("AMI session to {}:{} closed", settings.host(), settings.port());
        } else {
            log.warn("AMI session to {}:{} {}; reconnecting", settings.host(), settings.port(), how);
        }
        for (Listener listener : listeners) {
            try {
                listener.disconnected();
            } catch (RuntimeException e) {
                log.warn("AMI listener failed on disconnect", e);
            }
        }
    }

    /** Logs in when nobody else is trying to (first login, or asterisk-java gave up), and Pings. */
    private void supervise() {
        long retry = settings.retryMin().toMillis();
        long nextPing = Long.MAX_VALUE;
        int failures = 0;
        while (!closed && !Thread.currentThread().isInterrupted()) {
            ManagerConnectionState state = manager.getState();
            if (state == ManagerConnectionState.INITIAL || state == ManagerConnectionState.DISCONNECTED) {
                String failure = login();
                if (failure == null && closed) {
                    // close() came while this login was under way and found nothing to log off.
                    logoffQuietly();
                    lost("closed");
                    return;
                }
                if (failure == null) {
                    retry = settings.retryMin().toMillis();
                    failures = 0;
                    nextPing = pingDue();
                } else {
                    // The first failure is worth a warning; a long outage must not flood the log.
                    if (failures++ == 0) {
                        log.warn("AMI login to {}:{} failed ({}); retrying", settings.host(), settings.port(), failure);
                    } else {
                        log.debug("AMI login to {}:{} failed again ({})", settings.host(), settings.port(), failure);
                    }
                    pause(retry);
                    retry = Math.min(retry * 2, settings.retryMax().toMillis());
                    continue;
                }
            } else if (state == ManagerConnectionState.CONNECTED) {
                if (nextPing == Long.MAX_VALUE) {
                    nextPing = pingDue();
                } else if (System.nanoTime() - nextPing >= 0) {
                    ping();
                    nextPing = pingDue();
                }
            } else {
                nextPing = Long.MAX_VALUE;
            }
            pause(TICK_MILLIS);
        }
    }

    /** One login attempt; null when logged in, else why not. */
    private String login() {
        try {
            manager.login();
            return null;
        } catch (AuthenticationFailedException e) {
            return "authentication failed: " + e.getMessage();
        } catch (IOException | TimeoutException e) {
            return e.toString();
        } catch (IllegalStateException e) {
            // asterisk-java's own reconnect got there first.
            return manager.getState() == ManagerConnectionState.CONNECTED ? null : e.getMessage();
        }
    }

    private long pingDue() {
        Duration interval = settings.pingInterval();
        return interval.isZero() ? Long.MAX_VALUE : System.nanoTime() + interval.toNanos();
    }

    private void ping() {
        try {
            // Fire and forget: the read timeout, not this call, notices a silent peer.
            manager.sendAction(new PingAction(), null);
        } catch (IOException | RuntimeException e) {
            log.debug("AMI ping not sent: {}", e.toString());
        }
    }

    private void pause(long millis) {
        synchronized (wake) {
            if (closed) {
                return;
            }
            try {
                wake.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // ends the supervisor loop
            }
        }
    }
}
