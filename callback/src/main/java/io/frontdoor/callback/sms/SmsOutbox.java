package io.frontdoor.callback.sms;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionLog;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.customer.Pii;
import io.frontdoor.callback.sms.SmsMessage.Direction;
import io.frontdoor.callback.sms.SmsMessage.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable SMS outbox. {@link #enqueue} stores a message (committed) and returns its id; a sender
 * on a virtual thread, woken by each enqueue (and, while retries wait, at the next retry time;
 * nothing polls), claims queued messages in batches (QUEUED → SENDING), submits them through the
 * {@link SmsGateway} with at most {@code concurrency} submits in flight, no faster than
 * {@code ratePerSecond} (token bucket), and records the outcome: SENT (then DELIVERED / FAILED /
 * EXPIRED by receipt), retried with exponential back-off on UNAVAILABLE / THROTTLED until
 * {@code maxAge}, FAILED on REJECTED.
 *
 * <p>Crash window: a message claimed (SENDING) when FrontDoor died is sent again at the next
 * {@link #start}, since it cannot be known whether the SMSC accepted it. The SMSC may thus see a
 * duplicate for a message in flight at the crash; the gateway gets the outbox id
 * ({@link OutboundSms#id()}) on every try so it can pass it on (e.g. as an SMPP optional parameter)
 * and let the SMSC or a log recognise the repeat. Single node: {@link #start} requeues every
 * SENDING row, so several nodes must not run an outbox on one database at the same time.
 *
 * <p>Every message goes on the customer's timeline (channel SMS): ref = message id when stored,
 * {@code <id>/sent}, {@code <id>/delivered}, {@code <id>/failed}, {@code <id>/expired} as it moves.
 * Wire receipts with {@code gateway.onReceipt(outbox::onReceipt)}.
 */
public final class SmsOutbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmsOutbox.class);
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    /** Longest text accepted (the column's size; about 13 GSM-7 or 29 UCS-2 parts). */
    public static final int MAX_TEXT = 2000;

    /**
     * Tunables.
     *
     * @param sender        sender id or service number given to the gateway ("" = the gateway's default)
     * @param concurrency   submits in flight at once (match the gateway's SMPP window)
     * @param ratePerSecond submits per second at most (the SMSC's contracted throughput)
     * @param burst         token bucket size: submits allowed at once after a quiet spell
     * @param batchSize     messages claimed per database round trip
     * @param firstRetry    back-off after the first failed submit, doubled each time
     * @param maxRetry      longest back-off
     * @param maxAge        a message not submitted this long after it was stored is given up (EXPIRED)
     */
    public record Settings(String sender, int concurrency, double ratePerSecond, int burst, int batchSize,
            Duration firstRetry, Duration maxRetry, Duration maxAge) {
        public Settings {
            sender = sender == null ? "" : sender;
            if (concurrency < 1 || ratePerSecond <= 0 || burst < 1 || batchSize < 1) {
                throw new IllegalArgumentException("sms outbox: concurrency, rate, burst and batch must be positive");
            }
            Objects.requireNonNull(firstRetry, "firstRetry");
            Objects.requireNonNull(maxRetry, "maxRetry");
            Objects.requireNonNull(maxAge, "maxAge");
        }

        /** 10 in flight, 50 messages/s, burst 10, batches of 100, retry after 5 s up to 5 min, give up after 24 h. */
        public static Settings defaults() {
            return new Settings("", 10, 50, 10, 100, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(24));
        }
    }

    /**
     * A message to send.
     *
     * @param customerId the customer, or null
     * @param phone      recipient, E.164
     * @param text       the whole text
     * @param template   template key it was rendered from, or null for free text
     * @param language   language of the text, or null
     * @param essential  sent even when the number opted out (replies to the customer's own commands, codes)
     * @param sensitive  the text holds a secret: blanked once sent, kept off the timeline
     * @param dedupeKey  idempotency key (same key, same message, sent once), or null
     */
    public record Message(String customerId, String phone, String text, String template, String language,
            boolean essential, boolean sensitive, String dedupeKey) {
        public Message {
            Objects.requireNonNull(phone, "phone");
            Objects.requireNonNull(text, "text");
        }

        /** A non-essential message with no key. */
        public static Message of(String customerId, String phone, String text, String template, String language) {
            return new Message(customerId, phone, text, template, language, false, false, null);
        }
    }

    /** What {@link #enqueue} did. */
    public enum Status {
        /** Stored and queued for sending. */
        QUEUED,
        /** The dedupe key was stored before: the earlier message stands, nothing new is sent. */
        DUPLICATE,
        /** The number opted out and the message is not essential: recorded, not sent. */
        SUPPRESSED
    }

    /** The message id and what became of the enqueue. */
    public record Enqueued(String id, Status status) {
    }

    private final SmsStore store;
    private final SmsGateway gateway;
    private final InteractionLog timeline;
    private final Settings settings;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition kick = lock.newCondition();
    private final Object receipts = new Object();
    private boolean kicked;
    private volatile boolean running;
    private volatile boolean halted;
    private final java.util.concurrent.LinkedBlockingQueue<Accepted> accepted = new java.util.concurrent.LinkedBlockingQueue<>();
    private Thread committer;
    private Semaphore window;
    private TokenBucket bucket;
    private Thread sender;

    public SmsOutbox(SmsStore store, SmsGateway gateway, InteractionLog timeline, Settings settings, Clock clock) {
        this.store = store;
        this.gateway = gateway;
        this.timeline = timeline;
        this.settings = settings;
        this.clock = clock;
    }

    /** An outbox that only stores (the command line): a running server's outbox sends what it queued. */
    public static SmsOutbox enqueueOnly(SmsStore store, InteractionLog timeline, Clock clock) {
        return new SmsOutbox(store, null, timeline, Settings.defaults(), clock);
    }

    public SmsStore store() {
        return store;
    }

    // ---- enqueue

    /**
     * Stores a message, committed before this returns, and wakes the sender. With a dedupe key
     * already stored, returns the earlier message's id ({@link Status#DUPLICATE}). A non-essential
     * message to a number that opted out is recorded as SUPPRESSED and not sent.
     *
     * @throws IllegalArgumentException for a number that is not E.164, or an empty or too long text
     */
    public Enqueued enqueue(Message m) {
        if (!E164.matcher(m.phone()).matches()) {
            throw new IllegalArgumentException("not an E.164 number: " + Pii.phone(m.phone()));
        }
        if (m.text().isBlank() || m.text().length() > MAX_TEXT) {
            throw new IllegalArgumentException("sms text must have 1 to " + MAX_TEXT + " characters");
        }
        Instant now = clock.instant();
        boolean suppressed = !m.essential() && store.isOptedOut(m.phone());
        SmsMessage row = new SmsMessage(UUID.randomUUID().toString(), Direction.OUT, m.customerId(), m.phone(),
                m.text(), m.template(), m.language(), suppressed ? State.SUPPRESSED : State.QUEUED, m.essential(),
                m.sensitive(), 0, now, List.of(), m.dedupeKey(), suppressed ? "opted out" : null, now, now);
        if (m.dedupeKey() == null) {
            insertGrouped(row);
            timeline(row, row.id(), suppressed ? "suppressed (opted out)" : "queued", now,
                    suppressed ? Outcome.FAILED : Outcome.COMPLETED);
            if (suppressed) {
                LOG.info("sms {} to {} suppressed: opted out", row.id(), Pii.phone(m.phone()));
                return new Enqueued(row.id(), Status.SUPPRESSED);
            }
            wake();
            return new Enqueued(row.id(), Status.QUEUED);
        }
        SmsStore.Inserted in = store.insert(row);
        if (!in.created()) {
            LOG.info("sms {} already queued with key {}", in.message().id(), m.dedupeKey());
            return new Enqueued(in.message().id(), Status.DUPLICATE);
        }
        timeline(row, row.id(), suppressed ? "suppressed (opted out)" : "queued", now,
                suppressed ? Outcome.FAILED : Outcome.COMPLETED);
        if (suppressed) {
            LOG.info("sms {} to {} suppressed: opted out", row.id(), Pii.phone(m.phone()));
            return new Enqueued(row.id(), Status.SUPPRESSED);
        }
        wake();
        return new Enqueued(row.id(), Status.QUEUED);
    }

    /**
     * Records an inbound message (with the SMSC's id as its dedupe key) on the store and the
     * timeline. Returns empty when a message with the same SMSC id was recorded before.
     */
    public Optional<SmsMessage> received(InboundSms in, String e164, String customerId, String language) {
        Instant now = clock.instant();
        String text = clean(in.text(), MAX_TEXT);
        String key = in.smscId() == null || in.smscId().isBlank() ? null : "in:" + clip(in.smscId(), 190);
        SmsMessage row = new SmsMessage(UUID.randomUUID().toString(), Direction.IN, customerId, e164,
                text.isEmpty() ? "(empty)" : text, null, language, State.RECEIVED, false, false, 0,
                in.receivedAt() == null ? now : in.receivedAt(), List.of(), key, null, now, now);
        SmsStore.Inserted stored = store.insert(row);
        if (!stored.created()) {
            return Optional.empty();
        }
        record(Interaction.builder(row.id(), Interaction.Channel.SMS, row.nextAttemptAt()).customerId(customerId)
                .phone(e164).language(language).dialled(clip(in.to(), 40)).outcome(Outcome.COMPLETED)
                .detail("in received: " + row.text()));
        return Optional.of(row);
    }

    /** Removes control characters (keeps line breaks as spaces) and clips. */
    static String clean(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && b.length() < max; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                if (cp == '\n' || cp == '\r' || cp == '\t') {
                    b.append(' ');
                }
                continue;
            }
            if (b.length() + Character.charCount(cp) > max) {
                break;
            }
            b.appendCodePoint(cp);
        }
        return b.toString().strip();
    }

    // ---- the sender

    private record PendingInsert(SmsMessage row, java.util.concurrent.CompletableFuture<Void> stored) {
    }

    private final java.util.concurrent.ConcurrentLinkedQueue<PendingInsert> inserts =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private boolean inserting;

    /**
     * Stores a row and returns once it is committed. Concurrent enqueues share one transaction
     * (group commit): whoever finds no writer running becomes it and commits everything queued.
     */
    private void insertGrouped(SmsMessage row) {
        PendingInsert mine = new PendingInsert(row, new java.util.concurrent.CompletableFuture<>());
        inserts.add(mine);
        boolean write;
        synchronized (inserts) {
            write = !inserting;
            inserting = true;
        }
        if (write) {
            List<PendingInsert> batch = new ArrayList<>();
            while (true) {
                synchronized (inserts) {
                    if (inserts.isEmpty()) {
                        inserting = false;
                        break;
                    }
                }
                batch.clear();
                for (PendingInsert p; batch.size() < 500 && (p = inserts.poll()) != null; ) {
                    batch.add(p);
                }
                try {
                    store.insertAll(batch.stream().map(PendingInsert::row).toList());
                    batch.forEach(p -> p.stored().complete(null));
                } catch (RuntimeException e) {
                    batch.forEach(p -> p.stored().completeExceptionally(e));
                }
            }
        }
        try {
            mine.stored().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("sms not stored within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing an sms", e);
        }
    }

    /** Requeues what an earlier run left in SENDING, then starts the sender. */
    public synchronized void start() {
        if (gateway == null) {
            throw new IllegalStateException("this outbox only enqueues (no gateway)");
        }
        if (running) {
            return;
        }
        int back = store.requeueSending(clock.instant());
        if (back > 0) {
            LOG.warn("sms: {} message(s) were being sent when FrontDoor last stopped; sending them again (the SMSC"
                    + " may see a duplicate of those it had accepted)", back);
        }
        window = new Semaphore(settings.concurrency());
        bucket = new TokenBucket(settings.ratePerSecond(), settings.burst());
        running = true;
        sender = Thread.ofVirtual().name("sms-outbox").start(this::loop);
        committer = Thread.ofVirtual().name("sms-outbox-commit").start(this::commitLoop);
    }

    /** Wakes the sender (a message was queued, here or by another process such as the command line). */
    public void wake() {
        lock.lock();
        try {
            kicked = true;
            kick.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            try {
                lock.lock();
                try {
                    kicked = false;
                } finally {
                    lock.unlock();
                }
                List<SmsMessage> batch = store.claim(clock.instant(), settings.batchSize());
                for (int i = 0; i < batch.size(); i++) {
                    SmsMessage m = batch.get(i);
                    if (!acquire()) {
                        // stopping: what was claimed and not submitted goes back (not after a halt: a crash leaves it)
                        if (!halted) {
                            batch.subList(i, batch.size()).forEach(x -> store.release(x.id(), clock.instant()));
                        }
                        return;
                    }
                    Thread.ofVirtual().name("sms-submit").start(() -> {
                        try {
                            submit(m);
                        } finally {
                            window.release();
                        }
                    });
                }
                if (batch.size() == settings.batchSize()) {
                    continue; // more may be due
                }
                Optional<Instant> next = store.nextAttempt();
                lock.lock();
                try {
                    if (kicked || !running) {
                        continue;
                    }
                    if (next.isEmpty()) {
                        kick.await();
                    } else {
                        long ms = Duration.between(clock.instant(), next.get()).toMillis();
                        if (ms > 0) {
                            kick.await(ms + 1, TimeUnit.MILLISECONDS);
                        }
                    }
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("sms outbox: {}; retrying in 1 s", Pii.text(String.valueOf(e.getMessage())));
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** A window slot and a rate token; false when stopping. No interrupts: they would close H2's file. */
    private boolean acquire() throws InterruptedException {
        while (running) {
            if (window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                while (running) {
                    if (bucket.take(100)) {
                        return true;
                    }
                }
                window.release();
                return false;
            }
        }
        return false;
    }

    private void submit(SmsMessage m) {
        SubmitResult result;
        try {
            result = gateway.submit(new OutboundSms(m.id(), settings.sender(), m.phone(), m.text()));
        } catch (SmsException e) {
            failed(m, e.kind(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            failed(m, SmsException.Kind.UNAVAILABLE, "gateway error: " + e);
            return;
        }
        // recorded by the committer, many acceptances per transaction; the window slot is free already
        accepted.add(new Accepted(m, result, clock.instant()));
    }

    private record Accepted(SmsMessage m, SubmitResult result, Instant at) {
    }

    /** Records what the SMSC accepted, in batches: one commit for many messages. */
    private void commitLoop() {
        List<Accepted> batch = new ArrayList<>();
        while (!halted && (running || !accepted.isEmpty() || inFlight() > 0)) {
            try {
                Accepted first = accepted.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                accepted.drainTo(batch, 499);
                commit(batch);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private int inFlight() {
        return window == null ? 0 : settings.concurrency() - window.availablePermits();
    }

    private void commit(List<Accepted> batch) {
        List<Optional<State>> states;
        try {
            List<SmsStore.Sent> sent = batch.stream()
                    .map(a -> new SmsStore.Sent(a.m().id(), a.result().smscIds(), a.at(), a.m().sensitive())).toList();
            synchronized (receipts) {
                states = store.markSent(sent);
            }
        } catch (RuntimeException e) {
            // the SMSC has them, the store could not say so: the rows stay SENDING and are sent again at the next start
            LOG.error("sms: {} sent but not recorded: {}", batch.size(), Pii.text(e.getMessage()));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Accepted a = batch.get(i);
            Optional<State> state = states.get(i);
            if (state.isEmpty()) {
                continue; // a later run has it
            }
            SmsMessage m = a.m();
            LOG.info("sms {} to {} sent ({} part(s), try {})", m.id(), Pii.phone(m.phone()), a.result().smscIds().size(),
                    m.attempts());
            timeline(m, m.id() + "/sent", "sent (" + a.result().smscIds().size() + " part(s), try " + m.attempts() + ")",
                    a.at(), Outcome.COMPLETED);
            if (state.get() != State.SENT) {
                settled(m, state.get(), a.at());
            }
        }
    }

    private void failed(SmsMessage m, SmsException.Kind kind, String error) {
        Instant now = clock.instant();
        try {
            if (kind == SmsException.Kind.REJECTED) {
                if (store.giveUp(m.id(), State.FAILED, "rejected: " + error, now)) {
                    LOG.warn("sms {} to {} rejected: {}", m.id(), Pii.phone(m.phone()), Pii.text(error));
                    finished(m, State.FAILED, "rejected: " + error, now);
                }
                return;
            }
            Duration backoff = backoff(m.attempts());
            Instant next = now.plus(backoff);
            if (next.isAfter(m.createdAt().plus(settings.maxAge()))) {
                if (store.giveUp(m.id(), State.EXPIRED, kind.name().toLowerCase() + ": " + error, now)) {
                    LOG.warn("sms {} to {} given up after {} tries: {}", m.id(), Pii.phone(m.phone()), m.attempts(),
                            Pii.text(error));
                    finished(m, State.EXPIRED, "not sent within " + settings.maxAge() + ": " + error, now);
                }
                return;
            }
            if (store.retry(m.id(), next, kind.name().toLowerCase() + ": " + error, now)) {
                LOG.info("sms {}: {} ({}), retry in {} ms", m.id(), kind, Pii.text(error), backoff.toMillis());
                wake(); // the sender recomputes its next wake-up
            }
        } catch (RuntimeException e) {
            LOG.error("sms {}: outcome not recorded ({}): {}", m.id(), kind, Pii.text(e.getMessage()));
        }
    }

    /** firstRetry × 2^(tries − 1), at most maxRetry. */
    Duration backoff(int tries) {
        long first = Math.max(1, settings.firstRetry().toMillis());
        int shift = Math.min(30, Math.max(0, tries - 1));
        long ms = first << shift;
        if (ms <= 0 || ms > settings.maxRetry().toMillis()) {
            ms = settings.maxRetry().toMillis();
        }
        return Duration.ofMillis(ms);
    }

    private void finished(SmsMessage m, State state, String why, Instant now) {
        if (m.sensitive()) {
            store.blankText(m.id());
        }
        timeline(m, m.id() + "/" + state.name().toLowerCase(), state.name().toLowerCase() + ": " + why, now,
                Outcome.FAILED);
    }

    private void settled(SmsMessage m, State state, Instant now) {
        LOG.info("sms {}: {}", m.id(), state);
        timeline(m, m.id() + "/" + state.name().toLowerCase(), state.name().toLowerCase(), now,
                state == State.DELIVERED ? Outcome.COMPLETED : Outcome.FAILED);
    }

    /** A delivery receipt from the gateway: the message's parts settle it DELIVERED, FAILED or EXPIRED. */
    public void onReceipt(DeliveryReceipt r) {
        if (r == null || r.smscId() == null || r.smscId().isBlank()) {
            return;
        }
        try {
            Optional<SmsMessage> settled;
            synchronized (receipts) {
                settled = store.receipt(r, clock.instant());
            }
            settled.ifPresent(m -> settled(m, m.state(), clock.instant()));
        } catch (RuntimeException e) {
            LOG.error("sms receipt for {} not recorded: {}", r.smscId(), Pii.text(e.getMessage()));
        }
    }

    // ---- timeline

    private void timeline(SmsMessage m, String ref, String what, Instant at, Outcome outcome) {
        String about = (m.template() == null ? "text" : m.template())
                + (m.sensitive() ? "" : ": " + clip(m.text(), 300));
        record(Interaction.builder(ref, Interaction.Channel.SMS, at).customerId(m.customerId()).phone(m.phone())
                .language(m.language()).outcome(outcome).detail("out " + what + " [" + about + "]"));
    }

    private void record(Interaction.Builder b) {
        if (timeline == null) {
            return;
        }
        try {
            timeline.record(b.build());
        } catch (RuntimeException e) {
            LOG.error("could not put an SMS on the timeline: {}", Pii.text(e.getMessage()));
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** Stops the sender; claimed messages not yet submitted go back to the queue. Submits in flight finish. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        wake();
        try {
            sender.join(5000);
            // let submits in flight record their outcome
            if (window.tryAcquire(settings.concurrency(), 5, TimeUnit.SECONDS)) {
                window.release(settings.concurrency());
            }
            committer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the sender as a crash would (tests): nothing is released, claimed rows stay SENDING and
     * submits in flight are not waited for.
     */
    synchronized void halt() {
        halted = true;
        running = false;
        wake();
        try {
            sender.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Submits per second, with a burst: {@link #take} blocks until a token is there. */
    static final class TokenBucket {
        private final double perNano;
        private final double capacity;
        private double tokens;
        private long last;

        TokenBucket(double perSecond, int burst) {
            this.perNano = perSecond / 1e9;
            this.capacity = burst;
            this.tokens = burst;
            this.last = System.nanoTime();
        }

        /** Takes a token, waiting at most {@code maxWaitMillis}; false when none came in that time. */
        synchronized boolean take(long maxWaitMillis) throws InterruptedException {
            long deadline = System.nanoTime() + maxWaitMillis * 1_000_000;
            while (true) {
                long now = System.nanoTime();
                tokens = Math.min(capacity, tokens + (now - last) * perNano);
                last = now;
                if (tokens >= 1) {
                    tokens -= 1;
                    return true;
                }
                long waitNanos = Math.max(1000, (long) Math.ceil((1 - tokens) / perNano));
                if (now + waitNanos > deadline) {
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, deadline - now));
                    return false;
                }
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            }
        }
    }
}
