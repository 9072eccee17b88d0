package io.frontdoor.ivr.asterisk.ami;

import io.frontdoor.ivr.asterisk.ami.peer.AsteriskAmiPeer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Shared bits of the AMI adapter tests: settings against the peer and bounded waits. */
final class AmiTesting {
    /** The longest any single wait in these tests may take. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private AmiTesting() {}

    /** The peer's default user, quick timeouts and quick login retries. */
    static AmiSettings settings(AsteriskAmiPeer peer) {
        return AmiSettings.of("127.0.0.1", peer.port(), "javatest", "javatest-secret")
                .withActionTimeout(Duration.ofSeconds(2))
                .withRetry(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    /** Polls {@code condition} until it holds, failing after {@link #WAIT}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(() -> what, condition);
    }

    static void await(Supplier<String> what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what.get());
            }
            Thread.sleep(10);
        }
    }

    /** The next element, failing after {@link #WAIT}. */
    static <T> T next(BlockingQueue<T> queue, String what) throws InterruptedException {
        T item = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (item == null) {
            throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s");
        }
        return item;
    }
}
