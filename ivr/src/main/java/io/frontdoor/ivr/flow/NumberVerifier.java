package io.frontdoor.ivr.flow;

/**
 * Proves a caller holds a phone number: a one-time code sent to it by SMS and keyed in on the call
 * ({@code callback.unknown-numbers: verify-sms}). The server implements it over the SMS outbox.
 */
public interface NumberVerifier {

    /** Sends a code to {@code phone}; returns its id, or null when none could be sent (limit, no SMS). */
    String send(String phone, String customerId, String language);

    /** Whether {@code code} is the code of {@code id}, in time and within the allowed tries. */
    boolean verify(String id, String code);
}
