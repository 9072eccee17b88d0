package io.frontdoor.ivr.asterisk.ami;

import io.frontdoor.callback.dispatch.Agent;
import io.frontdoor.callback.dispatch.AgentPresence;
import io.frontdoor.callback.dispatch.QueueFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.asteriskjava.manager.action.QueuePauseAction;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.action.QueueSummaryAction;
import org.asteriskjava.manager.event.AgentCompleteEvent;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.QueueCallerAbandonEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.QueueCallerLeaveEvent;
import org.asteriskjava.manager.event.QueueEntryEvent;
import org.asteriskjava.manager.event.QueueMemberAddedEvent;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.event.QueueMemberPauseEvent;
import org.asteriskjava.manager.event.QueueMemberPausedEvent;
import org.asteriskjava.manager.event.QueueMemberRemovedEvent;
import org.asteriskjava.manager.event.QueueMemberStatusEvent;
import org.asteriskjava.manager.event.QueueParamsEvent;
import org.asteriskjava.manager.event.QueueStatusCompleteEvent;
import org.asteriskjava.manager.event.QueueSummaryEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AgentPresence} over AMI: Asterisk app_queue members are the agents, {@code Agent.id} is
 * the member's interface (QueueStatus {@code Location}, events' {@code Interface}).
 *
 * <p><b>State.</b> After every (re)login a {@code QueueStatus} for all queues loads members
 * (name, paused and why, InCall, device Status) and the callers waiting on the line (Uniqueid,
 * arrival = now - Wait, queue Priority). Events keep it current: QueueMemberStatus,
 * QueueMemberPause, QueueMemberAdded/Removed, QueueCallerJoin/Leave/Abandon, AgentConnect and
 * AgentComplete. Everything, list items included, is applied in the order Asterisk sent it, on
 * asterisk-java's event thread, under one short lock; what the list no longer shows (a member
 * removed or a caller gone while disconnected) is dropped when the list ends. Until then
 * {@link #isConnected()} is false and no agent is offered.
 *
 * <p><b>Free</b> means: a member, not paused, {@code InCall: 0}, and device Status 1
 * (AST_DEVICE_NOT_INUSE) or, by default, 0 (AST_DEVICE_UNKNOWN) — app_queue itself rings members
 * whose device state is unknown (SIP peers without qualify, devices without a state provider), so
 * FrontDoor offers them too; {@link Options#unknownDeviceIsFree()} turns that off. Status 2+ (in
 * use, busy, invalid, unavailable, ringing, on hold) is not free. Members FrontDoor has reserved
 * are never offered.
 *
 * <p><b>Listener.</b> {@link Listener#agentFree} fires when a member turns free, and for every free
 * member once a (re)synchronisation completes. Listeners run on one virtual thread of this
 * object, in order, never on asterisk-java's threads.
 *
 * <p><b>Reservations</b> pause the interface in all its queues ({@code QueuePause} without
 * {@code Queue}) with the given reason. A release that cannot be sent (AMI down) is owed and sent
 * after the next synchronisation, if the member is still paused with that same reason (so an
 * agent's own later pause is left alone); a reservation whose pause Asterisk no longer shows
 * after a synchronisation (an Asterisk restart forgets pauses of static members) is paused
 * again. Reservations live in memory only: after a FrontDoor restart, agents it had paused stay
 * paused until released by someone.
 *
 * <p><b>Figures</b> come from {@code QueueSummary} (LoggedIn, Available, HoldTime, TalkTime),
 * kept for {@link Options#figuresCacheTtl()}, and the live callers from the event-kept state;
 * callers seen only through QueueCallerJoin have priority 0 (the event does not carry it). A
 * caller waits for at most one QueueSummary round trip, bounded by
 * {@link Options#figuresTimeout()}, and concurrent callers share it; when AMI is down or silent
 * the answer is {@link QueueFigures#unknown} (also cached for the TTL, so an outage costs each
 * call nothing).
 */
public final class AmiAgentPresence implements AgentPresence, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AmiAgentPresence.class);

    /** Asterisk device states as app_queue prints them in {@code Status:}. */
    static final int DEVICE_UNKNOWN = 0;
    static final int DEVICE_NOT_INUSE = 1;

    /**
     * Tuning.
     *
     * @param figuresCacheTtl     how long one QueueSummary answers {@link #figures}
     * @param figuresTimeout      the longest {@link #figures} waits for Asterisk
     * @param syncTimeout         how long a QueueStatus list may take before it is asked again
     * @param unknownDeviceIsFree whether device Status 0 (unknown) counts as free, as app_queue does
     */
    public record Options(Duration figuresCacheTtl, Duration figuresTimeout, Duration syncTimeout,
            boolean unknownDeviceIsFree) {
        public Options {
            Objects.requireNonNull(figuresCacheTtl, "figuresCacheTtl");
            Objects.requireNonNull(figuresTimeout, "figuresTimeout");
            Objects.requireNonNull(syncTimeout, "syncTimeout");
        }

        /** 2 s cache, 800 ms figures bound, 10 s sync bound, unknown device state counts as free. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(2), Duration.ofMillis(800), Duration.ofSeconds(10), true);
        }
    }

    private static final class Member {
        final String queue;
        final String iface;
        String name;
        boolean paused;
        String pausedReason = "";
        boolean inCall;
        int status = DEVICE_UNKNOWN;
        long seen;

        Member(String queue, String iface) {
            this.queue = queue;
            this.iface = iface;
        }
    }

    private static final class Caller {
        final String uniqueid;
        Instant arrivedAt;
        int priority;
        long seen;

        Caller(String uniqueid) {
            this.uniqueid = uniqueid;
        }
    }

    private static final class Queue {
        final Map<String, Member> members = new LinkedHashMap<>();
        final List<Caller> callers = new ArrayList<>();
        long seen;
    }

    private record Summary(boolean known, int loggedIn, int available, int holdSeconds, int talkSeconds,
            long fetchedAt) {
    }

    private final AmiConnection connection;
    private final Options options;
    private final AmiConnection.Listener connectionListener = new AmiConnection.Listener() {
        @Override
        public void connected() {
            onConnected();
        }

        @Override
        public void disconnected() {
            onDisconnected();
        }

        @Override
        public void event(ManagerEvent event) {
            onEvent(event);
        }
    };
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier =
            Executors.newSingleThreadExecutor(Thread.ofVirtual().name("ami-agent-free").factory());
    private final Map<String, Summary> summaries = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Summary>> summaryFetches = new ConcurrentHashMap<>();
    private final java.util.Set<String> unknownQueuesWarned = ConcurrentHashMap.newKeySet();

    private final Object lock = new Object();
    // Everything below is guarded by lock.
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    /** Interfaces FrontDoor has paused, with the reason it gave. */
    private final Map<String, String> reserved = new HashMap<>();
    /** Releases that could not be sent: interface to the reason of the pause to undo. */
    private final Map<String, String> owedReleases = new LinkedHashMap<>();
    private long generation;
    private long round;
    private boolean synced;
    private String syncActionId;
    private CompletableFuture<Boolean> syncDone = new CompletableFuture<>();
    private boolean closed;

    /** Presence with {@link Options#defaults()}. */
    public AmiAgentPresence(AmiConnection connection) {
        this(connection, Options.defaults());
    }

    /** Follows the queues of {@code connection}'s Asterisk; add it before the connection starts. */
    public AmiAgentPresence(AmiConnection connection, Options options) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.options = Objects.requireNonNull(options, "options");
        connection.addListener(connectionListener);
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public List<Agent> freeAgents(String queue) {
        synchronized (lock) {
            Queue q = queues.get(queue);
            if (!live() || q == null) {
                return List.of();
            }
            List<Agent> free = new ArrayList<>();
            for (Member m : q.members.values()) {
                if (isFree(m) && !reserved.containsKey(m.iface)) {
                    free.add(agent(m));
                }
            }
            return free;
        }
    }

    @Override
    public boolean reserve(Agent agent, String reason) {
        String why = reason == null ? "" : reason;
        if (why.indexOf('\r') >= 0 || why.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("pause reason must be one line");
        }
        synchronized (lock) {
            Member m = member(agent.queue(), agent.id());
            if (!live() || m == null || !isFree(m) || reserved.containsKey(agent.id())) {
                return false;
            }
            // Taken before the round trip, so a second reserve of this agent fails at once.
            reserved.put(agent.id(), why);
            owedReleases.remove(agent.id());
        }
        QueuePauseAction pause = new QueuePauseAction(agent.id(), Boolean.TRUE);
        pause.setReason(why);
        try {
            connection.send(pause);
            log.info("Agent {} reserved ({})", agent.id(), why);
            return true;
        } catch (AmiActionException e) {
            synchronized (lock) {
                reserved.remove(agent.id());
            }
            log.warn("Agent {} not reserved: {}", agent.id(), e.getMessage());
            if (e.kind() == AmiActionException.Kind.NO_RESPONSE) {
                // Asterisk may have paused them after all: undo it, in the background.
                Thread.ofVirtual().name("ami-unpause").start(() -> unpause(agent.id(), why));
            }
            return false;
        }
    }

    @Override
    public void release(Agent agent) {
        String reason;
        synchronized (lock) {
            reason = reserved.remove(agent.id());
            if (reason == null) {
                // reserved by an earlier FrontDoor run (restart, kill -9): Asterisk still has our pause
                reason = inheritedReservation(agent.id());
            }
        }
        if (reason != null) {
            unpause(agent.id(), reason);
        }
    }

    /** Sends the unpause; when it cannot be sent, owes it to the next synchronisation. */
    private void unpause(String iface, String reason) {
        synchronized (lock) {
            if (reserved.containsKey(iface)) {
                return; // reserved again meanwhile: the pause is wanted
            }
        }
        try {
            connection.send(new QueuePauseAction(iface, Boolean.FALSE));
            log.info("Agent {} released", iface);
        } catch (AmiActionException e) {
            if (e.kind() == AmiActionException.Kind.REFUSED) {
                // Typically "Interface not found": the member left every queue; nothing to undo.
                log.warn("Agent {} not unpaused: {}", iface, e.getMessage());
                return;
            }
            synchronized (lock) {
                if (!reserved.containsKey(iface)) {
                    owedReleases.put(iface, reason);
                }
            }
            log.warn("Agent {} not unpaused yet ({}); will retry after reconnecting", iface, e.getMessage());
        }
    }

    @Override
    public List<QueueFigures.LiveCaller> liveCallers(String queue) {
        synchronized (lock) {
            return liveCallersLocked(queue);
        }
    }

    private List<QueueFigures.LiveCaller> liveCallersLocked(String queue) {
        List<QueueFigures.LiveCaller> callers = new ArrayList<>();
        Queue q = queues.get(queue);
        if (q != null) {
            for (Caller c : q.callers) {
                callers.add(new QueueFigures.LiveCaller(c.uniqueid, c.arrivedAt, c.priority));
            }
        }
        return callers;
    }

    @Override
    public QueueFigures figures(String queue) {
        if (!isConnected()) {
            return QueueFigures.unknown(queue);
        }
        Summary summary = summaries.get(queue);
        if (summary == null || System.nanoTime() - summary.fetchedAt() > options.figuresCacheTtl().toNanos()) {
            summary = fetchSummary(queue);
        }
        if (summary == null || !summary.known()) {
            return QueueFigures.unknown(queue);
        }
        List<QueueFigures.LiveCaller> callers;
        synchronized (lock) {
            if (!live()) {
                return QueueFigures.unknown(queue);
            }
            callers = liveCallersLocked(queue);
        }
        return new QueueFigures(queue, summary.loggedIn(), summary.available(),
                Duration.ofSeconds(summary.holdSeconds()), Duration.ofSeconds(summary.talkSeconds()), callers, true);
    }

    /** One QueueSummary shared by every concurrent caller; null when it did not come in time. */
    private Summary fetchSummary(String queue) {
        CompletableFuture<Summary> mine = new CompletableFuture<>();
        CompletableFuture<Summary> fetch = summaryFetches.putIfAbsent(queue, mine);
        if (fetch == null) {
            fetch = mine;
            Thread.ofVirtual().name("ami-queue-summary").start(() -> {
                try {
                    mine.complete(askSummary(queue));
                } finally {
                    summaryFetches.remove(queue, mine);
                }
            });
        }
        try {
            return fetch.get(options.figuresTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Summary askSummary(String queue) {
        Summary summary;
        try {
            List<ResponseEvent> list = connection.sendList(new QueueSummaryAction(queue), options.figuresTimeout());
            summary = new Summary(false, 0, 0, 0, 0, System.nanoTime());
            for (ResponseEvent e : list) {
                if (e instanceof QueueSummaryEvent s && queue.equals(s.getQueue())) {
                    summary = new Summary(true, orZero(s.getLoggedIn()), orZero(s.getAvailable()),
                            orZero(s.getHoldTime()), orZero(s.getTalkTime()), System.nanoTime());
                }
            }
            if (!summary.known() && unknownQueuesWarned.add(queue)) {
                log.warn("Asterisk has no queue {}", queue);
            }
        } catch (AmiActionException e) {
            log.warn("QueueSummary {} failed: {}", queue, e.getMessage());
            summary = new Summary(false, 0, 0, 0, 0, System.nanoTime());
        }
        summaries.put(queue, summary);
        return summary;
    }

    @Override
    public boolean isConnected() {
        synchronized (lock) {
            return live();
        }
    }

    /**
     * Synchronised and still logged in. The second half matters in the moment between
     * asterisk-java noticing a drop and this object hearing of it.
     */
    private boolean live() {
        return synced && connection.isConnected();
    }

    /** Stops following the connection (which stays open) and the listener thread. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            synced = false;
            generation++;
            syncDone.complete(false);
        }
        connection.removeListener(connectionListener);
        notifier.shutdown();
    }

    // ---- connection events -------------------------------------------------------------------

    private void onConnected() {
        long gen;
        synchronized (lock) {
            if (closed) {
                return;
            }
            gen = ++generation;
            synced = false;
            syncDone.complete(false);
        }
        summaries.clear();
        Thread.ofVirtual().name("ami-presence-sync").start(() -> synchronise(gen));
    }

    private void onDisconnected() {
        synchronized (lock) {
            generation++;
            synced = false;
            syncActionId = null;
            syncDone.complete(false);
        }
        summaries.clear();
    }

    /** QueueStatus until one list completes on this session; the event thread applies it. */
    private void synchronise(long gen) {
        long backoff = 200;
        while (true) {
            String id;
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            synchronized (lock) {
                if (closed || generation != gen) {
                    return;
                }
                round++;
                id = "frontdoor-sync-" + round;
                syncActionId = id;
                syncDone = done;
            }
            QueueStatusAction status = new QueueStatusAction();
            status.setActionId(id);
            try {
                connection.send(status);
                if (done.get(options.syncTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (AmiActionException e) {
                log.warn("QueueStatus failed: {}", e.getMessage());
            } catch (TimeoutException e) {
                log.warn("QueueStatus list incomplete after {} ms", options.syncTimeout().toMillis());
            } catch (ExecutionException e) {
                log.warn("QueueStatus failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = Math.min(backoff * 2, 10_000);
        }
    }

    /** What a completed synchronisation leaves to send: owed releases and lost reservations. */
    private record AfterSync(Map<String, String> unpause, Map<String, String> pause) {
        static final AfterSync NOTHING = new AfterSync(Map.of(), Map.of());
    }

    private void onEvent(ManagerEvent event) {
        List<Agent> turnedFree = new ArrayList<>();
        AfterSync afterSync = AfterSync.NOTHING;
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (event instanceof QueueMemberStatusEvent e) {
                // Before QueueMemberEvent: QueueMemberStatusEvent is a subclass of it.
                Member m = memberForUpdate(e.getQueue(), e.getInterface());
                boolean was = freeAndOffered(m);
                m.name = orElse(e.getMemberName(), m.name);
                m.paused = Boolean.TRUE.equals(e.getPaused());
                m.pausedReason = orElse(e.getPausedreason(), "");
                m.inCall = e.getIncall() != null && e.getIncall() != 0;
                m.status = e.getStatus() == null ? DEVICE_UNKNOWN : e.getStatus();
                collectIfTurnedFree(m, was, turnedFree);
            } else if (event instanceof QueueMemberEvent e) {
                // A QueueStatus list item: the member as it is now.
                Member m = memberForUpdate(e.getQueue(), e.getLocation());
                boolean was = freeAndOffered(m);
                m.name = orElse(e.getName(), orElse(e.getMemberName(), m.name));
                m.paused = Boolean.TRUE.equals(e.getPaused());
                m.pausedReason = orElse(e.getPausedreason(), "");
                m.inCall = e.getIncall() != null && e.getIncall() != 0;
                m.status = e.getStatus() == null ? DEVICE_UNKNOWN : e.getStatus();
                collectIfTurnedFree(m, was, turnedFree);
            } else if (event instanceof QueueMemberPausedEvent e) {
                Member m = memberForUpdate(e.getQueue(), e.getInterface());
                boolean was = freeAndOffered(m);
                m.name = orElse(e.getMemberName(), m.name);
                m.paused = Boolean.TRUE.equals(e.getPaused());
                String reason = e.getPausedReason();
                if (e instanceof QueueMemberPauseEvent p) {
                    reason = orElse(p.getPausedreason(), reason);
                    if (p.getIncall() != null) {
                        m.inCall = p.getIncall() != 0;
                    }
                    if (p.getStatus() != null) {
                        m.status = p.getStatus();
                    }
                }
                m.pausedReason = m.paused ? orElse(orElse(reason, e.getReason()), "") : "";
                collectIfTurnedFree(m, was, turnedFree);
            } else if (event instanceof QueueMemberAddedEvent e) {
                Member m = memberForUpdate(e.getQueue(), e.getInterface());
                boolean was = freeAndOffered(m);
                m.name = orElse(e.getMemberName(), m.name);
                m.paused = Boolean.TRUE.equals(e.getPaused());
                m.pausedReason = orElse(e.getPausedReason(), "");
                m.inCall = "1".equals(e.getInCall());
                m.status = e.getStatus() == null ? DEVICE_UNKNOWN : e.getStatus();
                collectIfTurnedFree(m, was, turnedFree);
            } else if (event instanceof QueueMemberRemovedEvent e) {
                Queue q = queues.get(e.getQueue());
                if (q != null) {
                    q.members.remove(e.getInterface());
                }
            } else if (event instanceof AgentConnectEvent e) {
                Member m = member(e.getQueue(), e.getInterface());
                if (m != null) {
                    m.inCall = true;
                    m.seen = round;
                }
            } else if (event instanceof AgentCompleteEvent e) {
                Member m = member(e.getQueue(), e.getInterface());
                if (m != null) {
                    boolean was = freeAndOffered(m);
                    m.inCall = false;
                    m.seen = round;
                    // The device usually still reads in use here; QueueMemberStatus follows.
                    collectIfTurnedFree(m, was, turnedFree);
                }
            } else if (event instanceof QueueParamsEvent e) {
                queue(e.getQueue()).seen = round;
            } else if (event instanceof QueueEntryEvent e && e.getUniqueId() != null) {
                Queue q = queue(e.getQueue());
                Caller c = caller(q, e.getUniqueId(), e.getPosition());
                long waited = e.getWait() == null ? 0 : e.getWait();
                c.arrivedAt = Instant.now().minusSeconds(waited);
                c.priority = e instanceof AmiQueueEntryEvent p && p.getPriority() != null ? p.getPriority() : 0;
            } else if (event instanceof QueueCallerJoinEvent e && e.getUniqueId() != null) {
                Queue q = queue(e.getQueue());
                Caller c = caller(q, e.getUniqueId(), e.getPosition());
                if (c.arrivedAt == null) {
                    c.arrivedAt = Instant.now();
                }
            } else if (event instanceof QueueCallerLeaveEvent e) {
                removeCaller(e.getQueue(), e.getUniqueId());
            } else if (event instanceof QueueCallerAbandonEvent e) {
                removeCaller(e.getQueue(), e.getUniqueId());
            } else if (event instanceof QueueStatusCompleteEvent e) {
                if (e.getActionId() != null && e.getActionId().equals(syncActionId)) {
                    afterSync = finishSync(turnedFree);
                }
            }
        }
        for (Agent agent : turnedFree) {
            announce(agent);
        }
        if (!afterSync.unpause().isEmpty() || !afterSync.pause().isEmpty()) {
            AfterSync todo = afterSync;
            Thread.ofVirtual().name("ami-after-sync").start(() -> {
                todo.unpause().forEach(this::unpause);
                todo.pause().forEach(this::pauseAgain);
            });
        }
    }

    /** The pause reason of a member paused for a callback by an earlier run, or null. */
    private String inheritedReservation(String iface) {
        for (Queue q : queues.values()) {
            Member m = q.members.get(iface);
            if (m != null && m.paused && m.pausedReason != null && m.pausedReason.startsWith(RESERVATION_PREFIX)) {
                return m.pausedReason;
            }
        }
        return null;
    }

    /** Pause reasons FrontDoor gives reservations ({@code frontdoor-callback <request id>}). */
    public static final String RESERVATION_PREFIX = "frontdoor-callback";

    /** A reservation whose pause Asterisk lost (a restart forgets pauses of static members). */
    private void pauseAgain(String iface, String reason) {
        synchronized (lock) {
            if (!reason.equals(reserved.get(iface))) {
                return; // released meanwhile
            }
        }
        QueuePauseAction pause = new QueuePauseAction(iface, Boolean.TRUE);
        pause.setReason(reason);
        try {
            connection.send(pause);
            log.info("Agent {} paused again: still reserved ({})", iface, reason);
        } catch (AmiActionException e) {
            log.warn("Agent {} is reserved but could not be paused again: {}", iface, e.getMessage());
        }
    }

    /** The list is complete: drop what it did not show, go live, offer every free member. */
    private AfterSync finishSync(List<Agent> free) {
        for (Iterator<Queue> qi = queues.values().iterator(); qi.hasNext(); ) {
            Queue q = qi.next();
            if (q.seen != round) {
                qi.remove();
                continue;
            }
            q.members.values().removeIf(m -> m.seen != round);
            q.callers.removeIf(c -> c.seen != round);
        }
        synced = true;
        syncActionId = null;
        syncDone.complete(true);
        int members = 0;
        for (Queue q : queues.values()) {
            members += q.members.size();
            for (Member m : q.members.values()) {
                if (isFree(m) && !reserved.containsKey(m.iface)) {
                    free.add(agent(m));
                }
            }
        }
        Map<String, String> unpause = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, String>> it = owedReleases.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, String> owed = it.next();
            it.remove();
            if (pausedWith(owed.getKey(), owed.getValue())) {
                unpause.put(owed.getKey(), owed.getValue());
            }
        }
        Map<String, String> pause = new LinkedHashMap<>();
        reserved.forEach((iface, reason) -> {
            if (unpausedSomewhere(iface)) {
                pause.put(iface, reason);
            }
        });
        log.info("Agent presence synchronised: {} queues, {} members, {} free", queues.size(), members, free.size());
        return new AfterSync(unpause, pause);
    }

    private boolean unpausedSomewhere(String iface) {
        for (Queue q : queues.values()) {
            Member m = q.members.get(iface);
            if (m != null && !m.paused) {
                return true;
            }
        }
        return false;
    }

    private boolean pausedWith(String iface, String reason) {
        for (Queue q : queues.values()) {
            Member m = q.members.get(iface);
            if (m != null && m.paused && reason.equals(m.pausedReason)) {
                return true;
            }
        }
        return false;
    }

    private void announce(Agent agent) {
        try {
            notifier.execute(() -> {
                for (Listener listener : listeners) {
                    try {
                        listener.agentFree(agent);
                    } catch (RuntimeException e) {
                        log.warn("agentFree listener failed for {}", agent.id(), e);
                    }
                }
            });
        } catch (RejectedExecutionException closedAlready) {
            // Closed: nobody to tell.
        }
    }

    // ---- state helpers (lock held) -----------------------------------------------------------

    private boolean isFree(Member m) {
        boolean deviceFree = m.status == DEVICE_NOT_INUSE || (options.unknownDeviceIsFree() && m.status == DEVICE_UNKNOWN);
        return !m.paused && !m.inCall && deviceFree;
    }

    private boolean freeAndOffered(Member m) {
        return isFree(m) && !reserved.containsKey(m.iface);
    }

    private void collectIfTurnedFree(Member m, boolean wasFree, List<Agent> out) {
        // While a list is loading, nothing is announced: the end of the list announces everyone free.
        if (synced && !wasFree && freeAndOffered(m)) {
            out.add(agent(m));
        }
    }

    private Queue queue(String name) {
        Queue q = queues.computeIfAbsent(name, n -> new Queue());
        q.seen = round;
        return q;
    }

    private Member member(String queue, String iface) {
        Queue q = queues.get(queue);
        return q == null ? null : q.members.get(iface);
    }

    /** The member, created if new (then not free until its state is set), marked seen this round. */
    private Member memberForUpdate(String queue, String iface) {
        Queue q = queue(queue);
        Member m = q.members.get(iface);
        if (m == null) {
            m = new Member(queue, iface);
            m.status = -1; // not free until the event sets it
            m.paused = true;
            q.members.put(iface, m);
        }
        m.seen = round;
        return m;
    }

    /** The caller, placed at {@code position} (1-based) when new, marked seen this round. */
    private Caller caller(Queue q, String uniqueid, Integer position) {
        for (Caller c : q.callers) {
            if (c.uniqueid.equals(uniqueid)) {
                c.seen = round;
                return c;
            }
        }
        Caller c = new Caller(uniqueid);
        int at = position == null ? q.callers.size() : Math.max(0, Math.min(position - 1, q.callers.size()));
        q.callers.add(at, c);
        c.seen = round;
        return c;
    }

    private void removeCaller(String queue, String uniqueid) {
        Queue q = queues.get(queue);
        if (q != null && uniqueid != null) {
            q.callers.removeIf(c -> c.uniqueid.equals(uniqueid));
        }
    }

    private static Agent agent(Member m) {
        return new Agent(m.queue, m.iface, m.name);
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
