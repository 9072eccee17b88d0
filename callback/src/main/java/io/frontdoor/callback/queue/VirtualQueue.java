package io.frontdoor.callback.queue;

import io.frontdoor.callback.dispatch.QueueFigures;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The callers who hung up but kept their place: per queue, the pending requests that are due,
 * ordered by tier priority (higher first) and then by the time the caller first joined the queue.
 * Memory only: it is rebuilt from the {@link CallbackStore} at start and kept in step by the
 * dispatcher, which writes every change to the store first.
 */
public final class VirtualQueue {
    private static final Comparator<CallbackRequest> ORDER = Comparator
            .comparingInt(CallbackRequest::priority).reversed()
            .thenComparing(CallbackRequest::arrivedAt)
            .thenComparing(CallbackRequest::id);

    private final Map<String, NavigableSet<CallbackRequest>> queues = new HashMap<>();
    private final Map<String, CallbackRequest> byId = new HashMap<>();

    /** Adds a due pending request, or replaces the one with its id. */
    public synchronized void put(CallbackRequest request) {
        remove(request.id());
        queues.computeIfAbsent(request.queue(), q -> new TreeSet<>(ORDER)).add(request);
        byId.put(request.id(), request);
    }

    /** Removes a request (dialled, cancelled, closed); false when it was not waiting here. */
    public synchronized boolean remove(String id) {
        CallbackRequest old = byId.remove(id);
        if (old == null) {
            return false;
        }
        queues.get(old.queue()).remove(old);
        return true;
    }

    public synchronized boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** The next request to serve in a queue. */
    public synchronized Optional<CallbackRequest> head(String queue) {
        NavigableSet<CallbackRequest> q = queues.get(queue);
        return q == null || q.isEmpty() ? Optional.empty() : Optional.of(q.first());
    }

    public synchronized int size(String queue) {
        NavigableSet<CallbackRequest> q = queues.get(queue);
        return q == null ? 0 : q.size();
    }

    public synchronized int size() {
        return byId.size();
    }

    /**
     * The place (1 = next) a caller of {@code priority} who joined at {@code arrivedAt} has in a
     * queue: requests here and live callers on the switch ahead of them, plus one. Callers of a
     * higher priority are ahead; of the same priority, those who joined earlier.
     *
     * @param exceptId a request not to count (the caller's own), may be null
     */
    public synchronized int position(String queue, int priority, Instant arrivedAt, QueueFigures live,
            String exceptId) {
        int ahead = 0;
        NavigableSet<CallbackRequest> q = queues.get(queue);
        if (q != null) {
            for (CallbackRequest r : q) {
                if (r.priority() < priority || (r.priority() == priority && !r.arrivedAt().isBefore(arrivedAt))) {
                    break; // ordered: nobody after this one is ahead
                }
                if (!r.id().equals(exceptId)) {
                    ahead++;
                }
            }
        }
        for (QueueFigures.LiveCaller c : live.liveCallers()) {
            if (c.priority() > priority || (c.priority() == priority && c.arrivedAt().isBefore(arrivedAt))) {
                ahead++;
            }
        }
        return ahead + 1;
    }
}
