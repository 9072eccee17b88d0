package io.frontdoor.callback.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * One outbound call of a callback attempt.
 *
 * @param attemptId   unique id of the attempt (also the switch action id, so a result is matched once)
 * @param callbackId  the callback request
 * @param leg         who is dialled: the customer, or the agent first (preview mode)
 * @param destination the customer's number in E.164, or the agent's interface for {@link Leg#AGENT}
 * @param callerId    caller ID to present (the hotline number), may be empty
 * @param timeout     how long to ring before giving up
 */
public record DialRequest(String attemptId, String callbackId, Leg leg, String destination, String callerId,
        Duration timeout) {

    /** Which party a callback call goes to first. */
    public enum Leg { CUSTOMER, AGENT }

    public DialRequest {
        Objects.requireNonNull(attemptId, "attemptId");
        Objects.requireNonNull(callbackId, "callbackId");
        Objects.requireNonNull(leg, "leg");
        Objects.requireNonNull(destination, "destination");
        callerId = callerId == null ? "" : callerId;
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Channel variable carrying the callback id into the switch's callback context. */
    public static final String CALLBACK_VARIABLE = "FRONTDOOR_CALLBACK_ID";
    /** Channel variable carrying the attempt id. */
    public static final String ATTEMPT_VARIABLE = "FRONTDOOR_ATTEMPT_ID";
    /** Channel variable carrying the leg ({@code customer} or {@code agent}). */
    public static final String LEG_VARIABLE = "FRONTDOOR_LEG";
}
