package io.frontdoor.ivr.smpp;

import io.frontdoor.callback.sms.OutboundSms;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SMS benchmark: {@link SmppGateway} (window 10) submitting to {@link TestSmsc} over TCP on
 * 127.0.0.1 from several threads. Measures messages per second and the delay from handing a
 * message to the gateway ({@code submit} called) until the SMSC received its submit_sm. There is no
 * outbox in front yet: this measures the gateway alone.
 *
 * <p>Usage: {@code SmsBench [MESSAGES] [THREADS] [WINDOW]}; prints a RESULT line last.
 */
public final class SmsBench {
    private SmsBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        try (TestSmsc smsc = new TestSmsc("bench", "bench").start()) {
            SmppSettings settings = SmppSettings.builder("127.0.0.1", smsc.port(), "bench", "bench")
                    .localAddress(InetAddress.getLoopbackAddress()).window(window).sourceAddress("95588").build();
            try (SmppGateway gateway = new SmppGateway(settings)) {
                gateway.start();
                if (!gateway.awaitAvailable(Duration.ofSeconds(10))) {
                    throw new IllegalStateException("not bound: " + gateway.bindFailure());
                }
                run(gateway, smsc, "warm", Math.min(2_000, count), threads);
                double[] r = run(gateway, smsc, "run", count, threads);
                System.out.printf("sms: %d messages, %d threads, window %d: %.0f msg/s; submit_sm reached SMSC "
                        + "p50 %.2f ms, p99 %.2f ms after submit(); submit() returned p99 %.2f ms%n",
                        count, threads, window, r[0], r[1], r[2], r[3]);
                System.out.printf("RESULT sms_per_s=%.0f submit_delay_p99_ms=%.2f%n", r[0], r[2]);
            }
        }
    }

    /** Returns {msg/s, delay p50 ms, delay p99 ms, submit() latency p99 ms}. */
    private static double[] run(SmppGateway gateway, TestSmsc smsc, String tag, int count, int threads)
            throws Exception {
        long[] enqueued = new long[count];
        long[] returned = new long[count];
        String[] ids = new String[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        int before = smsc.submits();
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            workers[t] = Thread.ofPlatform().name("bench-" + t).start(() -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    OutboundSms sms = new OutboundSms(tag + i, "", "+86138" + String.format("%08d", i),
                            "Your callback is booked, reference " + tag + i + ". Reply 0 to cancel.");
                    enqueued[i] = System.nanoTime();
                    try {
                        ids[i] = gateway.submit(sms).smscIds().getFirst();
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    returned[i] = System.nanoTime();
                }
            });
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0 || smsc.submits() - before != count) {
            throw new IllegalStateException(failures.get() + " submits failed; SMSC got " + (smsc.submits() - before));
        }
        Map<String, Long> received = new HashMap<>();
        for (TestSmsc.Part p : smsc.parts()) {
            received.put(p.id(), p.receivedNanos());
        }
        double[] delay = new double[count];
        double[] latency = new double[count];
        for (int i = 0; i < count; i++) {
            delay[i] = (received.get(ids[i]) - enqueued[i]) / 1e6;
            latency[i] = (returned[i] - enqueued[i]) / 1e6;
        }
        Arrays.sort(delay);
        Arrays.sort(latency);
        return new double[] {count / seconds, pct(delay, 0.50), pct(delay, 0.99), pct(latency, 0.99)};
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

}
