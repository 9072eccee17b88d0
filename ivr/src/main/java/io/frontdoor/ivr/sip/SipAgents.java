package io.frontdoor.ivr.sip;

import io.frontdoor.callback.dispatch.Agent;
import io.frontdoor.callback.dispatch.AgentPresence;
import io.frontdoor.callback.dispatch.QueueFigures;
import java.time.Duration;
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
 * reserved for a callback. Becoming free is told to the listeners on one thread of its own.
 */
public final class SipAgents implements AgentPresence, AutoCloseable {

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

    private final Map<String, State> agents = new LinkedHashMap<>();
    private final Map<String, List<String>> queues = new LinkedHashMap<>();
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

    /** Ready or not ready to take calls (an agent's break). */
    public boolean ready(String id, boolean ready) {
        State s = agents.get(id);
        if (s == null) {
            return false;
        }
        s.ready = ready;
        if (ready) {
            announce(s);
        }
        return true;
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

    private boolean free(State s) {
        return s.ready && !s.busy && !s.reserved && s.uri() != null;
    }

    private void announce(State s) {
        events.execute(() -> queues.forEach((q, ids) -> {
            if (ids.contains(s.id)) {
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

    @Override
    public List<QueueFigures.LiveCaller> liveCallers(String queue) {
        return List.of(); // no switch queue: callers wait in FrontDoor's own flows
    }

    @Override
    public synchronized QueueFigures figures(String queue) {
        List<String> ids = queues.getOrDefault(queue, List.of());
        int reachable = (int) ids.stream().filter(id -> agents.get(id).uri() != null).count();
        int free = (int) ids.stream().filter(id -> free(agents.get(id))).count();
        return new QueueFigures(queue, reachable, free, Duration.ZERO, Duration.ZERO, List.of(), true);
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
