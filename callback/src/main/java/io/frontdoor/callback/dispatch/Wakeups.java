package io.frontdoor.callback.dispatch;

import java.time.Instant;

/**
 * Wakes the dispatcher when the next callback falls due (a timed callback, a retry, a queue
 * opening). The Quartz scheduler implements it; one wake-up serves every request due by then,
 * read in batches from {@code callback_request}.
 */
@FunctionalInterface
public interface Wakeups {
    /** Makes sure the dispatcher is woken at {@code at} or earlier. */
    void wakeAt(Instant at);
}
