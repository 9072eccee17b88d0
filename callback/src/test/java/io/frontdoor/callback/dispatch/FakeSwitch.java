package io.frontdoor.callback.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An in-memory switch for the telephony-free core's tests: agents per queue, pauses, live callers
 * and dialled calls whose results the test chooses. The protocol-level peers (AMI, ESL) test the
 * real adapters in the ivr module.
 */
final class FakeSwitch implements AgentPresence, Dialer {
    final Map<String, Agent> agents = new LinkedHashMap<>();
    final Set<String> paused = ConcurrentHashMap.newKeySet();
    final Set<String> busy = ConcurrentHashMap.newKeySet();
    final Map<String, List<QueueFigures.LiveCaller>> live = new ConcurrentHashMap<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<DialRequest> dialled = new CopyOnWriteArrayList<>();
    final Map<String, Consumer<DialResult>> pending = new ConcurrentHashMap<>();
    final List<Listener> listeners = new CopyOnWriteArrayList<>();
    volatile boolean connected = true;
    volatile boolean dialerUp = true;

    Agent agent(String queue, String id) {
        Agent a = new Agent(queue, id, "Agent " + id);
        agents.put(id, a);
        return a;
    }

    /** The agent ends a call (or logs in): free, and the listeners are told. */
    void free(Agent a) {
        busy.remove(a.id());
        listeners.forEach(l -> l.agentFree(a));
    }

    void result(DialRequest r, DialResult.Outcome outcome) {
        pending.remove(r.attemptId()).accept(new DialResult(r.attemptId(), outcome, "test " + outcome));
    }

    DialRequest awaitDial(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (dialled.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (dialled.size() < n) {
            throw new AssertionError("no dial #" + n + "; log " + log);
        }
        return dialled.get(n - 1);
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public List<Agent> freeAgents(String queue) {
        List<Agent> out = new ArrayList<>();
        for (Agent a : agents.values()) {
            if (a.queue().equals(queue) && !paused.contains(a.id()) && !busy.contains(a.id())) {
                out.add(a);
            }
        }
        return out;
    }

    @Override
    public boolean reserve(Agent agent, String reason) {
        if (paused.contains(agent.id()) || busy.contains(agent.id())) {
            return false;
        }
        paused.add(agent.id());
        log.add("pause " + agent.id());
        return true;
    }

    @Override
    public void release(Agent agent) {
        paused.remove(agent.id());
        log.add("unpause " + agent.id());
    }

    @Override
    public List<QueueFigures.LiveCaller> liveCallers(String queue) {
        return live.getOrDefault(queue, List.of());
    }

    @Override
    public QueueFigures figures(String queue) {
        long in = agents.values().stream().filter(a -> a.queue().equals(queue)).count();
        return new QueueFigures(queue, (int) in, freeAgents(queue).size(), Duration.ofSeconds(30),
                Duration.ofMinutes(2), liveCallers(queue), true);
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void dial(DialRequest request, Consumer<DialResult> onResult) {
        if (!dialerUp) {
            throw new DialerUnavailableException("switch down");
        }
        log.add("dial " + request.destination());
        pending.put(request.attemptId(), onResult);
        dialled.add(request);
    }
}
