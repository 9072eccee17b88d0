package io.frontdoor.callback.dispatch;

import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;

/**
 * What happens to callback requests, for those who tell the customer (SMS notices). Called after
 * the change is stored, on the thread that made it (the dispatcher's for dialling and closing):
 * implementations must return quickly and not throw; what they throw is logged and ignored.
 * Every method does nothing by default.
 */
public interface CallbackEvents {
    /** No one listens. */
    CallbackEvents NONE = new CallbackEvents() { };

    /** A request was stored ({@code updated}: an open one was changed) with the place offered. */
    default void requested(CallbackRequest request, boolean updated, CallbackService.Offer offer) {
    }

    /**
     * An attempt is about to dial the customer (or the agent first). {@code refCode} is the
     * attempt's reference code, the same as {@link #refCode(String)} of the attempt id, so a screen
     * pop can show the agent the code the customer was sent.
     */
    default void dialling(CallbackRequest request, CallbackAttempt attempt, String refCode) {
    }

    /** A request closed without connecting: missed, cancelled or expired, with the reason stored. */
    default void closed(CallbackRequest request, CallbackState state, String reason) {
    }

    /** A 4-digit reference code derived from an attempt id (stable: no need to store it). */
    static String refCode(String attemptId) {
        long h = 1125899906842597L;
        for (int i = 0; i < attemptId.length(); i++) {
            h = 31 * h + attemptId.charAt(i);
        }
        h ^= (h >>> 33);
        h *= 0xff51afd7ed558ccdL;
        h ^= (h >>> 33);
        return String.format("%04d", Math.floorMod(h, 10_000L));
    }
}
