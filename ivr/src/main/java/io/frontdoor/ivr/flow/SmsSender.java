package io.frontdoor.ivr.flow;

import java.util.Map;

/**
 * Sends a templated SMS for a flow's {@code sms} step: the server implements it over the durable
 * SMS outbox and the message templates ({@code prompts/sms/}).
 */
@FunctionalInterface
public interface SmsSender {

    /**
     * Queues the message (the outbox sends it, retrying while the SMSC is down).
     *
     * @param phone      the caller's number, E.164
     * @param customerId the customer, or null
     * @param language   the call's language (the template's language)
     * @param template   template key, e.g. {@code repay_link}
     * @param vars       placeholder values
     * @param dedupeKey  the same key never sends twice (the call id and step)
     * @return why nothing was queued (unknown template, opted out, not a mobile...), or null when queued
     */
    String send(String phone, String customerId, String language, String template, Map<String, String> vars,
            String dedupeKey);
}
