package io.frontdoor.callback.dispatch;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackRequest;
import java.time.Instant;
import java.util.List;

/**
 * What the agent desktop is told when a callback is connected to an agent.
 *
 * @param at           when the customer was connected
 * @param agent        the agent taking the call
 * @param request      the callback request
 * @param attempts     its attempts, the connecting one last
 * @param customer     the customer's profile, or {@code null} for a caller not in the store
 * @param originalCall the call the callback was requested on (its IVR path and choices), or {@code null}
 * @param recent       the customer's most recent interactions, newest first
 */
public record ScreenPopData(Instant at, Agent agent, CallbackRequest request, List<CallbackAttempt> attempts,
        Customer customer, Interaction originalCall, List<Interaction> recent) {

    public ScreenPopData {
        attempts = List.copyOf(attempts);
        recent = List.copyOf(recent);
    }
}
