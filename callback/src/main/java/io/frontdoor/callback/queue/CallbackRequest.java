package io.frontdoor.callback.queue;

import java.time.Instant;
import java.util.Objects;

/**
 * A promise to call a customer back: a row of {@code callback_request}, the truth the virtual
 * queue and the dispatcher work from.
 *
 * @param id           request id (UUID text)
 * @param customerId   the customer, or {@code null} for a caller not in the customer store
 * @param queue        the agent queue whose agent will take the call
 * @param phone        number to call, E.164, checked by {@link CallbackNumberPolicy} before storing
 * @param language     language of the announcement
 * @param priority     the queue priority of the caller's tier (higher first)
 * @param arrivedAt    when the caller first joined the queue: their place, kept across a hang-up
 * @param dueAt        earliest time to dial (arrival for "as soon as possible", the chosen time for a
 *                     timed callback, the retry time after a failed attempt)
 * @param timed        whether the customer chose the time
 * @param state        where the request is
 * @param attempts     attempts made so far
 * @param expiresAt    when an open request is given up
 * @param createdAt    when the request was made
 * @param updatedAt    when it last changed
 * @param originCall   the switch's id of the call the request was made on (its IVR path is on the timeline)
 * @param requestedBy  the caller's number (E.164) the request came from, for rate limits
 * @param agent        the agent interface reserved while {@link CallbackState#DIALING}, else {@code null}
 * @param closedReason why a closed request closed (missed: last outcome; cancelled: by whom)
 */
public record CallbackRequest(String id, String customerId, String queue, String phone, String language,
        int priority, Instant arrivedAt, Instant dueAt, boolean timed, CallbackState state, int attempts,
        Instant expiresAt, Instant createdAt, Instant updatedAt, String originCall, String requestedBy,
        String agent, String closedReason) {

    public CallbackRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(arrivedAt, "arrivedAt");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(state, "state");
    }

    /** Whether it may be dialled at {@code now} (open, pending and due). */
    public boolean isDue(Instant now) {
        return state == CallbackState.PENDING && !dueAt.isAfter(now);
    }
}
