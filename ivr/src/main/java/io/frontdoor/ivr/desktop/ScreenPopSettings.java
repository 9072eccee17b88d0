package io.frontdoor.ivr.desktop;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Where and how {@link WebhookScreenPop} delivers screen pops (configuration keys
 * {@code screenpop.*}, see {@code docs/screen-pop.md}).
 *
 * @param url         the desktop's webhook, {@code http://} or {@code https://}; empty for no screen
 *                    pop at all
 * @param secret      the shared HMAC-SHA256 key; required when {@code url} is set
 * @param timeout     limit on connecting and on waiting for the response headers, per attempt
 * @param attempts    deliveries tried at most, the first included (1–10)
 * @param backoff     pause before the 2nd, 3rd, ... attempt; the last one repeats when there are more
 *                    attempts than pauses
 * @param maxInFlight deliveries under way at once; a screen pop beyond it is dropped (and logged)
 */
public record ScreenPopSettings(String url, String secret, Duration timeout, int attempts, List<Duration> backoff,
        int maxInFlight) {

    /** Default {@link #timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Default {@link #attempts}. */
    public static final int DEFAULT_ATTEMPTS = 3;
    /** Default {@link #backoff}: 0.5 s before the second attempt, 2 s before the third. */
    public static final List<Duration> DEFAULT_BACKOFF = List.of(Duration.ofMillis(500), Duration.ofSeconds(2));
    /** Default {@link #maxInFlight}. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;

    public ScreenPopSettings {
        url = url == null ? "" : url.trim();
        secret = secret == null ? "" : secret;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        backoff = backoff == null || backoff.isEmpty() ? DEFAULT_BACKOFF : List.copyOf(backoff);
        if (!url.isEmpty()) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("screen pop url is not a URL: " + e.getMessage());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("screen pop url must be http://host/... or https://host/...");
            }
            if (secret.isBlank()) {
                throw new IllegalArgumentException("screen pop secret is empty: the desktop could not tell our"
                        + " pops from anyone else's");
            }
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("screen pop timeout must be positive");
        }
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("screen pop attempts must be 1 to 10, not " + attempts);
        }
        for (Duration pause : backoff) {
            if (pause.isNegative()) {
                throw new IllegalArgumentException("screen pop back-off must not be negative");
            }
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("screen pop max in flight must be at least 1");
        }
    }

    /** Delivery to {@code url} signed with {@code secret}, every other setting at its default. */
    public static ScreenPopSettings of(String url, String secret) {
        return new ScreenPopSettings(url, secret, DEFAULT_TIMEOUT, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF,
                DEFAULT_MAX_IN_FLIGHT);
    }

    /** No screen pop (no url). */
    public static ScreenPopSettings disabled() {
        return of("", "");
    }

    /** Whether a url is set. */
    public boolean enabled() {
        return !url.isEmpty();
    }

    /** Pause before attempt {@code next} (2 for the first retry). */
    Duration pauseBefore(int next) {
        return backoff.get(Math.min(next - 2, backoff.size() - 1));
    }

    /** Parses {@code screenpop.backoff-ms}: comma-separated milliseconds ({@code "500,2000"}). */
    public static List<Duration> parseBackoff(String millis) {
        if (millis == null || millis.isBlank()) {
            return DEFAULT_BACKOFF;
        }
        return java.util.Arrays.stream(millis.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> Duration.ofMillis(Long.parseLong(s)))
                .toList();
    }

    @Override
    public String toString() {
        // the secret stays out of logs; a url may carry a token in its query
        return "ScreenPopSettings[" + (enabled() ? redactedUrl() : "off") + ", timeout " + timeout.toMillis()
                + " ms, attempts " + attempts + ", backoff " + backoff.stream().map(Duration::toMillis).toList()
                + " ms, max in flight " + maxInFlight + "]";
    }

    /** The url without user info, query or fragment: what logs may show. */
    String redactedUrl() {
        if (url.isEmpty()) {
            return "";
        }
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
