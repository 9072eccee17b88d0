package io.frontdoor.callback.customer;

/** How an interaction ended. */
public enum Outcome {
    /** The flow ran to its end (self-service done, caller said goodbye). */
    COMPLETED,
    /** Handed to an agent queue. */
    QUEUED,
    /** Transferred to another number or extension. */
    TRANSFERRED,
    /** The caller hung up before the flow ended; the interaction says at which step. */
    CALLER_HUNG_UP,
    /** FrontDoor or the switch failed; the detail says why. */
    FAILED,
    /** The caller asked to be called back (a callback request was stored or updated). */
    CALLBACK_REQUESTED,
    /** A callback attempt connected the customer to an agent. */
    CONNECTED,
    /** A callback attempt did not reach the customer (no answer, busy, declined); the detail says how. */
    NOT_CONNECTED,
    /** A callback request was closed without connecting (missed, cancelled, expired); the detail says why. */
    CLOSED
}
