package io.frontdoor.ivr.sip;

import io.frontdoor.callback.dispatch.Agent;
import io.frontdoor.callback.dispatch.AgentPresence;
import io.frontdoor.callback.dispatch.QueueFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Agents of the embedded SIP endpoint: SIP phones FrontDoor calls itself. Each is configured per
 * queue with a fixed URI ({@code vip/2001=sip:2001@10.0.0.5}) or registers to the endpoint
 * ({@code vip/2001}: REGISTER as user 2001 with digest authentication). An agent is free when it
 * is reachable (fixed URI or a live registration), ready (not set not-ready), not in a call and not
 * reserved for a callback. Becoming free is told to the listeners on one thread of its own. Ready or
 * not ready is kept in an {@link AgentReadyStore} (the database in the server), so it survives a restart.
 *
 * <p>Callers handed to a queue while no agent of it is free wait here ({@link #await}), ordered by
 * priority then arrival. An agent who becomes free goes first to the head waiting caller, unless a
 * callback of the same queue is ahead of that caller (higher priority, or the same priority and
 * asked for earlier); waiting callers are the {@link #liveCallers} the callback dispatcher checks so
 * that a callback never overtakes an earlier live caller either.
 */
public final class SipAgents implements AgentPresence, AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SipAgents.class);

    private static final class State {
        final String id;
        final String fixedUri;
        volatile String contact;
        volatile long registeredUntil;
        volatile boolean ready = true;
        boolean busy;
        boolean reserved;

        State(String id, String fixedUri) {
            this.id = id;
            this.fixedUri = fixedUri;
        }

        String uri() {
            if (fixedUri != null) {
                return fixedUri;
            }
            return contact != null && System.currentTimeMillis() < registeredUntil ? contact : null;
        }
    }

    /** Whether a callback of {@code queue} should be served before a live caller of that priority and arrival. */
    @FunctionalInterface
    public interface CallbacksAhead {
        boolean ahead(String queue, int priority, Instant arrivedAt);

        CallbacksAhead NONE = (q, p, a) -> false;
    }

    private final Map<String, State> agents = new LinkedHashMap<>();
    private final List<Waiter> waiting = new ArrayList<>();
    private long waiterSeq;
    private volatile CallbacksAhead callbacksAhead = CallbacksAhead.NONE;
    private final Map<String, List<String>> queues = new LinkedHashMap<>();
    private volatile AgentReadyStore store = AgentReadyStore.MEMORY;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("sip-agents").factory());

    /**
     * @param entries {@code queue/id=sip:uri} or {@code queue/id}
     * @throws IllegalArgumentException naming an entry that is neither
     */
    public SipAgents(Set<String> entries) {
        for (String e : entries) {
            String[] kv = e.split("=", 2);
            String[] qa = kv[0].trim().split("/", 2);
            if (qa.length != 2 || qa[0].isBlank() || !qa[1].trim().matches("[A-Za-z0-9._+-]{1,64}")
                    || (kv.length == 2 && !kv[1].trim().startsWith("sip:"))) {
                throw new IllegalArgumentException("sip agent '" + e + "': expected queue/id or queue/id=sip:uri");
            }
            String id = qa[1].trim();
            String uri = kv.length == 2 ? kv[1].trim() : null;
            agents.putIfAbsent(id, new State(id, uri));
            queues.computeIfAbsent(qa[0].trim(), q -> new ArrayList<>()).add(id);
        }
    }

    /** Whether {@code id} is an agent that registers (not one with a fixed URI). */
    public boolean registers(String id) {
        State s = agents.get(id);
        return s != null && s.fixedUri == null;
    }

    /** A registration (or its removal, {@code expires} zero) of agent {@code id}. */
    public void registered(String id, String contact, Duration expires) {
        State s = agents.get(id);
        if (s == null) {
            return;
        }
        s.contact = contact;
        s.registeredUntil = System.currentTimeMillis() + expires.toMillis();
        if (!expires.isZero()) {
            announce(s);
        }
    }

    /**
     * Keeps the agents' ready / not-ready state in {@code store} from now on, and takes the state
     * it holds (from before a restart) for the agents configured now.
     */
    public void keepStateIn(AgentReadyStore store) {
        Map<String, Boolean> kept = store.load();
        this.store = store;
        kept.forEach((id, ready) -> {
            State s = agents.get(id);
            if (s != null && s.ready != ready) {
                s.ready = ready;
                log.info("SIP agent {} is {} (kept from before the restart)", id, ready ? "ready" : "not ready");
            }
        });
    }

    /** Ready or not ready to take calls (an agent's break). */
    public boolean ready(String id, boolean ready) {
        return ready(id, ready, "set " + (ready ? "ready" : "not ready"));
    }

    /** Ready or not ready, and why (kept with the state). */
    public boolean ready(String id, boolean ready, String reason) {
        State s = agents.get(id);
        if (s == null) {
            return false;
        }
        s.ready = ready;
        try {
            store.save(id, ready, reason);
        } catch (RuntimeException e) {
            log.warn("SIP agent {} set {} but the state is not stored (lost at a restart): {}", id,
                    ready ? "ready" : "not ready", e.getMessage());
        }
        if (ready) {
            announce(s);
        }
        return true;
    }

    /**
     * Agent {@code id} did not answer a call offered to them (rang out, busy, refused): set not
     * ready, so they are not rung again and again, and out of the call.
     */
    public void notAnswered(String id, String why) {
        log.warn("SIP agent {} did not answer ({}): set not ready until set ready again", id, why);
        ready(id, false, "did not answer: " + why);
        busy(id, false);
    }

    /** Where to call agent {@code id} now, or {@code null}. */
    public String uri(String id) {
        State s = agents.get(id);
        return s == null ? null : s.uri();
    }

    /** Marks agent {@code id} in a call (or out of it: then they are free again). */
    public void busy(String id, boolean busy) {
        State s = agents.get(id);
        if (s == null) {
            return;
        }
        synchronized (this) {
            s.busy = busy;
            if (!busy) {
                s.reserved = false;
            }
        }
        if (!busy) {
            announce(s);
        }
    }

    /** Takes the first free agent of {@code queue} for a call (marks them busy), or {@code null}. */
    public synchronized String claim(String queue) {
        for (String id : queues.getOrDefault(queue, List.of())) {
            State s = agents.get(id);
            if (free(s)) {
                s.busy = true;
                return id;
            }
        }
        return null;
    }

    /** Every agent with its state, for the command line and logs. */
    public synchronized List<String> describe() {
        List<String> out = new ArrayList<>();
        queues.forEach((q, ids) -> ids.forEach(id -> {
            State s = agents.get(id);
            out.add(q + "/" + id + " " + (s.uri() == null ? "unreachable" : s.busy ? "in-call"
                    : s.reserved ? "reserved" : s.ready ? "ready" : "not-ready"));
        }));
        return out;
    }

    /**
     * One agent as seen now, for the admin API: its queues, where it is called (null when not
     * reachable), whether it registers rather than having a fixed URI, and its call state.
     */
    public record AgentState(String id, List<String> queues, String uri, boolean registers, boolean ready,
            boolean busy, boolean reserved) {
        public boolean reachable() {
            return uri != null;
        }
    }

    /** Every agent's state, in configuration order (read-only: a copy). */
    public synchronized List<AgentState> snapshot() {
        List<AgentState> out = new ArrayList<>();
        agents.keySet().forEach(id -> out.add(stateOf(id)));
        return out;
    }

    /** Agent {@code id}'s state, or {@code null} when there is no such agent. */
    public synchronized AgentState state(String id) {
        return agents.containsKey(id) ? stateOf(id) : null;
    }

    private AgentState stateOf(String id) {
        State s = agents.get(id);
        List<String> in = new ArrayList<>();
        queues.forEach((q, ids) -> {
            if (ids.contains(id)) {
                in.add(q);
            }
        });
        return new AgentState(id, List.copyOf(in), s.uri(), s.fixedUri == null, s.ready, s.busy, s.reserved);
    }

    private boolean free(State s) {
        return s.ready && !s.busy && !s.reserved && s.uri() != null;
    }

    private void announce(State s) {
        events.execute(() -> queues.forEach((q, ids) -> {
            if (ids.contains(s.id)) {
                match(q); // waiting callers first (when no callback is ahead of them)
                boolean free;
                synchronized (this) {
                    free = free(s);
                }
                if (free) {
                    Agent a = new Agent(q, s.id, "Agent " + s.id);
                    listeners.forEach(l -> l.agentFree(a));
                }
            }
        }));
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public synchronized List<Agent> freeAgents(String queue) {
        List<Agent> out = new ArrayList<>();
        for (String id : queues.getOrDefault(queue, List.of())) {
            if (free(agents.get(id))) {
                out.add(new Agent(queue, id, "Agent " + id));
            }
        }
        return out;
    }

    @Override
    public synchronized boolean reserve(Agent agent, String reason) {
        State s = agents.get(agent.id());
        if (s == null || !free(s)) {
            return false;
        }
        s.reserved = true;
        return true;
    }

    @Override
    public void release(Agent agent) {
        State s = agents.get(agent.id());
        if (s == null) {
            return;
        }
        synchronized (this) {
            s.reserved = false;
        }
        announce(s);
    }

    /** Who decides whether a callback is ahead of a waiting caller (the callback side, when on). */
    public void callbacksAhead(CallbacksAhead ahead) {
        this.callbacksAhead = ahead == null ? CallbacksAhead.NONE : ahead;
    }

    /** Whether {@code queue} has any agent at all (configured, reachable or not). */
    public boolean hasQueue(String queue) {
        return !queues.getOrDefault(queue, List.of()).isEmpty();
    }

    /**
     * Puts a caller in line for {@code queue}. If an agent can take them now, the returned waiter's
     * {@link Waiter#agent} is already complete.
     */
    public Waiter await(String callId, String queue, int priority, Instant arrivedAt) {
        Waiter w;
        synchronized (this) {
            w = new Waiter(callId, queue, priority, arrivedAt, waiterSeq++);
            waiting.add(w);
        }
        match(queue);
        return w;
    }

    /**
     * Takes a caller out of line (they hung up or waited too long).
     *
     * @return false when an agent was claimed for them meanwhile: the caller must bridge or free it
     */
    public boolean leave(Waiter w) {
        boolean removed;
        synchronized (this) {
            removed = waiting.remove(w);
        }
        if (removed) {
            // an agent held back for this caller may now serve a callback that waited behind them
            for (String id : queues.getOrDefault(w.queue, List.of())) {
                State s = agents.get(id);
                boolean free;
                synchronized (this) {
                    free = free(s);
                }
                if (free) {
                    announce(s);
                }
            }
        }
        return removed;
    }

    /** 1-based place of {@code w} among the callers waiting for its queue, or 0 when no longer waiting. */
    public synchronized int position(Waiter w) {
        if (!waiting.contains(w)) {
            return 0;
        }
        return 1 + (int) waiting.stream().filter(o -> o.queue.equals(w.queue) && Waiter.ORDER.compare(o, w) < 0).count();
    }

    /** Gives free agents of {@code queue} to its waiting callers, head first, while no callback is ahead. */
    public void match(String queue) {
        while (true) {
            Waiter head;
            synchronized (this) {
                head = waiting.stream().filter(w -> w.queue.equals(queue)).min(Waiter.ORDER).orElse(null);
            }
            if (head == null || callbacksAhead.ahead(queue, head.priority, head.arrivedAt)) {
                return;
            }
            String agent;
            synchronized (this) {
                if (!waiting.contains(head)) {
                    continue; // left meanwhile
                }
                agent = claim(queue);
                if (agent == null) {
                    return;
                }
                waiting.remove(head);
            }
            head.agent.complete(agent);
        }
    }

    @Override
    public synchronized List<QueueFigures.LiveCaller> liveCallers(String queue) {
        return waiting.stream().filter(w -> w.queue.equals(queue)).sorted(Waiter.ORDER)
                .map(w -> new QueueFigures.LiveCaller(w.callId, w.arrivedAt, w.priority)).toList();
    }

    @Override
    public synchronized QueueFigures figures(String queue) {
        List<String> ids = queues.getOrDefault(queue, List.of());
        int reachable = (int) ids.stream().filter(id -> agents.get(id).uri() != null).count();
        int free = (int) ids.stream().filter(id -> free(agents.get(id))).count();
        return new QueueFigures(queue, reachable, free, Duration.ZERO, Duration.ZERO, liveCallers(queue), true);
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public void close() {
        events.shutdownNow();
    }
}
