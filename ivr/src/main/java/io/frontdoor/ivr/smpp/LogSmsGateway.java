package io.frontdoor.ivr.smpp;

import io.frontdoor.callback.customer.Pii;
import io.frontdoor.callback.sms.DeliveryReceipt;
import io.frontdoor.callback.sms.InboundSms;
import io.frontdoor.callback.sms.OutboundSms;
import io.frontdoor.callback.sms.SmsException;
import io.frontdoor.callback.sms.SmsGateway;
import io.frontdoor.callback.sms.SubmitResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The embedded default {@link SmsGateway}: sends nothing, logs each message (masked number, length,
 * parts) and returns fake ids ("log-1", "log-2", ...); a DELIVERED receipt for each part follows at
 * once on a virtual thread of its own. Never receives inbound messages.
 */
public final class LogSmsGateway implements SmsGateway {
    private static final Logger log = LoggerFactory.getLogger(LogSmsGateway.class);

    private final AtomicLong ids = new AtomicLong();
    private volatile Consumer<DeliveryReceipt> receiptHandler = r -> { };
    private volatile boolean closed;

    /** A log gateway, available at once. */
    public LogSmsGateway() {
    }

    @Override
    public SubmitResult submit(OutboundSms sms) throws SmsException {
        if (closed) {
            throw new SmsException(SmsException.Kind.UNAVAILABLE, "log SMS gateway closed");
        }
        SmsEncoder.Encoded enc;
        try {
            enc = SmsEncoder.encode(sms.text(), 0);
        } catch (IllegalArgumentException e) {
            throw new SmsException(SmsException.Kind.REJECTED, "message " + sms.id() + ": " + e.getMessage());
        }
        List<String> smscIds = new ArrayList<>(enc.parts().size());
        for (int i = 0; i < enc.parts().size(); i++) {
            smscIds.add("log-" + ids.incrementAndGet());
        }
        log.info("SMS {} to {} (not sent: log gateway): {} chars, {} part(s), {}", sms.id(), Pii.phone(sms.to()),
                sms.text().length(), smscIds.size(), enc.dataCoding() == SmsEncoder.DC_GSM7 ? "GSM 7-bit" : "UCS-2");
        Consumer<DeliveryReceipt> handler = receiptHandler;
        Thread.ofVirtual().name("log-sms-receipt").start(() -> {
            for (String id : smscIds) {
                try {
                    handler.accept(new DeliveryReceipt(id, DeliveryReceipt.State.DELIVERED, Instant.now(), ""));
                } catch (RuntimeException e) {
                    log.error("receipt handler failed for {}", id, e);
                }
            }
        });
        return new SubmitResult(smscIds);
    }

    @Override
    public void onInbound(Consumer<InboundSms> handler) {
        // a log gateway never receives anything
    }

    @Override
    public void onReceipt(Consumer<DeliveryReceipt> handler) {
        this.receiptHandler = handler;
    }

    @Override
    public boolean isAvailable() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
