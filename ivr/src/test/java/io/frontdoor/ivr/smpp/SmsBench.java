package io.frontdoor.ivr.smpp;

import io.frontdoor.callback.sms.SmsOutbox;
import io.frontdoor.callback.sms.SmsStore;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.HibernateInteractionLog;
import io.frontdoor.callback.store.SpoolingInteractionLog;
import io.frontdoor.callback.store.StoreSettings;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SMS benchmark: messages enqueued into FrontDoor's durable {@link SmsOutbox} (embedded H2 file,
 * each message committed before it is sent, the timeline written as in production through the
 * spooling interaction log) and sent by {@link SmppGateway} (window 10) to {@link TestSmsc} over
 * TCP on 127.0.0.1. Measures messages per second (first enqueue to last submit_sm at the SMSC)
 * and the delay from {@code enqueue} returning to the SMSC receiving the submit_sm.
 *
 * <p>Usage: {@code SmsBench WORK_DIR [MESSAGES] [ENQUEUE_THREADS] [WINDOW]}; prints a RESULT line last.
 */
public final class SmsBench {
    private SmsBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int window = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        if (Files.exists(work.resolve("db"))) {
            try (var old = Files.walk(work.resolve("db"))) {
                old.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        try (TestSmsc smsc = new TestSmsc("bench", "bench").start();
                Database db = Database.open(StoreSettings.embeddedH2(work.resolve("db")));
                SpoolingInteractionLog timeline = new SpoolingInteractionLog(new HibernateInteractionLog(db),
                        work.resolve("spool"), Duration.ofSeconds(5))) {
            SmppSettings settings = SmppSettings.builder("127.0.0.1", smsc.port(), "bench", "bench")
                    .localAddress(InetAddress.getLoopbackAddress()).window(window).sourceAddress("95588").build();
            try (SmppGateway gateway = new SmppGateway(settings)) {
                gateway.start();
                if (!gateway.awaitAvailable(Duration.ofSeconds(10))) {
                    throw new IllegalStateException("not bound: " + gateway.bindFailure());
                }
                SmsOutbox.Settings d = SmsOutbox.Settings.defaults();
                try (SmsOutbox outbox = new SmsOutbox(new SmsStore(db.dataSource()), gateway, timeline,
                        new SmsOutbox.Settings("95588", window, 100_000, 1_000, 200, d.firstRetry(), d.maxRetry(),
                                d.maxAge()), Clock.systemUTC())) {
                    gateway.onReceipt(outbox::onReceipt);
                    outbox.start();
                    run(outbox, smsc, "warm", Math.min(2_000, count), threads, 10_000_000);
                    double[] r = run(outbox, smsc, "run", count, threads, 20_000_000);
                    System.out.printf("sms: %d messages through the outbox, %d enqueuing threads, window %d: %.0f msg/s;"
                            + " enqueue returned to submit_sm at the SMSC p50 %.2f ms, p99 %.2f ms; enqueue() itself"
                            + " p99 %.2f ms%n", count, threads, window, r[0], r[1], r[2], r[3]);
                    System.out.printf("RESULT sms_per_s=%.0f submit_delay_p99_ms=%.2f%n", r[0], r[2]);
                }
            }
        }
        System.exit(0);
    }

    /** Returns {msg/s, delay p50 ms, delay p99 ms, enqueue() latency p99 ms}. */
    private static double[] run(SmsOutbox outbox, TestSmsc smsc, String tag, int count, int threads, int base)
            throws Exception {
        long[] enqueued = new long[count];
        long[] calls = new long[count];
        AtomicInteger next = new AtomicInteger();
        int before = smsc.submits();
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            workers[t] = Thread.ofPlatform().name("bench-" + t).start(() -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    String to = "+86138" + String.format("%08d", base + i);
                    long t0 = System.nanoTime();
                    outbox.enqueue(SmsOutbox.Message.of(null, to,
                            "Example Bank: your callback is booked, reference " + tag + i + ". Reply CANCEL to cancel.",
                            null, "en"));
                    enqueued[i] = System.nanoTime();
                    calls[i] = enqueued[i] - t0;
                }
            });
        }
        for (Thread w : workers) {
            w.join();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (smsc.submits() - before < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (smsc.submits() - before != count) {
            throw new IllegalStateException("SMSC got " + (smsc.submits() - before) + " of " + count);
        }
        Map<String, Long> received = new HashMap<>();
        for (TestSmsc.Part p : smsc.parts()) {
            received.put(p.dest().replaceFirst("^\\+?", "+"), p.receivedNanos());
        }
        double[] delay = new double[count];
        double[] latency = new double[count];
        for (int i = 0; i < count; i++) {
            Long at = received.get("+86138" + String.format("%08d", base + i));
            delay[i] = at == null ? Double.NaN : (at - enqueued[i]) / 1e6;
            latency[i] = calls[i] / 1e6;
        }
        Arrays.sort(delay);
        Arrays.sort(latency);
        return new double[] {count / seconds, pct(delay, 0.50), pct(delay, 0.99), pct(latency, 0.99)};
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
