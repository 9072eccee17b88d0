package io.frontdoor.callback.queue;

/** Where a callback request is in its life. */
public enum CallbackState {
    /** Waiting for its turn (and, when timed or retried, for its due time). */
    PENDING(true),
    /** An attempt is in progress: an agent is reserved and the customer (or agent) is being called. */
    DIALING(true),
    /** The customer was connected to an agent. */
    COMPLETED(false),
    /** Every attempt failed, or the customer declined; closed. */
    MISSED(false),
    /** Cancelled by the customer or an admin. */
    CANCELLED(false),
    /** Not reached before the configured age limit. */
    EXPIRED(false);

    private final boolean open;

    CallbackState(boolean open) {
        this.open = open;
    }

    /** Whether the request is still a promise to keep. */
    public boolean isOpen() {
        return open;
    }
}
