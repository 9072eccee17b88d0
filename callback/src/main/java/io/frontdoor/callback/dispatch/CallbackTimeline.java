package io.frontdoor.callback.dispatch;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionLog;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.customer.Pii;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackRequest;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts callbacks on the customer's timeline: the request (made or updated), each attempt, and how
 * the request closed. Refs are the request id, the attempt id and {@code <request>/closed}, so a
 * replayed record is stored once.
 */
public final class CallbackTimeline {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackTimeline.class);

    private final InteractionLog log;

    public CallbackTimeline(InteractionLog log) {
        this.log = log;
    }

    /** The request was stored ({@code updated}: an open one was changed). */
    public void requested(CallbackRequest r, boolean updated, Instant at) {
        record(base(r.id() + (updated ? "/updated/" + at.toEpochMilli() : ""), r, at)
                .outcome(Outcome.CALLBACK_REQUESTED)
                .detail((updated ? "updated" : "requested") + (r.timed() ? " for " + r.dueAt() : " as soon as possible")
                        + " on call " + r.originCall()));
    }

    /** An attempt ended. */
    public void attempt(CallbackRequest r, CallbackAttempt a, CallbackAttempt.Outcome outcome, String detail,
            Instant at) {
        record(base(a.id(), r, a.startedAt()).endedAt(at)
                .outcome(outcome == CallbackAttempt.Outcome.CONNECTED ? Outcome.CONNECTED : Outcome.NOT_CONNECTED)
                .route(a.agent())
                .detail("attempt " + a.number() + ": " + outcome.name().toLowerCase().replace('_', ' ')
                        + (detail == null || detail.isBlank() ? "" : " (" + detail + ")")));
    }

    /** The request closed without (or after) connecting: missed, cancelled, expired. */
    public void closed(CallbackRequest r, String state, String reason, Instant at) {
        record(base(r.id() + "/closed", r, r.createdAt()).endedAt(at).outcome(Outcome.CLOSED)
                .detail(state.toLowerCase() + ": " + reason));
    }

    private static Interaction.Builder base(String ref, CallbackRequest r, Instant at) {
        return Interaction.builder(ref, Interaction.Channel.CALLBACK, at).customerId(r.customerId()).phone(r.phone())
                .language(r.language()).route(r.queue());
    }

    private void record(Interaction.Builder b) {
        try {
            log.record(b.build());
        } catch (RuntimeException e) {
            LOG.error("could not put a callback on the timeline: {}", Pii.text(e.getMessage()));
        }
    }
}
