package io.frontdoor.callback.sms;

import java.time.Instant;

/**
 * An SMSC delivery receipt for a submitted message (part).
 *
 * @param smscId the id the SMSC returned at submit
 * @param state  final state
 * @param at     when the SMSC says it happened (or when received)
 * @param error  the SMSC's error code, empty when delivered
 */
public record DeliveryReceipt(String smscId, State state, Instant at, String error) {

    /** Final delivery states (SMPP 3.4 stat values). */
    public enum State { DELIVERED, EXPIRED, DELETED, UNDELIVERABLE, REJECTED, UNKNOWN }
}
