package io.frontdoor.ivr.caller;

import io.frontdoor.ivr.call.Call;

/**
 * Finds out who is calling from the caller ID, under the caller-ID trust policy, within a hard time
 * limit: a slow store never holds the call (the caller is then treated as unknown).
 */
public interface CallerIdentifier {

    /** Identifies the caller of a new call; never throws for store trouble, never blocks past its limit. */
    Caller identify(Call call);

    /**
     * Whether a known customer has earlier history (returning) or not (first); used after a
     * shared-number caller said who they are. Bounded by the same time limit; unknown on timeout.
     */
    Greeting greetingFor(String customerId);
}
