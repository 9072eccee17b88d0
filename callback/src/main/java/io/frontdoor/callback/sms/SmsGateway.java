package io.frontdoor.callback.sms;

import java.util.function.Consumer;

/**
 * Sends and receives SMS through an SMSC (SMPP 3.4 at the edge, in {@code ivr}) or a log sink (the
 * embedded default). The durable outbox in front of it decides what is sent when; a gateway only
 * submits, reports receipts and hands inbound messages on.
 */
public interface SmsGateway extends AutoCloseable {

    /**
     * Submits one message and returns once the SMSC accepted it (all parts of a long message).
     *
     * @throws SmsException with {@link SmsException.Kind} telling the outbox whether to retry
     *                      (unavailable, throttled) or give up (rejected)
     */
    SubmitResult submit(OutboundSms sms) throws SmsException;

    /** Where mobile-originated messages go (set once, before start). */
    void onInbound(Consumer<InboundSms> handler);

    /** Where delivery receipts go (set once, before start). */
    void onReceipt(Consumer<DeliveryReceipt> handler);

    /** Whether messages can be submitted now (bound to the SMSC). */
    boolean isAvailable();

    @Override
    void close();
}
