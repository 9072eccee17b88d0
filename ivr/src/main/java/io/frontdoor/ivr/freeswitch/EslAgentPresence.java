package io.frontdoor.ivr.freeswitch;

import io.frontdoor.callback.dispatch.Agent;
import io.frontdoor.callback.dispatch.AgentPresence;
import io.frontdoor.callback.dispatch.QueueFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AgentPresence} from FreeSWITCH's mod_callcenter over inbound ESL.
 *
 * <p><b>Who is free:</b> an agent with a tier in the queue whose status is {@code Available} (or
 * {@code Available (On Demand)}) and whose state is {@code Waiting}, and whom FrontDoor has not
 * reserved. FrontDoor's queue {@code vip} is mod_callcenter's {@code vip@<domain>}. An
 * {@link Agent}'s id is the agent's contact (the dial string a callback is bridged to), its name
 * the mod_callcenter agent name ({@code 1001@default}).
 *
 * <p><b>State:</b> read at every (re)connection with {@code callcenter_config agent list},
 * {@code tier list} and {@code queue list members <queue>}, then kept by the
 * {@code CUSTOM callcenter::info} events: {@code agent-status-change}, {@code agent-state-change},
 * {@code member-queue-start}, {@code bridge-agent-start}, {@code member-queue-end}. An agent
 * becoming free (status or state change, or found free at a resynchronisation) is told to the
 * listeners at once. Events arriving during a resynchronisation are applied after its lists.
 *
 * <p><b>Reservation:</b> {@code callcenter_config agent set status <agent> 'On Break'}, so
 * mod_callcenter offers them no queue call, and {@code 'Available'} to release. mod_callcenter has
 * no pause reason to carry FrontDoor's mark: a reservation this run did not make (an earlier run's,
 * after a restart) is lifted by {@link #release} when the agent is still on break, and the
 * dispatcher only releases agents its own attempts reserved. A reserved agent found available at a
 * resynchronisation (FreeSWITCH restarted) is put on break again.
 */
public final class EslAgentPresence implements AgentPresence, EslConnection.Listener {
    private static final Logger log = LoggerFactory.getLogger(EslAgentPresence.class);
    static final String ON_BREAK = "On Break";
    static final String AVAILABLE = "Available";

    private record AgentRow(String name, String contact, String status, String state) {
        boolean free() {
            return (AVAILABLE.equals(status) || "Available (On Demand)".equals(status)) && "Waiting".equals(state);
        }

        AgentRow status(String value) {
            return new AgentRow(name, contact, value, state);
        }

        AgentRow state(String value) {
            return new AgentRow(name, contact, status, value);
        }
    }

    private final EslConnection connection;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private Map<String, AgentRow> agents = new HashMap<>();
    /** FrontDoor queue name → mod_callcenter queue ({@code vip} → {@code vip@default}). */
    private Map<String, String> queues = new LinkedHashMap<>();
    /** FrontDoor queue → agent names with a tier in it. */
    private Map<String, Set<String>> tiers = new HashMap<>();
    /** FrontDoor queue → member uuid → caller waiting on the line. */
    private Map<String, Map<String, QueueFigures.LiveCaller>> callers = new HashMap<>();
    private final Map<String, String> reserved = new HashMap<>();
    private boolean synced;
    private List<EslMessage> duringSync;

    public EslAgentPresence(EslConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
        connection.addListener(this);
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public List<Agent> freeAgents(String queue) {
        synchronized (lock) {
            List<Agent> free = new ArrayList<>();
            if (!synced) {
                return free;
            }
            for (String name : tiers.getOrDefault(queue, Set.of())) {
                AgentRow a = agents.get(name);
                if (a != null && a.free() && !reserved.containsKey(name)) {
                    free.add(new Agent(queue, a.contact(), name));
                }
            }
            return free;
        }
    }

    @Override
    public boolean reserve(Agent agent, String reason) {
        String name = nameOf(agent);
        synchronized (lock) {
            AgentRow a = name == null ? null : agents.get(name);
            if (!isConnected() || a == null || !a.free() || reserved.containsKey(name)) {
                return false;
            }
            reserved.put(name, reason); // taken before the round trip: a second reserve fails at once
        }
        try {
            setStatus(name, ON_BREAK);
            log.info("Agent {} reserved ({})", name, reason);
            return true;
        } catch (EslCommandException e) {
            synchronized (lock) {
                reserved.remove(name);
            }
            log.warn("Agent {} not reserved: {}", name, e.getMessage());
            return false;
        }
    }

    @Override
    public void release(Agent agent) {
        String name = nameOf(agent);
        if (name == null) {
            return;
        }
        String reason;
        boolean onBreak;
        synchronized (lock) {
            reason = reserved.remove(name);
            AgentRow a = agents.get(name);
            onBreak = a != null && ON_BREAK.equals(a.status());
        }
        if (reason == null && !onBreak) {
            return; // neither ours nor on break: nothing to lift
        }
        setStatus(name, AVAILABLE); // a failure reaches the dispatcher, which tries again later
        log.info("Agent {} released{}", name, reason == null ? " (reserved by an earlier run)" : "");
        List<Agent> free = new ArrayList<>();
        synchronized (lock) {
            AgentRow a = agents.get(name);
            if (a != null && a.free() && !reserved.containsKey(name)) {
                tiers.forEach((queue, names) -> {
                    if (names.contains(name)) {
                        free.add(new Agent(queue, a.contact(), name));
                    }
                });
            }
        }
        free.forEach(this::tellFree); // the status event that follows finds the agent free already
    }

    private void setStatus(String name, String status) {
        connection.api("callcenter_config agent set status " + name + " '" + status + "'");
        synchronized (lock) {
            AgentRow a = agents.get(name);
            if (a != null) {
                agents.put(name, a.status(status));
            }
        }
    }

    /** The mod_callcenter agent name of {@code agent} (its name, or the agent whose contact is its id). */
    private String nameOf(Agent agent) {
        synchronized (lock) {
            if (agents.containsKey(agent.name())) {
                return agent.name();
            }
            for (AgentRow a : agents.values()) {
                if (a.contact().equals(agent.id())) {
                    return a.name();
                }
            }
            return agent.name().contains("@") ? agent.name() : null;
        }
    }

    @Override
    public List<QueueFigures.LiveCaller> liveCallers(String queue) {
        synchronized (lock) {
            List<QueueFigures.LiveCaller> list = new ArrayList<>(callers.getOrDefault(queue, Map.of()).values());
            list.sort(Comparator.comparingInt(QueueFigures.LiveCaller::priority).reversed()
                    .thenComparing(QueueFigures.LiveCaller::arrivedAt));
            return list;
        }
    }

    @Override
    public QueueFigures figures(String queue) {
        synchronized (lock) {
            if (!isConnected() || !queues.containsKey(queue)) {
                return QueueFigures.unknown(queue);
            }
            int loggedIn = 0;
            int available = 0;
            for (String name : tiers.getOrDefault(queue, Set.of())) {
                AgentRow a = agents.get(name);
                if (a != null && !"Logged Out".equals(a.status())) {
                    loggedIn++;
                    if (a.free() && !reserved.containsKey(name)) {
                        available++;
                    }
                }
            }
            // mod_callcenter keeps no average hold or talk time: the caller's default applies
            return new QueueFigures(queue, loggedIn, available, Duration.ZERO, Duration.ZERO, liveCallers(queue), true);
        }
    }

    @Override
    public boolean isConnected() {
        synchronized (lock) {
            return synced && connection.isConnected();
        }
    }

    // --- the connection's side

    @Override
    public void connected() {
        synchronized (lock) {
            synced = false;
            duringSync = new ArrayList<>();
        }
        try {
            resync();
        } catch (RuntimeException e) {
            log.error("mod_callcenter state not read: {}; agents count as busy until the next connection", e.getMessage());
            synchronized (lock) {
                duringSync = null;
            }
        }
    }

    private void resync() {
        List<Map<String, String>> agentRows = CallcenterTable.parse(connection.api("callcenter_config agent list"));
        List<Map<String, String>> tierRows = CallcenterTable.parse(connection.api("callcenter_config tier list"));
        Map<String, AgentRow> newAgents = new HashMap<>();
        for (Map<String, String> r : agentRows) {
            newAgents.put(r.get("name"), new AgentRow(r.get("name"), r.get("contact"), r.get("status"), r.get("state")));
        }
        Map<String, String> newQueues = new LinkedHashMap<>();
        Map<String, Set<String>> newTiers = new HashMap<>();
        for (Map<String, String> r : tierRows) {
            String full = r.get("queue");
            String shortName = shortName(full);
            newQueues.put(shortName, full);
            newTiers.computeIfAbsent(shortName, q -> new LinkedHashSet<>()).add(r.get("agent"));
        }
        Map<String, Map<String, QueueFigures.LiveCaller>> newCallers = new HashMap<>();
        for (var q : newQueues.entrySet()) {
            Map<String, QueueFigures.LiveCaller> waiting = new LinkedHashMap<>();
            for (Map<String, String> m : CallcenterTable.parse(connection.api("callcenter_config queue list members " + q.getValue()))) {
                String state = m.getOrDefault("state", "");
                if (state.equals("Waiting") || state.equals("Trying")) {
                    waiting.put(m.get("uuid"), new QueueFigures.LiveCaller(m.get("uuid"),
                            Instant.ofEpochSecond(parseLong(m.get("joined_epoch"))), (int) parseLong(m.get("base_score"))));
                }
            }
            newCallers.put(q.getKey(), waiting);
        }
        List<String> pauseAgain = new ArrayList<>();
        List<Agent> free = new ArrayList<>();
        synchronized (lock) {
            agents = newAgents;
            queues = newQueues;
            tiers = newTiers;
            callers = newCallers;
            List<EslMessage> queued = duringSync;
            duringSync = null;
            if (queued != null) {
                queued.forEach(this::apply);
            }
            synced = true;
            reserved.forEach((name, reason) -> {
                AgentRow a = agents.get(name);
                if (a != null && !ON_BREAK.equals(a.status())) {
                    pauseAgain.add(name);
                }
            });
            tiers.forEach((queue, names) -> names.forEach(name -> {
                AgentRow a = agents.get(name);
                if (a != null && a.free() && !reserved.containsKey(name)) {
                    free.add(new Agent(queue, a.contact(), name));
                }
            }));
        }
        log.info("mod_callcenter synchronised: {} agents, queues {}", newAgents.size(), newQueues.values());
        for (String name : pauseAgain) {
            try {
                setStatus(name, ON_BREAK);
                log.info("Agent {} put on break again: still reserved", name);
            } catch (EslCommandException e) {
                log.warn("Agent {} is reserved but could not be put on break again: {}", name, e.getMessage());
            }
        }
        free.forEach(this::tellFree);
    }

    @Override
    public void disconnected() {
        synchronized (lock) {
            synced = false;
        }
    }

    @Override
    public void event(EslMessage event) {
        if (!"CUSTOM".equals(event.header("Event-Name")) || !"callcenter::info".equals(event.header("Event-Subclass"))) {
            return;
        }
        List<Agent> nowFree;
        synchronized (lock) {
            if (duringSync != null) {
                duringSync.add(event);
                return;
            }
            nowFree = apply(event);
        }
        nowFree.forEach(this::tellFree);
    }

    /** Applies one callcenter event under the lock; returns agents it made free. */
    private List<Agent> apply(EslMessage e) {
        String action = e.header("CC-Action");
        String name = e.header("CC-Agent");
        List<Agent> free = new ArrayList<>();
        if ("agent-status-change".equals(action) || "agent-state-change".equals(action)) {
            AgentRow a = agents.get(name);
            if (a == null) {
                return free;
            }
            boolean wasFree = a.free();
            a = "agent-status-change".equals(action) ? a.status(e.header("CC-Agent-Status")) : a.state(e.header("CC-Agent-State"));
            agents.put(name, a);
            if (a.free() && !wasFree && !reserved.containsKey(name)) {
                for (var t : tiers.entrySet()) {
                    if (t.getValue().contains(name)) {
                        free.add(new Agent(t.getKey(), a.contact(), name));
                    }
                }
            }
        } else if ("member-queue-start".equals(action)) {
            String queue = shortName(e.header("CC-Queue"));
            String member = e.header("CC-Member-UUID");
            long joined = parseLong(e.header("variable_cc_queue_joined_epoch"));
            int priority = (int) parseLong(e.header("variable_cc_base_score"));
            callers.computeIfAbsent(queue, q -> new LinkedHashMap<>()).put(member,
                    new QueueFigures.LiveCaller(member, Instant.ofEpochSecond(joined), priority));
        } else if ("bridge-agent-start".equals(action) || "member-queue-end".equals(action)) {
            Map<String, QueueFigures.LiveCaller> q = callers.get(shortName(e.header("CC-Queue")));
            if (q != null) {
                q.remove(e.header("CC-Member-UUID"));
            }
        }
        return free;
    }

    private void tellFree(Agent agent) {
        for (Listener l : listeners) {
            try {
                l.agentFree(agent);
            } catch (RuntimeException ex) {
                log.warn("agent-free listener failed: {}", ex.toString());
            }
        }
    }

    static String shortName(String queue) {
        if (queue == null) {
            return "";
        }
        int at = queue.indexOf('@');
        return at < 0 ? queue : queue.substring(0, at);
    }

    private static long parseLong(String s) {
        try {
            return s == null || s.isBlank() ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
