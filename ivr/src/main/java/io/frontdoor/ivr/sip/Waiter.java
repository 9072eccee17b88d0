package io.frontdoor.ivr.sip;

import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;

/**
 * A caller waiting on the line for an agent of {@link #queue} ({@link SipAgents#await});
 * {@link #agent} completes with the id of the agent claimed for them (marked busy). The line is
 * ordered by {@link #ORDER}: higher priority first, then earlier arrival.
 */
public final class Waiter {
    static final Comparator<Waiter> ORDER = Comparator.comparingInt((Waiter w) -> -w.priority)
            .thenComparing(w -> w.arrivedAt).thenComparingLong(w -> w.seq);

    final String callId;
    final String queue;
    final int priority;
    final Instant arrivedAt;
    private final long seq;
    final CompletableFuture<String> agent = new CompletableFuture<>();

    Waiter(String callId, String queue, int priority, Instant arrivedAt, long seq) {
        this.callId = callId;
        this.queue = queue;
        this.priority = priority;
        this.arrivedAt = arrivedAt;
        this.seq = seq;
    }

    public String queue() {
        return queue;
    }

    public int priority() {
        return priority;
    }

    public Instant arrivedAt() {
        return arrivedAt;
    }

    /** Completes with the id of the agent claimed for this caller (marked busy). */
    public CompletableFuture<String> agent() {
        return agent;
    }
}
