package io.frontdoor.callback.sms;

import java.util.Objects;

/**
 * One message to send.
 *
 * @param id   the outbox id (stable across retries: the gateway may use it to avoid duplicates)
 * @param from sender (service number or alphanumeric sender id)
 * @param to   recipient, E.164
 * @param text the whole text (the gateway encodes and splits it)
 */
public record OutboundSms(String id, String from, String to, String text) {
    public OutboundSms {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(text, "text");
        from = from == null ? "" : from;
    }
}
