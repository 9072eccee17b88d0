package io.frontdoor.callback.dispatch;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.CustomerDirectory;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionLog;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.customer.Pii;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackAttempt.Outcome;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import io.frontdoor.callback.queue.CallbackStore;
import io.frontdoor.callback.queue.QueuePolicy;
import io.frontdoor.callback.queue.VirtualQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps callback promises: when an agent of a queue becomes free it takes the head of the virtual
 * queue, reserves the agent, writes the attempt, dials, and follows the call to the bridge or to
 * a retry. Event driven: an {@link AgentPresence} "agent free" event, a new request, a dial result
 * or a {@link Wakeups wake-up} for due callbacks is what makes it act; nothing polls.
 *
 * <p>All state changes run on one dispatcher thread, in the order they arrive, and every one is
 * written to the {@link CallbackStore} before FrontDoor acts on it, so a restart resumes from the
 * store: requests being dialled when FrontDoor stopped are given back to the call if it comes
 * back within the ring time, else closed as interrupted and retried; none is dialled twice at once.
 */
public final class CallbackDispatcher implements AgentPresence.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackDispatcher.class);
    /** Due requests read per batch. */
    static final int BATCH = 1000;

    /** Tunables. */
    public record Options(Duration answerTimeout, Duration flowTimeout, Duration recoveryGrace) {
        /** 30 s for the callback flow to start once answered, 10 min for it to end, 30 s of grace at recovery. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(30));
        }
    }

    /** What the callback flow needs once the called party answered. */
    public record AnsweredCall(CallbackRequest request, CallbackAttempt attempt, Agent agent, DialRequest.Leg leg,
            QueuePolicy policy, Customer customer) {
    }

    private enum Stage { DIALING, ANSWERED, CONNECTING }

    private static final class Active {
        final CallbackRequest request;
        final CallbackAttempt attempt;
        final Agent agent;
        final QueuePolicy policy;
        Stage stage = Stage.DIALING;
        java.util.concurrent.ScheduledFuture<?> timer;

        Active(CallbackRequest request, CallbackAttempt attempt, Agent agent, QueuePolicy policy) {
            this.request = request;
            this.attempt = attempt;
            this.agent = agent;
            this.policy = policy;
        }
    }

    private final CallbackStore store;
    private final VirtualQueue queue;
    private final Function<String, QueuePolicy> policies;
    private final AgentPresence presence;
    private final Dialer dialer;
    private final ScreenPop screenPop;
    private final CustomerDirectory customers;
    private final InteractionLog interactions;
    private final CallbackTimeline timeline;
    private final Clock clock;
    private final Options options;
    private final ScheduledExecutorService loop;
    private final Map<String, Active> active = new HashMap<>();
    private final Set<String> reservedAgents = new HashSet<>();
    private final Set<Agent> toRelease = new LinkedHashSet<>();
    private volatile Wakeups wakeups = at -> { };
    private volatile CallbackEvents events = CallbackEvents.NONE;
    private volatile LongConsumer dispatchLatency = nanos -> { };
    private volatile LongConsumer fireLateness = millis -> { };
    private Instant scannedDue = Instant.EPOCH;
    private String scannedId = "";
    private volatile boolean started;

    public CallbackDispatcher(CallbackStore store, VirtualQueue queue, Function<String, QueuePolicy> policies,
            AgentPresence presence, Dialer dialer, ScreenPop screenPop, CustomerDirectory customers,
            InteractionLog interactions, Clock clock, Options options) {
        this.store = store;
        this.queue = queue;
        this.policies = policies;
        this.presence = presence;
        this.dialer = dialer;
        this.screenPop = screenPop;
        this.customers = customers;
        this.interactions = interactions;
        this.timeline = new CallbackTimeline(interactions);
        this.clock = clock;
        this.options = options;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "callback-dispatch");
            t.setDaemon(true);
            return t;
        });
        // timers of attempts in flight die with the dispatcher: the store has them for the next start
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        this.loop = executor;
    }

    /** Sets who wakes the dispatcher when callbacks fall due (the Quartz scheduler). */
    public void wakeups(Wakeups wakeups) {
        this.wakeups = wakeups;
    }

    /** Who is told about attempts dialled and requests closed (SMS notices); none by default. */
    public void events(CallbackEvents events) {
        this.events = events == null ? CallbackEvents.NONE : events;
    }

    /** Measures, for benchmarks and metrics: agent-free event to dial request, in nanoseconds. */
    public void onDispatchLatency(LongConsumer nanos) {
        this.dispatchLatency = nanos;
    }

    /** Measures, for benchmarks and metrics: how late a due callback entered the queue, in milliseconds. */
    public void onFireLateness(LongConsumer millis) {
        this.fireLateness = millis;
    }

    /**
     * Resumes from the store (attempts in flight when FrontDoor stopped, due requests), listens to
     * agent presence and serves the agents already free. Returns when recovery is done.
     */
    public void start() {
        call(() -> {
            recover();
            scanDue();
            started = true;
            return null;
        });
        presence.addListener(this);
        submit(() -> {
            Set<String> queues = new LinkedHashSet<>();
            for (CallbackRequest r : store.inState(CallbackState.PENDING)) {
                queues.add(r.queue());
            }
            queues.forEach(q -> presence.freeAgents(q).forEach(this::dispatch));
        });
    }

    // ---- events in

    @Override
    public void agentFree(Agent agent) {
        long at = System.nanoTime();
        submit(() -> dispatch(agent, at));
    }

    /**
     * A request was stored or updated (by the IVR, an SMS, the CLI): it joins the queue if due.
     * Returns once it has, so the caller's position counts it.
     */
    public void requested(CallbackRequest request) {
        call(() -> {
            if (request.isDue(clock.instant())) {
                enqueue(request);
                presence.freeAgents(request.queue()).forEach(this::dispatch);
            } else {
                queue.remove(request.id());
                wakeups.wakeAt(request.dueAt());
            }
            return null;
        });
    }

    /** A request was closed outside the dispatcher (cancelled): it leaves the queue. */
    public void closed(String requestId) {
        submit(() -> queue.remove(requestId));
    }

    /** Wake-up from the scheduler: reads the due requests in batches and serves them. */
    public void wake() {
        submit(this::scanDue);
    }

    /** Expiry from the scheduler: closes pending requests older than their queue's limit. */
    public void expire() {
        submit(() -> {
            if (!toRelease.isEmpty() && presence.isConnected()) {
                List<Agent> again = List.copyOf(toRelease);
                toRelease.clear();
                again.forEach(this::release);
            }
            Instant now = clock.instant();
            List<CallbackRequest> old;
            do {
                old = store.expired(now, BATCH);
                for (CallbackRequest r : old) {
                    if (store.close(r.id(), CallbackState.EXPIRED, "not reached before " + r.expiresAt(), now)) {
                        queue.remove(r.id());
                        timeline.closed(r, "expired", "not reached before " + r.expiresAt(), now);
                        tell(e -> e.closed(r, CallbackState.EXPIRED, "not reached before " + r.expiresAt()));
                        LOG.info("callback {} expired", r.id());
                    }
                }
            } while (old.size() == BATCH);
        });
    }

    /**
     * The callback flow started on an answered call. Empty when the attempt is unknown, over, or
     * not this request's: the flow then hangs up politely. Works for attempts started before a
     * restart too, as long as they are still open in the store.
     */
    public Optional<AnsweredCall> answered(String requestId, String attemptId) {
        return call(() -> {
            Active a = active.get(attemptId);
            if (a == null) {
                a = readopt(requestId, attemptId);
            }
            if (a == null || !a.request.id().equals(requestId) || a.stage == Stage.CONNECTING) {
                return Optional.<AnsweredCall>empty();
            }
            a.stage = Stage.ANSWERED;
            rearm(a, options.flowTimeout(), "callback flow did not finish");
            Customer customer = a.request.customerId() == null ? null
                    : customers.findById(a.request.customerId()).orElse(null);
            DialRequest.Leg leg = a.policy.mode() == QueuePolicy.Mode.AGENT_FIRST ? DialRequest.Leg.AGENT
                    : DialRequest.Leg.CUSTOMER;
            return Optional.of(new AnsweredCall(a.request, a.attempt, a.agent, leg, a.policy, customer));
        });
    }

    /**
     * The customer (customer-first) or the agent (agent-first) agreed to connect: the agent desktop
     * gets the screen pop now, and the flow bridges the call. Returns false when the attempt is no
     * longer live (timed out, cancelled): the flow must not bridge.
     */
    public boolean connecting(String attemptId) {
        return call(() -> {
            Active a = active.get(attemptId);
            if (a == null || a.stage != Stage.ANSWERED) {
                return false;
            }
            a.stage = Stage.CONNECTING;
            pushScreenPop(a);
            return true;
        });
    }

    /**
     * The flow has handed the call to the switch to bridge: the request is kept (completed) and
     * the agent's reservation ends, the call itself now keeping the agent busy.
     */
    public void connected(String attemptId) {
        submit(() -> {
            Active a = active.get(attemptId);
            if (a != null) {
                finish(a, Outcome.CONNECTED, "bridged to " + a.agent.name());
            }
        });
    }

    /** The answered party said no, or the flow ended without connecting ({@code outcome} says how). */
    public void notConnected(String attemptId, Outcome outcome, String detail) {
        submit(() -> {
            Active a = active.get(attemptId);
            if (a != null) {
                finish(a, outcome, detail);
            }
        });
    }

    // ---- the dispatcher thread

    private void dispatch(Agent agent) {
        dispatch(agent, System.nanoTime());
    }

    private void dispatch(Agent agent, long eventNanos) {
        if (!started || reservedAgents.contains(agent.id())) {
            return;
        }
        QueuePolicy policy = policies.apply(agent.queue());
        Instant now = clock.instant();
        if (!policy.isOpen(now)) {
            return;
        }
        while (true) {
            Optional<CallbackRequest> head = queue.head(agent.queue());
            if (head.isEmpty()) {
                return;
            }
            CallbackRequest r = head.get();
            if (liveCallerAhead(r)) {
                return; // the switch gives this agent to the caller who waited longer
            }
            if (!presence.reserve(agent, "frontdoor-callback " + r.id())) {
                return; // taken by the switch meanwhile: the next "free" event brings it back
            }
            queue.remove(r.id());
            Optional<CallbackAttempt> claimed;
            try {
                claimed = store.claim(r.id(), agent.id(), now);
            } catch (RuntimeException e) {
                LOG.error("callback {}: cannot start an attempt, store unavailable: {}", r.id(), e.getMessage());
                queue.put(r);
                presence.release(agent);
                return;
            }
            if (claimed.isEmpty()) {
                presence.release(agent); // cancelled or closed meanwhile: try the next one
                continue;
            }
            reservedAgents.add(agent.id());
            CallbackRequest dialling = store.find(r.id()).orElse(r);
            Active a = new Active(dialling, claimed.get(), agent, policy);
            active.put(a.attempt.id(), a);
            dial(a, eventNanos);
            return;
        }
    }

    private boolean liveCallerAhead(CallbackRequest r) {
        for (QueueFigures.LiveCaller c : presence.liveCallers(r.queue())) {
            if (c.priority() > r.priority() || (c.priority() == r.priority() && c.arrivedAt().isBefore(r.arrivedAt()))) {
                return true;
            }
        }
        return false;
    }

    private void dial(Active a, long eventNanos) {
        boolean agentFirst = a.policy.mode() == QueuePolicy.Mode.AGENT_FIRST;
        DialRequest request = new DialRequest(a.attempt.id(), a.request.id(),
                agentFirst ? DialRequest.Leg.AGENT : DialRequest.Leg.CUSTOMER,
                agentFirst ? a.agent.id() : a.request.phone(), a.policy.callerId(), a.policy.ringTimeout());
        tell(e -> e.dialling(a.request, a.attempt, CallbackEvents.refCode(a.attempt.id())));
        try {
            dialer.dial(request, result -> submit(() -> dialled(result)));
            dispatchLatency.accept(System.nanoTime() - eventNanos);
            LOG.info("callback {} attempt {}: dialling {} for {}", a.request.id(), a.attempt.number(),
                    agentFirst ? a.agent.id() : Pii.phone(a.request.phone()), a.agent.name());
            rearm(a, a.policy.ringTimeout().plus(options.answerTimeout()), "no dial result from the switch");
        } catch (DialerUnavailableException e) {
            LOG.warn("callback {}: not dialled, switch unavailable: {}", a.request.id(), e.getMessage());
            end(a, Outcome.FAILED, "not dialled: " + e.getMessage(), false);
        }
    }

    private void dialled(DialResult result) {
        Active a = active.get(result.attemptId());
        if (a == null || a.stage != Stage.DIALING) {
            return;
        }
        switch (result.outcome()) {
            case ANSWERED -> rearm(a, options.answerTimeout(), "answered but the callback flow never started");
            case NO_ANSWER -> finish(a, Outcome.NO_ANSWER, result.detail());
            case BUSY -> finish(a, Outcome.BUSY, result.detail());
            case CONGESTION, FAILED -> finish(a, a.policy.mode() == QueuePolicy.Mode.AGENT_FIRST
                    ? Outcome.AGENT_UNAVAILABLE : Outcome.FAILED, result.detail());
        }
    }

    /** Ends an attempt with its outcome and moves the request on; the agent is released. */
    private void finish(Active a, Outcome outcome, String detail) {
        end(a, outcome, detail, outcome != Outcome.AGENT_UNAVAILABLE);
    }

    private void end(Active a, Outcome outcome, String detail, boolean counts) {
        Instant now = clock.instant();
        if (a.timer != null) {
            a.timer.cancel(false);
        }
        CallbackState next;
        Instant due = a.request.dueAt();
        String reason = null;
        int made = a.request.attempts();
        if (outcome == Outcome.CONNECTED) {
            next = CallbackState.COMPLETED;
            reason = detail;
        } else if (outcome == Outcome.DECLINED) {
            next = CallbackState.MISSED;
            reason = "declined by the customer";
        } else if (!counts) {
            next = CallbackState.PENDING; // nothing reached the customer: same place, same due time
        } else if (made >= a.policy.maxAttempts()) {
            next = CallbackState.MISSED;
            reason = "not reached after " + made + " attempt(s), last: " + outcome.name().toLowerCase();
        } else {
            next = CallbackState.PENDING;
            Instant retry = now.plus(a.policy.retryDelays().get(made - 1));
            due = a.policy.nextOpen(retry).orElse(retry);
        }
        boolean applied;
        try {
            applied = store.endAttempt(a.attempt, outcome, detail, now, next, due, reason, counts);
        } catch (RuntimeException e) {
            // the store is down: keep the attempt live and try again shortly; the agent stays reserved
            LOG.error("callback {}: cannot record the attempt's outcome ({}), retrying: {}", a.request.id(), outcome,
                    e.getMessage());
            a.timer = loop.schedule(() -> end(a, outcome, detail, counts), 1, TimeUnit.SECONDS);
            return;
        }
        active.remove(a.attempt.id());
        reservedAgents.remove(a.agent.id());
        release(a.agent);
        if (!applied) {
            return;
        }
        if (counts) {
            timeline.attempt(a.request, a.attempt, outcome, detail, now);
        }
        LOG.info("callback {} attempt {}: {}{} -> {}", a.request.id(), a.attempt.number(),
                outcome.name().toLowerCase(), detail == null ? "" : " (" + Pii.text(detail) + ")", next);
        if (!next.isOpen()) {
            if (next != CallbackState.COMPLETED) {
                timeline.closed(a.request, next.name(), reason, now);
                String why = reason;
                tell(e -> e.closed(a.request, next, why));
            }
        } else {
            store.find(a.request.id()).ifPresent(r -> {
                if (r.isDue(now)) {
                    queue.put(r);
                } else {
                    wakeups.wakeAt(r.dueAt());
                }
            });
        }
        // the agent is free again as far as callbacks go: serve the next one at once
        // (not after an attempt that dialled nothing: the switch is refusing, the next event retries)
        if (counts && outcome != Outcome.CONNECTED) {
            dispatch(a.agent);
        }
    }

    /** Unpauses an agent; when the switch is not reachable now, again at the next expiry sweep. */
    private void release(Agent agent) {
        if (agent.id().isEmpty()) {
            return;
        }
        if (presence.isConnected()) {
            try {
                presence.release(agent);
                return;
            } catch (RuntimeException e) {
                LOG.warn("agent {} not released now ({}), will retry", agent.id(), e.getMessage());
            }
        }
        toRelease.add(agent);
    }

    private void rearm(Active a, Duration after, String why) {
        if (a.timer != null) {
            a.timer.cancel(false);
        }
        Stage at = a.stage;
        a.timer = loop.schedule(() -> {
            if (active.get(a.attempt.id()) == a && a.stage == at) {
                LOG.warn("callback {} attempt {}: {}", a.request.id(), a.attempt.number(), why);
                finish(a, at == Stage.DIALING ? Outcome.FAILED : Outcome.INTERRUPTED, why);
            }
        }, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pushScreenPop(Active a) {
        try {
            Customer customer = a.request.customerId() == null ? null
                    : customers.findById(a.request.customerId()).orElse(null);
            List<Interaction> recent = a.request.customerId() == null
                    ? interactions.find(new InteractionQuery(null, a.request.phone(), 10))
                    : interactions.find(new InteractionQuery(a.request.customerId(), null, 10));
            Interaction original = a.request.originCall() == null ? null : recent.stream()
                    .filter(i -> i.channel() == Interaction.Channel.VOICE && a.request.originCall().equals(i.ref()))
                    .findFirst().orElse(null);
            screenPop.push(new ScreenPopData(clock.instant(), a.agent, a.request, store.attempts(a.request.id()),
                    customer, original, recent));
        } catch (RuntimeException e) {
            LOG.error("callback {}: screen pop not sent: {}", a.request.id(), Pii.text(e.getMessage()));
        }
    }

    /** Due requests since the last scan, in batches; then the next wake-up. */
    private void scanDue() {
        Instant now = clock.instant();
        Set<String> touched = new LinkedHashSet<>();
        List<CallbackRequest> batch;
        do {
            batch = store.dueBetween(scannedDue, scannedId, now, BATCH);
            for (CallbackRequest r : batch) {
                scannedDue = r.dueAt();
                scannedId = r.id();
                QueuePolicy policy = policies.apply(r.queue());
                if (!policy.isOpen(now)) {
                    Optional<Instant> open = policy.nextOpen(now);
                    if (open.isPresent() && store.reschedule(r.id(), open.get(), now)) {
                        LOG.info("callback {}: queue {} closed, moved to {}", r.id(), r.queue(), open.get());
                    }
                    continue;
                }
                if (started) {
                    fireLateness.accept(Duration.between(r.dueAt(), clock.instant()).toMillis());
                }
                enqueue(r);
                touched.add(r.queue());
            }
        } while (batch.size() == BATCH);
        if (started) {
            touched.forEach(q -> presence.freeAgents(q).forEach(this::dispatch));
        }
        store.nextDueAfter(now).ifPresent(wakeups::wakeAt);
    }

    private void enqueue(CallbackRequest r) {
        if (!reservedFor(r.id())) {
            queue.put(r);
        }
    }

    private boolean reservedFor(String requestId) {
        return active.values().stream().anyMatch(a -> a.request.id().equals(requestId));
    }

    /** At start: attempts in flight when FrontDoor stopped. */
    private void recover() {
        Instant now = clock.instant();
        for (CallbackRequest r : store.inState(CallbackState.DIALING)) {
            QueuePolicy policy = policies.apply(r.queue());
            List<CallbackAttempt> attempts = store.attempts(r.id());
            CallbackAttempt open = attempts.stream().filter(x -> x.endedAt() == null).reduce((x, y) -> y).orElse(null);
            Agent agent = new Agent(r.queue(), r.agent() == null ? "" : r.agent(), null);
            if (open == null) {
                LOG.warn("callback {} was dialling with no open attempt; back to pending", r.id());
                store.backToPending(r.id(), now);
                release(agent);
                continue;
            }
            Active a = new Active(r, open, agent, policy);
            active.put(open.id(), a);
            reservedAgents.add(agent.id());
            Instant deadline = open.startedAt().plus(policy.ringTimeout()).plus(options.recoveryGrace());
            Duration left = Duration.between(now, deadline);
            LOG.info("callback {} attempt {} was in progress at the last stop; {}", r.id(), open.number(),
                    left.isNegative() ? "closing it as interrupted" : "waiting " + left.toSeconds() + " s for the call");
            if (left.isNegative()) {
                finish(a, Outcome.INTERRUPTED, "FrontDoor stopped during the attempt");
            } else {
                a.timer = loop.schedule(() -> {
                    if (active.get(open.id()) == a && a.stage == Stage.DIALING) {
                        finish(a, Outcome.INTERRUPTED, "FrontDoor stopped during the attempt");
                    }
                }, left.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** An attempt of an earlier run still open in the store (the call came back after a restart). */
    private Active readopt(String requestId, String attemptId) {
        Optional<CallbackAttempt> attempt = store.attempt(attemptId);
        Optional<CallbackRequest> request = store.find(requestId);
        if (attempt.isEmpty() || request.isEmpty() || attempt.get().endedAt() != null
                || request.get().state() != CallbackState.DIALING) {
            return null;
        }
        Active a = new Active(request.get(), attempt.get(), new Agent(request.get().queue(), request.get().agent(), null),
                policies.apply(request.get().queue()));
        active.put(attemptId, a);
        reservedAgents.add(a.agent.id());
        return a;
    }

    // ---- plumbing

    private void tell(java.util.function.Consumer<CallbackEvents> call) {
        try {
            call.accept(events);
        } catch (RuntimeException e) {
            LOG.error("callback event listener failed: {}", Pii.text(String.valueOf(e.getMessage())));
        }
    }

    private void submit(Runnable task) {
        if (loop.isShutdown()) {
            return;
        }
        loop.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("callback dispatcher: {}", Pii.text(String.valueOf(e.getMessage())), e);
            }
        });
    }

    private <T> T call(java.util.concurrent.Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("callback dispatcher did not answer in 30 s", e);
        }
    }

    /** Attempts in progress (for admins and tests). */
    public int inProgress() {
        return call(active::size);
    }

    /** Waits until everything submitted so far has run (tests, benchmarks, orderly stop). */
    public void drain() {
        call(() -> null);
    }

    @Override
    public void close() {
        loop.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
