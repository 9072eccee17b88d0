package io.frontdoor.ivr.desktop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.Pii;
import io.frontdoor.callback.customer.Tier;
import io.frontdoor.callback.dispatch.Agent;
import io.frontdoor.callback.dispatch.ScreenPop;
import io.frontdoor.callback.dispatch.ScreenPopData;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers screen pops to the agent desktop as a signed JSON webhook: an HTTP {@code POST} of the
 * {@code callback.connected} event (shape in {@code docs/screen-pop.md}) with an HMAC-SHA256
 * signature over {@code timestamp + "." + body}.
 *
 * <p>{@link #push} serialises the data on the caller's thread (microseconds) and hands delivery to a
 * virtual thread: it never blocks and never throws. Connection errors, timeouts, 5xx and 429 are
 * retried up to {@link ScreenPopSettings#attempts()} with {@link ScreenPopSettings#backoff()}; any
 * other 4xx is final. Each attempt is signed afresh (new timestamp) over the same body and delivery
 * id, so a receiver can drop duplicates by {@value #DELIVERY_HEADER}. At most
 * {@link ScreenPopSettings#maxInFlight()} deliveries are under way; a pop beyond that is dropped with
 * an error log rather than queued. Logs name the callback, the customer id and the masked number,
 * never a name or a full number.
 *
 * <p>Receivers in Java can check a request with {@link #verify}.
 */
public final class WebhookScreenPop implements ScreenPop, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookScreenPop.class);

    /** Header carrying the signing time, unix seconds. */
    public static final String TIMESTAMP_HEADER = "X-FrontDoor-Timestamp";
    /** Header carrying {@code sha256=<lower-case hex HMAC>}. */
    public static final String SIGNATURE_HEADER = "X-FrontDoor-Signature";
    /** Header carrying the delivery id (the same on every attempt of one pop). */
    public static final String DELIVERY_HEADER = "X-FrontDoor-Delivery";
    /** The content type posted. */
    public static final String CONTENT_TYPE = "application/json; charset=utf-8";
    /** How long {@link #close()} waits for deliveries under way. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final ScreenPopSettings settings;
    private final URI url;
    private final byte[] secret;
    private final ObjectWriter writer;
    private final HttpClient client;
    private final ExecutorService deliveries;
    private final Semaphore slots;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean closed;

    /**
     * Delivery counts since start, for metrics and tests.
     *
     * @param delivered pops the desktop accepted (2xx)
     * @param failed    pops given up: refused (4xx) or out of attempts
     * @param dropped   pops never tried: too many in flight, closed, or not serialisable
     * @param requests  HTTP requests tried, retries included
     * @param inFlight  deliveries under way now
     */
    public record Stats(long delivered, long failed, long dropped, long requests, int inFlight) {
    }

    /**
     * A screen pop to {@code settings.url()}.
     *
     * @throws IllegalArgumentException when the settings have no url (use {@link #create})
     */
    public WebhookScreenPop(ScreenPopSettings settings) {
        this(settings, true);
    }

    private WebhookScreenPop(ScreenPopSettings settings, boolean enabled) {
        this.settings = settings;
        if (!enabled) {
            url = null;
            secret = null;
            writer = null;
            client = null;
            deliveries = null;
            slots = null;
            return;
        }
        if (!settings.enabled()) {
            throw new IllegalArgumentException("no screen pop url");
        }
        url = URI.create(settings.url());
        secret = settings.secret().getBytes(StandardCharsets.UTF_8);
        if (secret.length < 32) {
            log.warn("screen pop secret is {} bytes; use at least 32 random bytes (openssl rand -hex 32)",
                    secret.length);
        }
        if (url.getScheme().equalsIgnoreCase("http") && !isLoopback(url.getHost())) {
            log.warn("screen pops go to {} in clear text: customer data on the wire; use https",
                    settings.redactedUrl());
        }
        writer = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build()
                .writerFor(ScreenPopBody.Event.class);
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        deliveries = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("screenpop-", 1).factory());
        slots = new Semaphore(settings.maxInFlight());
        warmUp();
        log.info("screen pops to {}", settings);
    }

    /**
     * The screen pop the settings ask for: a webhook, or with an empty url one that does nothing
     * (like {@link ScreenPop#NONE}, but closeable like the real one).
     */
    public static WebhookScreenPop create(ScreenPopSettings settings) {
        return settings.enabled() ? new WebhookScreenPop(settings) : new WebhookScreenPop(settings, false);
    }

    /** Whether pops go anywhere. */
    public boolean enabled() {
        return client != null;
    }

    /** Delivery counts so far. */
    public Stats stats() {
        int inFlight = slots == null ? 0 : settings.maxInFlight() - slots.availablePermits();
        return new Stats(delivered.get(), failed.get(), dropped.get(), requests.get(), inFlight);
    }

    @Override
    public void push(ScreenPopData data) {
        if (client == null || data == null) {
            return;
        }
        // the connecting attempt's id: a pop repeated for the same connection (after a restart) has the same id
        String delivery = data.attempts().isEmpty() ? UUID.randomUUID().toString()
                : data.attempts().get(data.attempts().size() - 1).id();
        String what;
        try {
            what = describe(delivery, data);
        } catch (RuntimeException e) {
            dropped.incrementAndGet();
            log.error("screen pop {} dropped: incomplete data ({})", delivery, e.toString());
            return;
        }
        if (closed) {
            dropped.incrementAndGet();
            log.error("{} dropped: screen pop is closed", what);
            return;
        }
        if (!slots.tryAcquire()) {
            dropped.incrementAndGet();
            log.error("{} dropped: {} deliveries already in flight (desktop slow or down?)", what,
                    settings.maxInFlight());
            return;
        }
        try {
            byte[] body = writer.writeValueAsBytes(ScreenPopBody.of(data, delivery));
            deliveries.execute(() -> {
                try {
                    deliver(delivery, what, body);
                } finally {
                    slots.release();
                }
            });
        } catch (JsonProcessingException | RuntimeException e) {
            // RejectedExecutionException: closed meanwhile
            slots.release();
            dropped.incrementAndGet();
            log.error("{} dropped: {}", what, e instanceof RejectedExecutionException ? "screen pop is closed"
                    : Pii.text(e.toString()));
        }
    }

    /** Tries one pop up to the configured attempts; logs the outcome. Runs on its own virtual thread. */
    private void deliver(String delivery, String what, byte[] body) {
        long start = System.nanoTime();
        String last = "";
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                Duration pause = settings.pauseBefore(attempt);
                log.warn("{}: attempt {}/{} failed ({}); retrying in {} ms", what, attempt - 1, settings.attempts(),
                        last, pause.toMillis());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    failed.incrementAndGet();
                    log.error("{} not delivered: stopped while waiting to retry ({})", what, last);
                    return;
                }
            }
            requests.incrementAndGet();
            long now = Instant.now().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(settings.timeout())
                    .header("Content-Type", CONTENT_TYPE)
                    .header("User-Agent", "FrontDoor-ScreenPop/1")
                    .header(TIMESTAMP_HEADER, Long.toString(now))
                    .header(SIGNATURE_HEADER, WebhookSignature.sign(secret, now, body))
                    .header(DELIVERY_HEADER, delivery)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            int status;
            try {
                status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                last = reason(e);
                continue;
            } catch (InterruptedException e) {
                failed.incrementAndGet();
                log.error("{} not delivered: stopped during attempt {}", what, attempt);
                return;
            }
            if (status >= 200 && status < 300) {
                delivered.incrementAndGet();
                log.info("{} delivered: HTTP {}, attempt {}/{}, {} ms", what, status, attempt, settings.attempts(),
                        (System.nanoTime() - start) / 1_000_000);
                return;
            }
            last = "HTTP " + status;
            if (status < 500 && status != 429) {
                failed.incrementAndGet();
                log.error("{} refused by the desktop with HTTP {}; not retried", what, status);
                return;
            }
        }
        failed.incrementAndGet();
        log.error("{} not delivered after {} attempts, {} ms: {}", what, settings.attempts(),
                (System.nanoTime() - start) / 1_000_000, last);
    }

    /** What logs call one pop: ids and a masked number, no name. */
    private static String describe(String delivery, ScreenPopData data) {
        CallbackRequest r = data.request();
        Customer c = data.customer();
        return "screen pop " + delivery + " (callback " + r.id() + ", customer "
                + (c == null ? "unknown" : c.id()) + ", " + Pii.phone(r.phone()) + ", agent " + data.agent().id()
                + ")";
    }

    /**
     * Stops taking pops, waits up to {@link #CLOSE_WAIT} for deliveries under way, then abandons the
     * rest (their retries stop).
     */
    @Override
    public void close() {
        if (client == null || closed) {
            return;
        }
        closed = true;
        deliveries.shutdown();
        try {
            if (!deliveries.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("screen pop closing: {} deliveries abandoned", stats().inFlight());
                deliveries.shutdownNow();
            }
        } catch (InterruptedException e) {
            deliveries.shutdownNow();
            Thread.currentThread().interrupt();
        }
        client.shutdownNow();
    }

    // --- signing (WebhookSignature) ---

    /** The {@value #SIGNATURE_HEADER} value for a body signed at {@code timestamp}: see {@link WebhookSignature#sign}. */
    public static String signature(String secret, long timestamp, byte[] body) {
        return WebhookSignature.sign(secret.getBytes(StandardCharsets.UTF_8), timestamp, body);
    }

    /** Checks a received screen pop as a Java desktop would: see {@link WebhookSignature#verify}. */
    public static boolean verify(String secret, String timestamp, String signature, byte[] body, Duration tolerance) {
        return WebhookSignature.verify(secret, timestamp, signature, body, tolerance, Instant.now());
    }

    /** {@link #verify(String, String, String, byte[], Duration)} at a given {@code now}. */
    public static boolean verify(String secret, String timestamp, String signature, byte[] body, Duration tolerance,
            Instant now) {
        return WebhookSignature.verify(secret, timestamp, signature, body, tolerance, now);
    }

    // --- helpers ---

    /** "HttpTimeoutException: request timed out": the first message along the causes; digits masked. */
    private static String reason(IOException e) {
        String text = null;
        for (Throwable t = e; t != null && text == null; t = t.getCause()) {
            text = t.getMessage() == null || t.getMessage().isBlank() ? null : t.getMessage();
        }
        return Pii.text(e.getClass().getSimpleName() + (text == null ? "" : ": " + text));
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    /**
     * Serialises one sample (and seeds the UUID generator) so the first real pop does not pay for
     * start-up on a caller's thread.
     */
    private void warmUp() {
        Instant t = Instant.EPOCH;
        CallbackRequest r = new CallbackRequest("warm-up", "C0", "q", "+10000000000", "en", 0, t, t, false,
                CallbackState.DIALING, 1, t, t, t, "call", "+10000000000", "agent", null);
        Interaction call = Interaction.builder("call", Interaction.Channel.VOICE, t).path("a>b").choices("a=1").build();
        Customer c = new Customer("C0", "warm", "", Tier.VIP, "en", Set.of(), Set.of("+10000000000"));
        ScreenPopData data = new ScreenPopData(t, new Agent("q", "agent", "agent"), r,
                List.of(new CallbackAttempt("a", "warm-up", 1, "agent", t, t, CallbackAttempt.Outcome.CONNECTED, "")),
                c, call, List.of(call));
        try {
            writer.writeValueAsBytes(ScreenPopBody.of(data, UUID.randomUUID().toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("screen pop body cannot be written", e);
        }
    }
}
