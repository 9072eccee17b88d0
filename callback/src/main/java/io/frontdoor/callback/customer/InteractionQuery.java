package io.frontdoor.callback.customer;

/**
 * Filter for the timeline: by customer, by phone number (E.164), or neither for all; newest first.
 *
 * @param customerId only this customer's interactions, or {@code null}
 * @param phone      only interactions from or to this E.164 number, or {@code null}
 * @param limit      at most this many (1 or more)
 */
public record InteractionQuery(String customerId, String phone, int limit) {
    public InteractionQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }

    public static InteractionQuery all(int limit) {
        return new InteractionQuery(null, null, limit);
    }
}
