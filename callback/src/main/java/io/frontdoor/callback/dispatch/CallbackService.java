package io.frontdoor.callback.dispatch;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.Pii;
import io.frontdoor.callback.queue.CallbackNumberPolicy;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import io.frontdoor.callback.queue.CallbackStore;
import io.frontdoor.callback.queue.QueuePolicy;
import io.frontdoor.callback.queue.VirtualQueue;
import io.frontdoor.callback.queue.WaitEstimator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the front door (IVR flows, inbound SMS, the admin CLI) asks of callbacks: the expected wait
 * and position to offer, checking a callback number, storing a request (one open request per
 * customer and queue; a repeat updates it), the open slots for a timed callback, and cancelling.
 * Requests are written to the store before the caller is told anything.
 */
public final class CallbackService {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackService.class);

    /** Whether a callback may go to a number that is not on file for the customer. */
    public enum UnknownNumbers {
        /** Any number the number policy accepts. */
        ALLOW,
        /** Only the customer's numbers on file (callers not in the store: their caller ID only). */
        ON_FILE_ONLY,
        /**
         * A number not on file is taken once the caller keys in a one-time code sent to it by SMS
         * (see {@link #needsCode}).
         */
        VERIFY_SMS
    }

    /**
     * @param rateLimit       requests allowed per calling number, and per callback number, within {@code rateWindow}
     * @param rateWindow      the rate-limit window
     * @param defaultTalk     talk time assumed while the switch has no average
     * @param unknownNumbers  policy for numbers not on file
     */
    public record Settings(int rateLimit, Duration rateWindow, Duration defaultTalk, UnknownNumbers unknownNumbers) {
        public static Settings defaults() {
            return new Settings(3, Duration.ofHours(1), Duration.ofMinutes(3), UnknownNumbers.ALLOW);
        }
    }

    /** Position and expected wait offered to a caller. */
    public record Offer(int position, Duration expectedWait, boolean switchKnown) {
    }

    /**
     * A request as the front door makes it.
     *
     * @param customerId  the customer, or null for a caller not in the store
     * @param queue       agent queue
     * @param phone       number to call, E.164, already {@link #checkNumber checked}
     * @param language    language to announce in
     * @param priority    queue priority of the caller's tier
     * @param arrivedAt   when the caller joined the queue (their place)
     * @param at          chosen time, or null for as soon as possible
     * @param originCall  switch id of the call it was made on, or an SMS id
     * @param requestedBy the number the request came from (caller ID), E.164 or null
     */
    public record NewRequest(String customerId, String queue, String phone, String language, int priority,
            Instant arrivedAt, Instant at, String originCall, String requestedBy) {
        public NewRequest {
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(phone, "phone");
            Objects.requireNonNull(arrivedAt, "arrivedAt");
        }
    }

    /** Why a request was not taken. */
    public enum Refusal {
        /** Too many requests from this number or for this number recently. */
        RATE_LIMITED("callback.rate_limited"),
        /** The chosen time is not an open time of the queue, or in the past. */
        TIME_NOT_OPEN("callback.time_not_open"),
        /** The store could not take it: nothing was promised. */
        UNAVAILABLE("callback.unavailable");

        private final String prompt;

        Refusal(String prompt) {
            this.prompt = prompt;
        }

        public String prompt() {
            return prompt;
        }
    }

    /** What became of a request: stored (new or updated) with the caller's place, or refused. */
    public record Result(CallbackRequest request, boolean updated, Offer offer, Refusal refusal) {
        public boolean accepted() {
            return refusal == null;
        }
    }

    /** What cancelling did. */
    public enum Cancelled { CANCELLED, NOT_OPEN, BEING_DIALLED, NOT_FOUND }

    private final CallbackStore store;
    private final VirtualQueue queue;
    private final Function<String, QueuePolicy> policies;
    private final AgentPresence presence;
    private final CallbackDispatcher dispatcher;
    private final CallbackNumberPolicy numbers;
    private final CallbackTimeline timeline;
    private final WaitEstimator estimator;
    private final Settings settings;
    private final Clock clock;
    private volatile CallbackEvents events = CallbackEvents.NONE;

    public CallbackService(CallbackStore store, VirtualQueue queue, Function<String, QueuePolicy> policies,
            AgentPresence presence, CallbackDispatcher dispatcher, CallbackNumberPolicy numbers,
            CallbackTimeline timeline, Settings settings, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.policies = policies;
        this.presence = presence;
        this.dispatcher = dispatcher;
        this.numbers = numbers;
        this.timeline = timeline;
        this.estimator = new WaitEstimator(settings.defaultTalk());
        this.settings = settings;
        this.clock = clock;
    }

    /** Who is told about requests stored and cancelled (SMS notices); none by default. */
    public void events(CallbackEvents events) {
        this.events = events == null ? CallbackEvents.NONE : events;
    }

    public QueuePolicy policy(String queueName) {
        return policies.apply(queueName);
    }

    /** The place and expected wait of a caller of {@code priority} who joined {@code queue} at {@code arrivedAt}. */
    public Offer offer(String queueName, int priority, Instant arrivedAt) {
        QueueFigures figures = presence.figures(queueName);
        int position = queue.position(queueName, priority, arrivedAt, figures, null);
        return new Offer(position, estimator.estimate(figures, position), figures.known());
    }

    /** The place and expected wait of an open request. */
    public Offer offer(CallbackRequest r) {
        QueueFigures figures = presence.figures(r.queue());
        int position = queue.position(r.queue(), r.priority(), r.arrivedAt(), figures, r.id());
        return new Offer(position, estimator.estimate(figures, position), figures.known());
    }

    /**
     * Checks a number keyed by a caller (or their caller ID) as a callback number for a customer:
     * toll-fraud rules, then the on-file policy.
     */
    public CallbackNumberPolicy.Verdict checkNumber(String raw, Customer customer, String callerE164) {
        CallbackNumberPolicy.Verdict v = numbers.check(raw);
        if (!v.accepted() || settings.unknownNumbers() != UnknownNumbers.ON_FILE_ONLY) {
            return v;
        }
        boolean onFile = customer != null ? customer.phones().contains(v.e164()) : v.e164().equals(callerE164);
        return onFile ? v : new CallbackNumberPolicy.Verdict(v.e164(), CallbackNumberPolicy.Refusal.NOT_ON_FILE,
                "not a number on file");
    }

    /**
     * Whether an accepted number must be proven by a one-time SMS code before it is stored:
     * {@link UnknownNumbers#VERIFY_SMS} and the number is not on file for the customer (for callers
     * not in the store: not their caller ID).
     */
    public boolean needsCode(String e164, Customer customer, String callerE164) {
        if (settings.unknownNumbers() != UnknownNumbers.VERIFY_SMS) {
            return false;
        }
        return customer != null ? !customer.phones().contains(e164) : !e164.equals(callerE164);
    }

    /** Stores a request (or updates the customer's open one for the queue) and queues it. */
    public Result request(NewRequest n) {
        Instant now = clock.instant();
        QueuePolicy policy = policies.apply(n.queue());
        try {
            if (store.countSince(n.requestedBy(), n.phone(), now.minus(settings.rateWindow())) >= settings.rateLimit()
                    && !hasOpen(n)) {
                LOG.warn("callback refused: rate limit for {} / {}", Pii.phone(n.requestedBy()), Pii.phone(n.phone()));
                return new Result(null, false, null, Refusal.RATE_LIMITED);
            }
            Instant due = n.arrivedAt();
            if (n.at() != null) {
                if (n.at().isBefore(now.minus(Duration.ofMinutes(1))) || !policy.isOpen(n.at())) {
                    return new Result(null, false, null, Refusal.TIME_NOT_OPEN);
                }
                due = n.at();
            }
            CallbackRequest r = new CallbackRequest(UUID.randomUUID().toString(), n.customerId(), n.queue(), n.phone(),
                    n.language(), n.priority(), n.arrivedAt(), due, n.at() != null, CallbackState.PENDING, 0,
                    now.plus(policy.maxAge()).isAfter(due) ? now.plus(policy.maxAge()) : due.plus(policy.maxAge()),
                    now, now, n.originCall(), n.requestedBy(), null, null);
            CallbackStore.Saved saved;
            try {
                saved = store.open(r);
            } catch (CallbackStore.ConcurrentRequestException e) {
                saved = store.open(r); // the other one won the insert: this becomes an update of it
            }
            timeline.requested(saved.request(), saved.updated(), now);
            dispatcher.requested(saved.request());
            LOG.info("callback {} {} for queue {}{}", saved.request().id(), saved.updated() ? "updated" : "requested",
                    n.queue(), n.at() == null ? "" : " at " + n.at());
            Offer offer = offerFor(saved.request());
            CallbackStore.Saved stored = saved;
            tell(e -> e.requested(stored.request(), stored.updated(), offer));
            return new Result(saved.request(), saved.updated(), offer, null);
        } catch (RuntimeException e) {
            LOG.error("callback request not stored: {}", Pii.text(e.getMessage()));
            return new Result(null, false, null, Refusal.UNAVAILABLE);
        }
    }

    private boolean hasOpen(NewRequest n) {
        List<CallbackRequest> open = n.customerId() != null ? store.openFor(n.customerId()) : store.openForPhone(n.phone());
        return open.stream().anyMatch(r -> r.queue().equals(n.queue()));
    }

    private Offer offerFor(CallbackRequest r) {
        QueueFigures figures = presence.figures(r.queue());
        int position = queue.position(r.queue(), r.priority(), r.arrivedAt(), figures, r.id());
        Duration wait = estimator.estimate(figures, position);
        if (r.timed()) {
            wait = Duration.between(clock.instant(), r.dueAt());
        }
        return new Offer(position, wait.isNegative() ? Duration.ZERO : wait, figures.known());
    }

    /**
     * Open slot start times for a timed callback: today's and tomorrow's, on the queue's slot
     * grid, at least one slot length from now, at most {@code max}.
     */
    public List<Instant> slots(String queueName, int max) {
        QueuePolicy p = policies.apply(queueName);
        ZonedDateTime now = clock.instant().atZone(p.zone());
        long slotMinutes = Math.max(5, p.slotLength().toMinutes());
        List<Instant> out = new ArrayList<>();
        LocalDate today = now.toLocalDate();
        LocalDateTime t = today.atStartOfDay();
        LocalDateTime end = today.plusDays(2).atStartOfDay();
        LocalDateTime earliest = now.toLocalDateTime().plusMinutes(slotMinutes);
        while (t.isBefore(end) && out.size() < max) {
            if (!t.isBefore(earliest) && p.calendar().isOpen(t)) {
                out.add(t.atZone(p.zone()).toInstant());
            }
            t = t.plus(slotMinutes, ChronoUnit.MINUTES);
        }
        return out;
    }

    /** The open requests of a customer, or of a number for callers not in the store. */
    public List<CallbackRequest> openFor(String customerId, String phone) {
        if (customerId != null) {
            return store.openFor(customerId);
        }
        return phone == null ? List.of() : store.openForPhone(phone);
    }

    public Optional<CallbackRequest> find(String id) {
        return store.find(id);
    }

    /** Cancels an open request that is not being dialled right now. */
    public Cancelled cancel(String id, String by) {
        Optional<CallbackRequest> r = store.find(id);
        if (r.isEmpty()) {
            return Cancelled.NOT_FOUND;
        }
        if (r.get().state() == CallbackState.DIALING) {
            return Cancelled.BEING_DIALLED;
        }
        Instant now = clock.instant();
        if (!store.close(id, CallbackState.CANCELLED, "cancelled by " + by, now)) {
            return Cancelled.NOT_OPEN;
        }
        dispatcher.closed(id);
        timeline.closed(r.get(), "cancelled", "by " + by, now);
        LOG.info("callback {} cancelled by {}", id, by);
        tell(e -> e.closed(r.get(), CallbackState.CANCELLED, "cancelled by " + by));
        return Cancelled.CANCELLED;
    }

    private void tell(java.util.function.Consumer<CallbackEvents> call) {
        try {
            call.accept(events);
        } catch (RuntimeException e) {
            LOG.error("callback event listener failed: {}", Pii.text(String.valueOf(e.getMessage())));
        }
    }
}
