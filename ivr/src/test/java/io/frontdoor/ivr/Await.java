package io.frontdoor.ivr;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in tests for something another thread or process does, with a limit and a clear failure. */
public final class Await {
    private Await() {
    }

    /** Polls {@code condition} every 20 ms until it holds; fails with {@code what} after {@code limit}. */
    public static void until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
