package io.frontdoor.ivr.sip;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * New calls allowed per source address: a token bucket per address refilled at {@code perSecond}
 * with a burst of the same size, so a flood from one source gets 503 while the rest go on.
 */
final class InviteRateLimiter {
    private static final int MAX_SOURCES = 10_000;

    private final double perSecond;
    private final Map<InetAddress, double[]> buckets = new ConcurrentHashMap<>();

    InviteRateLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    boolean allow(InetAddress source) {
        long now = System.nanoTime();
        if (buckets.size() > MAX_SOURCES) {
            buckets.clear(); // a spoofed-source flood: forget rather than grow
        }
        double[] b = buckets.computeIfAbsent(source, k -> new double[] {perSecond, now});
        synchronized (b) {
            double tokens = Math.min(perSecond, b[0] + (now - (long) b[1]) / 1e9 * perSecond);
            b[1] = now;
            if (tokens < 1) {
                b[0] = tokens;
                return false;
            }
            b[0] = tokens - 1;
            return true;
        }
    }
}
