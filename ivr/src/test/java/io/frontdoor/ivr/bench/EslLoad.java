package io.frontdoor.ivr.bench;

import io.frontdoor.ivr.freeswitch.peer.FreeSwitchChannel;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load harness for the front door over outbound ESL: simulated FreeSWITCH 1.10 channels (the test
 * suite's ESL channel peer, built from the recordings) connecting as {@code socket ... async full}
 * open-loop at a fixed rate, with the same callers, keys and prompt times as {@link AgiLoad}.
 *
 * <p>Usage: {@code EslLoad PORT RATE_PER_S SECONDS CUSTOMERS RETURNING_POOL [warmup]}. Prints one
 * line of figures in AgiLoad's format; the decision latency is from the connect reply (the channel
 * data) to FrontDoor's first {@code sendmsg} (the caller identified, the flow chosen, answer sent).
 */
public final class EslLoad {
    private EslLoad() {
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
        Thread[] watchers = new Thread[total];
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int n = 0; n < total; n++) {
            long due = start + n * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            FreeSwitchChannel channel = nextCall(random, customers, pool, warmup);
            watchers[n] = Thread.ofVirtual().start(() -> {
                maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                channel.start(port);
                try {
                    boolean ended = channel.awaitEnd(Duration.ofSeconds(60));
                    long first = channel.firstExecuteNanos();
                    // served: FrontDoor ran the flow (a VIP's is the greeting, then the queue) and left with exit
                    if (ended && channel.closedByServer() && channel.failure() == null && first > 0
                            && channel.exitReceived() && !channel.media().isEmpty()) {
                        ok.incrementAndGet();
                        decisionsNanos.add(first - channel.connectSentNanos());
                    } else {
                        failed.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    active.decrementAndGet();
                }
            });
        }
        long dialling = System.nanoTime() - start;
        for (Thread t : watchers) {
            t.join(Duration.ofSeconds(90));
        }
        long[] d = decisionsNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        double offeredPerS = total / (dialling / 1e9);
        long clientCpuNanos = ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        System.out.printf("calls=%d ok=%d failed=%d offered_per_s=%.0f completed_per_s=%.0f max_concurrent=%d"
                        + " decision_p50_ms=%.2f decision_p99_ms=%.2f decision_max_ms=%.2f client_cpu_s=%.1f%n",
                total, ok.get(), failed.get(), offeredPerS, ok.get() / (dialling / 1e9), maxActive.get(),
                BenchCustomers.percentileMs(d, 50), BenchCustomers.percentileMs(d, 99), d.length == 0 ? 0 : d[d.length - 1] / 1e6, clientCpuNanos / 1e9);
    }


    /** The same mix as AgiLoad: warm-up from the returning pool; then half pool, 40 % any, 10 % unknown. */
    private static FreeSwitchChannel nextCall(SplittableRandom random, int customers, int pool, boolean warmup) {
        String number = BenchCustomers.callerNumber(random, customers, pool, warmup);
        return new FreeSwitchChannel().callerNumber(number).destination("100").context("from-trunk")
                .keys("", "1", "", "9")
                .delay("playback", AgiLoad.PLAYBACK)
                .delay("play_and_get_digits", AgiLoad.KEY_WAIT)
                .idleTimeout(Duration.ofSeconds(60));
    }
}
