package io.frontdoor.callback.queue;

import java.time.Instant;

/**
 * One attempt to keep a callback: a row of {@code callback_attempt}, written before the switch is
 * asked to dial and completed when the outcome is known.
 *
 * @param id        attempt id (UUID text; also carried on the call)
 * @param requestId the request
 * @param number    1 for the first attempt
 * @param agent     the agent interface reserved for it
 * @param startedAt when dialling was asked for
 * @param endedAt   when the outcome was known, or {@code null} while in progress
 * @param outcome   {@code null} while in progress, then one of {@link Outcome}
 * @param detail    the switch's words or FrontDoor's reason
 */
public record CallbackAttempt(String id, String requestId, int number, String agent, Instant startedAt,
        Instant endedAt, Outcome outcome, String detail) {

    /** How an attempt ended. */
    public enum Outcome {
        /** Customer and agent were bridged. */
        CONNECTED,
        /** The customer answered and declined (or did not press to connect). */
        DECLINED,
        /** The customer answered and hung up before the agent was connected. */
        HUNG_UP,
        /** No answer within the ring timeout. */
        NO_ANSWER,
        BUSY,
        /** Network congestion, switch failure, or the switch refused. */
        FAILED,
        /** The agent was no longer free, or did not take the preview call. */
        AGENT_UNAVAILABLE,
        /** FrontDoor stopped during the attempt and the call never came back. */
        INTERRUPTED
    }
}
