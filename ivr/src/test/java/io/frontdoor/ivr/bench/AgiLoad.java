package io.frontdoor.ivr.bench;

import io.frontdoor.ivr.asterisk.peer.EventLoopAgiPeer;
import io.frontdoor.ivr.asterisk.peer.PeerCall;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load harness for the FastAGI front door: simulated Asterisk 22 channels (the test peer's bytes,
 * on one event-loop thread: {@link EventLoopAgiPeer}) dialled open-loop at a fixed rate, each playing the greet + rules + menu flow with realistic prompt and
 * key-press times, so thousands of calls are up at once.
 *
 * <p>Usage: {@code AgiLoad PORT RATE_PER_S SECONDS CUSTOMERS RETURNING_POOL [warmup]}. Prints one
 * line of figures; the decision latency is from the end of the agi_ environment block to the first
 * command FrontDoor sends (the caller identified, the flow chosen, the call answered).
 */
public final class AgiLoad {
    static final Duration PLAYBACK = Duration.ofMillis(2000);
    static final Duration KEY_WAIT = Duration.ofMillis(1200);

    private AgiLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int customers = Integer.parseInt(args[3]);
        int pool = Integer.parseInt(args[4]);
        boolean warmup = args.length > 5 && args[5].equals("warmup");
        SplittableRandom random = new SplittableRandom(warmup ? 7 : 11);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong ok = new AtomicLong();
        ConcurrentLinkedQueue<Long> decisionsNanos = new ConcurrentLinkedQueue<>();
        int total = rate * seconds;
        CountDownLatch ended = new CountDownLatch(total);
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long dialling;
        long loopCpuNanos;
        try (EventLoopAgiPeer asterisk = new EventLoopAgiPeer(port, 2)) {
            for (int n = 0; n < total; n++) {
                long due = start + n * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                asterisk.dial(nextCall(random, customers, pool, warmup), outcome -> {
                    if (outcome.closedByServer() && outcome.failure() == null && outcome.firstCommandNanos() > 0
                            && outcome.envSentNanos() > 0 && outcome.commands().size() >= 3) {
                        ok.incrementAndGet();
                        decisionsNanos.add(outcome.firstCommandNanos() - outcome.envSentNanos());
                    } else {
                        failed.incrementAndGet();
                    }
                    active.decrementAndGet();
                    ended.countDown();
                });
            }
            dialling = System.nanoTime() - start;
            if (!ended.await(90, TimeUnit.SECONDS)) {
                System.err.println("AgiLoad: " + ended.getCount() + " calls still up after 90 s, counted as failed");
                failed.addAndGet((int) ended.getCount());
            }
            loopCpuNanos = asterisk.loopCpuNanos();
        }
        long[] d = decisionsNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        double offeredPerS = total / (dialling / 1e9);
        long clientCpuNanos = ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        System.out.printf("calls=%d ok=%d failed=%d offered_per_s=%.0f completed_per_s=%.0f max_concurrent=%d"
                        + " decision_p50_ms=%.2f decision_p99_ms=%.2f decision_max_ms=%.2f client_cpu_s=%.1f"
                    + " client_loop_cpu_s=%.1f%n",
                total, ok.get(), failed.get(), offeredPerS, ok.get() / (dialling / 1e9), maxActive.get(),
                BenchCustomers.percentileMs(d, 50), BenchCustomers.percentileMs(d, 99), d.length == 0 ? 0 : d[d.length - 1] / 1e6, clientCpuNanos / 1e9,
                loopCpuNanos / 1e9);
    }

    /**
     * Warm-up calls come from the returning pool (they become returning customers and their spoken
     * greetings get cached); measured calls: half from that pool, 40 % any customer, 10 % unknown.
     */
    private static PeerCall nextCall(SplittableRandom random, int customers, int pool, boolean warmup) {
        String number = BenchCustomers.callerNumber(random, customers, pool, warmup);
        return new PeerCall().callerId(number).extension("100")
                .keys("", "1", "", "9")
                .delay("STREAM FILE", PLAYBACK)
                .delay("GET DATA", KEY_WAIT)
                .idleTimeout(Duration.ofSeconds(60));
    }
}
