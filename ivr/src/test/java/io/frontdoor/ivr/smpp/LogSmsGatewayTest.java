package io.frontdoor.ivr.smpp;

import io.frontdoor.callback.sms.DeliveryReceipt;
import io.frontdoor.callback.sms.OutboundSms;
import io.frontdoor.callback.sms.SmsException;
import io.frontdoor.callback.sms.SubmitResult;
import org.junit.jupiter.api.Test;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogSmsGatewayTest {

    @Test
    void returnsIdsAndReportsDeliveredOnItsOwnThread() throws Exception {
        LinkedBlockingQueue<DeliveryReceipt> receipts = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
        try (LogSmsGateway g = new LogSmsGateway()) {
            g.onReceipt(r -> {
                threads.add(Thread.currentThread());
                receipts.add(r);
            });
            assertTrue(g.isAvailable());
            SubmitResult r = g.submit(new OutboundSms("1", "", "+8613800138000", "回".repeat(71)));
            assertEquals(2, r.smscIds().size());
            for (String id : r.smscIds()) {
                DeliveryReceipt d = receipts.poll(2, TimeUnit.SECONDS);
                assertNotNull(d);
                assertEquals(id, d.smscId());
                assertEquals(DeliveryReceipt.State.DELIVERED, d.state());
            }
            assertNotEquals(Thread.currentThread(), threads.poll());
            g.close();
            assertFalse(g.isAvailable());
            assertEquals(SmsException.Kind.UNAVAILABLE, assertThrows(SmsException.class,
                    () -> g.submit(new OutboundSms("2", "", "+8613800138000", "x"))).kind());
        }
    }
}
