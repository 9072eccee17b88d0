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
    FAILED
}
