package io.frontdoor.callback.sms;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** An in-memory SMSC: records submits, fails on demand, hangs on demand, counts concurrency. */
final class FakeGateway implements SmsGateway {
    /** Every submit tried, in order (accepted or not). */
    final List<OutboundSms> tried = new CopyOnWriteArrayList<>();
    /** Submits accepted, in order, with their submit time (nanoTime). */
    final List<OutboundSms> accepted = new CopyOnWriteArrayList<>();
    final List<Long> acceptedAt = new CopyOnWriteArrayList<>();
    /** Failures to raise for the next submits, in order. */
    final Deque<SmsException.Kind> failures = new ArrayDeque<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger ids = new AtomicInteger();
    volatile int parts = 1;
    volatile long delayMillis;
    /** Submits of texts matching this hang until {@link #release} opens. */
    volatile Predicate<String> hangOn = t -> false;
    final CountDownLatch release = new CountDownLatch(1);
    /** Receipts to send before the submit returns (as a real SMSC may). */
    volatile DeliveryReceipt.State receiptBeforeReturn;
    Consumer<DeliveryReceipt> receipts = r -> { };
    Consumer<InboundSms> inbound = m -> { };

    @Override
    public SubmitResult submit(OutboundSms sms) throws SmsException {
        tried.add(sms);
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            if (hangOn.test(sms.text())) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new SmsException(SmsException.Kind.UNAVAILABLE, "connection lost");
            }
            SmsException.Kind fail;
            synchronized (failures) {
                fail = failures.poll();
            }
            if (fail != null) {
                throw new SmsException(fail, "fake " + fail);
            }
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<String> smsc = new java.util.ArrayList<>();
            for (int i = 0; i < parts; i++) {
                smsc.add("smsc-" + ids.incrementAndGet());
            }
            if (receiptBeforeReturn != null) {
                smsc.forEach(id -> receipts.accept(new DeliveryReceipt(id, receiptBeforeReturn, null, "")));
            }
            accepted.add(sms);
            acceptedAt.add(System.nanoTime());
            return new SubmitResult(smsc);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    void fail(SmsException.Kind... kinds) {
        synchronized (failures) {
            failures.addAll(List.of(kinds));
        }
    }

    @Override
    public void onInbound(Consumer<InboundSms> handler) {
        inbound = handler;
    }

    @Override
    public void onReceipt(Consumer<DeliveryReceipt> handler) {
        receipts = handler;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public void close() {
    }
}
