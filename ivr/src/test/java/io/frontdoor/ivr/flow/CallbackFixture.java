package io.frontdoor.ivr.flow;

import io.frontdoor.callback.customer.CallerMatch;
import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.CustomerDirectory;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionLog;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.dispatch.Agent;
import io.frontdoor.callback.dispatch.AgentPresence;
import io.frontdoor.callback.dispatch.CallbackDispatcher;
import io.frontdoor.callback.dispatch.CallbackService;
import io.frontdoor.callback.dispatch.CallbackTimeline;
import io.frontdoor.callback.dispatch.DialRequest;
import io.frontdoor.callback.dispatch.DialResult;
import io.frontdoor.callback.dispatch.Dialer;
import io.frontdoor.callback.dispatch.QueueFigures;
import io.frontdoor.callback.dispatch.ScreenPop;
import io.frontdoor.callback.queue.CallbackNumberPolicy;
import io.frontdoor.callback.queue.CallbackStore;
import io.frontdoor.callback.queue.QueuePolicy;
import io.frontdoor.callback.queue.VirtualQueue;
import io.frontdoor.callback.schedule.BusinessCalendar;
import io.frontdoor.callback.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The callback core on a real H2 store, with in-memory switch ports: agent presence whose queue
 * figures a test sets, and a dialer that records what it was asked to dial and reports what the
 * test says. One per test; the database is shared by a test class and emptied here.
 */
final class CallbackFixture implements AutoCloseable {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    final Clock clock;
    final CallbackStore store;
    final VirtualQueue queue = new VirtualQueue();
    final Presence presence = new Presence();
    final RecordingDialer dialer = new RecordingDialer();
    final Directory customers = new Directory();
    final CoreLog coreLog = new CoreLog();
    final CallbackDispatcher dispatcher;
    final CallbackService service;
    volatile QueuePolicy.Mode mode = QueuePolicy.Mode.CUSTOMER_FIRST;

    CallbackFixture(Database db, Clock clock) {
        this.clock = clock;
        empty(db);
        store = new CallbackStore(db.dataSource());
        dispatcher = new CallbackDispatcher(store, queue, this::policy, presence, dialer, ScreenPop.NONE, customers,
                coreLog, clock, CallbackDispatcher.Options.defaults());
        service = new CallbackService(store, queue, this::policy, presence, dispatcher,
                new CallbackNumberPolicy("CN", Set.of("CN", "GB")), new CallbackTimeline(coreLog),
                CallbackService.Settings.defaults(), clock);
        dispatcher.start();
    }

    /** Every queue: always open, 30-minute slots, one retry after 5 minutes. */
    QueuePolicy policy(String name) {
        return new QueuePolicy(name, mode, BusinessCalendar.alwaysOpen(), SHANGHAI, List.of(Duration.ofMinutes(5)),
                Duration.ofSeconds(30), Duration.ofHours(4), "4001234567", Duration.ofMinutes(30));
    }

    private static void empty(Database db) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from callback_attempt");
            s.executeUpdate("delete from callback_request");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An agent of {@code queue} becomes free; returns once the dispatcher has acted on it. */
    Agent agentFree(String queueName, String id) {
        Agent agent = new Agent(queueName, id, "Agent " + id);
        presence.free.add(agent);
        presence.listeners.forEach(l -> l.agentFree(agent));
        dispatcher.drain();
        return agent;
    }

    /** The switch reports the last dial request answered; returns once the dispatcher has seen it. */
    DialRequest answerLastDial() {
        RecordingDialer.Dial d = dialer.dials.get(dialer.dials.size() - 1);
        d.onResult().accept(new DialResult(d.request().attemptId(), DialResult.Outcome.ANSWERED, "Answer"));
        dispatcher.drain();
        return d.request();
    }

    @Override
    public void close() {
        dispatcher.close();
    }

    /** Agent presence as a test sets it: one agent logged in and busy, talk time 3 minutes. */
    static final class Presence implements AgentPresence {
        final List<Listener> listeners = new CopyOnWriteArrayList<>();
        final List<Agent> free = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile int loggedIn = 1;
        volatile int available = 0;
        volatile List<QueueFigures.LiveCaller> live = List.of();

        @Override public void addListener(Listener listener) { listeners.add(listener); }
        @Override public List<Agent> freeAgents(String q) { return free.stream().filter(a -> a.queue().equals(q)).toList(); }

        @Override
        public boolean reserve(Agent agent, String reason) {
            events.add("reserve " + agent.id());
            return free.remove(agent);
        }

        @Override public void release(Agent agent) { events.add("release " + agent.id()); }
        @Override public List<QueueFigures.LiveCaller> liveCallers(String q) { return live; }

        @Override
        public QueueFigures figures(String q) {
            return new QueueFigures(q, loggedIn, available, Duration.ofSeconds(20), Duration.ofMinutes(3), live, true);
        }

        @Override public boolean isConnected() { return true; }
    }

    /** Records dial requests; the test reports their results. */
    static final class RecordingDialer implements Dialer {
        record Dial(DialRequest request, Consumer<DialResult> onResult) {
        }

        final List<Dial> dials = new CopyOnWriteArrayList<>();

        @Override
        public void dial(DialRequest request, Consumer<DialResult> onResult) {
            dials.add(new Dial(request, onResult));
        }
    }

    /** Customers by id. */
    static final class Directory implements CustomerDirectory {
        final Map<String, Customer> byId = new ConcurrentHashMap<>();

        Customer add(Customer c) {
            byId.put(c.id(), c);
            return c;
        }

        @Override
        public List<Customer> findByPhone(String e164) {
            return byId.values().stream().filter(c -> c.phones().contains(e164)).toList();
        }

        @Override public List<CallerMatch> findCallers(String e164) { return List.of(); }
        @Override public Optional<Customer> findById(String id) { return Optional.ofNullable(byId.get(id)); }
        @Override public boolean hasHistory(String id) { return false; }
        @Override public long count() { return byId.size(); }
    }

    /** The core's own timeline entries (requests, attempts, closings), written from its threads. */
    static final class CoreLog implements InteractionLog {
        final List<Interaction> recorded = new CopyOnWriteArrayList<>();

        @Override public void record(Interaction interaction) { recorded.add(interaction); }

        @Override
        public List<Interaction> find(InteractionQuery query) {
            List<Interaction> out = new ArrayList<>(recorded);
            java.util.Collections.reverse(out);
            return out;
        }
    }
}
