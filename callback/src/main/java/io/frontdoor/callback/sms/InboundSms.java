package io.frontdoor.callback.sms;

import java.time.Instant;

/**
 * A mobile-originated message, reassembled when it came in parts.
 *
 * @param from       sender as delivered (normalise to E.164 before use)
 * @param to         the service number it was sent to
 * @param text       decoded text
 * @param receivedAt when FrontDoor received it
 * @param smscId     the SMSC's id or sequence reference, for deduplication; may be empty
 */
public record InboundSms(String from, String to, String text, Instant receivedAt, String smscId) {
}
