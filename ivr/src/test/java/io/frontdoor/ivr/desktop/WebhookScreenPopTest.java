package io.frontdoor.ivr.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.customer.Tier;
import io.frontdoor.callback.dispatch.Agent;
import io.frontdoor.callback.dispatch.ScreenPopData;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The webhook against a real HTTP server on 127.0.0.1 (com.sun.net.httpserver). */
class WebhookScreenPopTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef-test-secret";
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    static final int HANG = -1;
    static final Instant AT = Instant.parse("2025-03-01T09:30:05.123Z");

    /** One request the fake desktop received. */
    record Received(String method, String path, Headers headers, byte[] body) {
        String header(String name) {
            return headers.getFirst(name);
        }

        boolean verifies(String secret) {
            return WebhookScreenPop.verify(secret, header(WebhookScreenPop.TIMESTAMP_HEADER),
                    header(WebhookScreenPop.SIGNATURE_HEADER), body, TOLERANCE);
        }
    }

    final ObjectMapper json = new ObjectMapper();
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    /** Statuses to answer, in order; 200 once empty; {@link #HANG} stalls 600 ms, then answers 200. */
    final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    /** The handler waits on this before answering (the desktop is slow). */
    volatile CountDownLatch gate = new CountDownLatch(0);
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    ExecutorService serverThreads;
    HttpServer server;
    final List<WebhookScreenPop> pops = new ArrayList<>();

    @BeforeEach
    void startDesktop() throws Exception {
        serverThreads = Executors.newVirtualThreadPerTaskExecutor();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(serverThreads);
        server.createContext("/pop", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders(), in.readAllBytes()));
                gate.await(5, TimeUnit.SECONDS);
                Integer status = statuses.poll();
                if (status != null && status == HANG) {
                    Thread.sleep(600);
                    status = 200;
                }
                exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        logs.start();
        logger().addAppender(logs);
    }

    @AfterEach
    void stopDesktop() {
        gate.countDown();
        pops.forEach(WebhookScreenPop::close);
        logger().detachAppender(logs);
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private static ch.qos.logback.classic.Logger logger() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(WebhookScreenPop.class);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/pop";
    }

    private WebhookScreenPop pop(String url, int maxInFlight) {
        WebhookScreenPop pop = new WebhookScreenPop(new ScreenPopSettings(url, SECRET, Duration.ofSeconds(1), 3,
                List.of(Duration.ofMillis(20), Duration.ofMillis(40)), maxInFlight));
        pops.add(pop);
        return pop;
    }

    private WebhookScreenPop pop() {
        return pop(url(), 8);
    }

    private Received next() throws InterruptedException {
        Received r = received.poll(3, TimeUnit.SECONDS);
        if (r == null) {
            fail("the desktop received nothing within 3 s");
        }
        return r;
    }

    /** Waits up to 4 s (counts are updated just before a delivery's slot is released: wait for both). */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    // --- data ---

    static Customer customer() {
        return new Customer("C1001", "Chen Wei", "Mr.", Tier.VIP, "en", Set.of("fraud_watch", "prefers_sms"),
                Set.of("+8613800138000", "+8613900139000"));
    }

    static Interaction originalCall() {
        return Interaction.builder("1740821100.42", Interaction.Channel.VOICE, Instant.parse("2025-03-01T09:25:00Z"))
                .customerId("C1001").phone("+8613800138000").flow("vip-hotline").language("en")
                .greeting("returning").endedAt(Instant.parse("2025-03-01T09:26:10Z")).outcome(Outcome.COMPLETED)
                .endStep("bye").path("greet>route>offer_callback>bye").choices("offer_callback=1")
                .route("vip").build();
    }

    static Interaction sms() {
        return Interaction.builder("sms-77", Interaction.Channel.SMS, Instant.parse("2025-03-01T09:26:12Z"))
                .customerId("C1001").outcome(Outcome.COMPLETED).build();
    }

    static CallbackRequest request() {
        return new CallbackRequest("cb-5f1e", "C1001", "vip", "+8613800138000", "en", 10,
                Instant.parse("2025-03-01T09:24:58Z"), Instant.parse("2025-03-01T09:29:00Z"), false,
                CallbackState.DIALING, 2, Instant.parse("2025-03-01T13:24:58Z"), Instant.parse("2025-03-01T09:26:09Z"),
                AT, "1740821100.42", "+8613800138000", "PJSIP/2001", null);
    }

    static ScreenPopData data() {
        return new ScreenPopData(AT, new Agent("vip", "PJSIP/2001", "Agent 2001"), request(), List.of(
                new CallbackAttempt("att-1", "cb-5f1e", 1, "PJSIP/2002", Instant.parse("2025-03-01T09:27:00Z"),
                        Instant.parse("2025-03-01T09:27:30Z"), CallbackAttempt.Outcome.NO_ANSWER, "no answer in 30 s"),
                new CallbackAttempt("att-2", "cb-5f1e", 2, "PJSIP/2001", Instant.parse("2025-03-01T09:29:40Z"),
                        null, null, null)),
                customer(), originalCall(), List.of(sms(), originalCall()));
    }

    // --- tests ---

    @Test
    void bodyCarriesEveryDocumentedFieldAndTheHeaders() throws Exception {
        WebhookScreenPop pop = pop();
        long before = Instant.now().getEpochSecond();
        pop.push(data());
        Received r = next();

        assertEquals("POST", r.method());
        assertEquals("/pop", r.path());
        assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
        long ts = Long.parseLong(r.header(WebhookScreenPop.TIMESTAMP_HEADER));
        assertTrue(ts >= before && ts <= Instant.now().getEpochSecond(), "timestamp is the signing time: " + ts);
        assertTrue(r.header(WebhookScreenPop.SIGNATURE_HEADER).matches("sha256=[0-9a-f]{64}"));

        JsonNode b = json.readTree(r.body());
        assertEquals("callback.connected", b.get("event").asText());
        assertEquals(r.header(WebhookScreenPop.DELIVERY_HEADER), b.get("deliveryId").asText());
        assertEquals("att-2", b.get("deliveryId").asText(), "the connecting attempt names the delivery");
        assertEquals(AT, Instant.parse(b.get("timestamp").asText()));

        JsonNode agent = b.get("agent");
        assertEquals("vip", agent.get("queue").asText());
        assertEquals("PJSIP/2001", agent.get("id").asText());
        assertEquals("Agent 2001", agent.get("name").asText());

        JsonNode c = b.get("customer");
        assertEquals("C1001", c.get("id").asText());
        assertEquals("Chen Wei", c.get("name").asText());
        assertEquals("Mr.", c.get("salutation").asText());
        assertEquals("VIP", c.get("tier").asText());
        assertEquals("en", c.get("language").asText());
        assertEquals(List.of("+8613800138000", "+8613900139000"), texts(c.get("phones")));
        assertEquals(List.of("fraud_watch", "prefers_sms"), texts(c.get("flags")));

        JsonNode cb = b.get("callback");
        assertEquals("cb-5f1e", cb.get("id").asText());
        assertEquals("vip", cb.get("queue").asText());
        assertEquals("+8613800138000", cb.get("phone").asText());
        assertEquals("en", cb.get("language").asText());
        assertEquals("2025-03-01T09:24:58Z", cb.get("arrivedAt").asText());
        assertEquals("2025-03-01T09:29:00Z", cb.get("dueAt").asText());
        assertEquals("2025-03-01T09:26:09Z", cb.get("createdAt").asText());
        assertEquals("DIALING", cb.get("state").asText());
        assertEquals(2, cb.get("attempts").asInt());
        assertFalse(cb.get("timed").asBoolean());
        assertTrue(cb.get("timed").isBoolean());

        JsonNode attempts = b.get("attempts");
        assertEquals(2, attempts.size());
        JsonNode a1 = attempts.get(0);
        assertEquals("att-1", a1.get("id").asText());
        assertEquals(1, a1.get("number").asInt());
        assertEquals("PJSIP/2002", a1.get("agent").asText());
        assertEquals("2025-03-01T09:27:00Z", a1.get("startedAt").asText());
        assertEquals("2025-03-01T09:27:30Z", a1.get("endedAt").asText());
        assertEquals("NO_ANSWER", a1.get("outcome").asText());
        assertEquals("no answer in 30 s", a1.get("detail").asText());
        JsonNode a2 = attempts.get(1);
        assertEquals(2, a2.get("number").asInt());
        assertTrue(a2.get("endedAt").isNull(), "in progress: present and null");
        assertTrue(a2.get("outcome").isNull());
        assertTrue(a2.get("detail").isNull());

        JsonNode call = b.get("originalCall");
        assertEquals("1740821100.42", call.get("ref").asText());
        assertEquals("vip-hotline", call.get("flow").asText());
        assertEquals(List.of("greet", "route", "offer_callback", "bye"), texts(call.get("path")));
        assertEquals("1", call.get("choices").get("offer_callback").asText());
        assertEquals(1, call.get("choices").size());
        assertEquals("returning", call.get("greeting").asText());
        assertEquals("2025-03-01T09:25:00Z", call.get("startedAt").asText());
        assertEquals("2025-03-01T09:26:10Z", call.get("endedAt").asText());
        assertEquals("COMPLETED", call.get("outcome").asText());
        assertEquals("vip", call.get("route").asText());

        JsonNode recent = b.get("recentInteractions");
        assertEquals(2, recent.size());
        assertEquals("sms-77", recent.get(0).get("ref").asText());
        assertEquals("SMS", recent.get(0).get("channel").asText());
        assertEquals("2025-03-01T09:26:12Z", recent.get(0).get("startedAt").asText());
        assertEquals("COMPLETED", recent.get(0).get("outcome").asText());
        assertEquals(0, recent.get(0).get("path").size());
        assertTrue(recent.get(0).get("route").isNull());
        assertEquals("VOICE", recent.get(1).get("channel").asText());
        assertEquals(List.of("greet", "route", "offer_callback", "bye"), texts(recent.get(1).get("path")));
        assertEquals("vip", recent.get(1).get("route").asText());

        assertEquals(List.of("event", "deliveryId", "timestamp", "agent", "customer", "callback", "attempts",
                "originalCall", "recentInteractions"), names(b));
        await("delivered", () -> pop.stats().delivered() == 1 && pop.stats().inFlight() == 0);
    }

    @Test
    void unknownCallerHasNullCustomerAndOriginalCall() throws Exception {
        WebhookScreenPop pop = pop();
        ScreenPopData d = data();
        pop.push(new ScreenPopData(d.at(), d.agent(), d.request(), d.attempts(), null, null, List.of()));
        JsonNode b = json.readTree(next().body());
        assertTrue(b.has("customer") && b.get("customer").isNull());
        assertTrue(b.has("originalCall") && b.get("originalCall").isNull());
        assertEquals(0, b.get("recentInteractions").size());
        assertEquals("cb-5f1e", b.get("callback").get("id").asText());
    }

    @Test
    void signatureVerifiesWithTheSecretOnlyAndOverTheExactBody() throws Exception {
        pop().push(data());
        Received r = next();
        String ts = r.header(WebhookScreenPop.TIMESTAMP_HEADER);
        String sig = r.header(WebhookScreenPop.SIGNATURE_HEADER);
        assertTrue(r.verifies(SECRET));
        assertFalse(r.verifies("another-secret-another-secret-another"));
        byte[] changed = r.body().clone();
        changed[changed.length / 2] ^= 1;
        assertFalse(WebhookScreenPop.verify(SECRET, ts, sig, changed, TOLERANCE), "one bit changed");
        assertFalse(WebhookScreenPop.verify(SECRET, Long.toString(Long.parseLong(ts) - 1), sig, r.body(), TOLERANCE),
                "timestamp changed");
        assertEquals(WebhookScreenPop.signature(SECRET, Long.parseLong(ts), r.body()), sig);
        // malformed or missing parts are a plain no
        assertFalse(WebhookScreenPop.verify(SECRET, ts, sig.substring("sha256=".length()), r.body(), TOLERANCE));
        assertFalse(WebhookScreenPop.verify(SECRET, ts, "sha256=zz", r.body(), TOLERANCE));
        assertFalse(WebhookScreenPop.verify(SECRET, "yesterday", sig, r.body(), TOLERANCE));
        assertFalse(WebhookScreenPop.verify(SECRET, null, sig, r.body(), TOLERANCE));
        assertFalse(WebhookScreenPop.verify("", ts, sig, r.body(), TOLERANCE));
    }

    @Test
    void verifyRejectsAnOldOrFarFutureTimestamp() {
        byte[] body = "{\"event\":\"callback.connected\"}".getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.parse("2025-03-01T10:00:00Z");
        long t = now.getEpochSecond();
        assertTrue(WebhookScreenPop.verify(SECRET, Long.toString(t - 299),
                WebhookScreenPop.signature(SECRET, t - 299, body), body, TOLERANCE, now));
        assertFalse(WebhookScreenPop.verify(SECRET, Long.toString(t - 301),
                WebhookScreenPop.signature(SECRET, t - 301, body), body, TOLERANCE, now), "replayed after 5 min");
        assertFalse(WebhookScreenPop.verify(SECRET, Long.toString(t + 301),
                WebhookScreenPop.signature(SECRET, t + 301, body), body, TOLERANCE, now), "from the future");
    }

    @Test
    void serverErrorIsRetriedAndDeliveredOnce() throws Exception {
        statuses.add(500);
        WebhookScreenPop pop = pop();
        pop.push(data());
        Received first = next();
        Received second = next();
        await("delivered", () -> pop.stats().delivered() == 1 && pop.stats().inFlight() == 0);
        assertEquals(first.header(WebhookScreenPop.DELIVERY_HEADER), second.header(WebhookScreenPop.DELIVERY_HEADER),
                "one delivery id for every attempt");
        assertEquals(new String(first.body(), StandardCharsets.UTF_8), new String(second.body(), StandardCharsets.UTF_8));
        assertTrue(first.verifies(SECRET) && second.verifies(SECRET));
        Thread.sleep(100); // longer than any back-off left: nothing more comes
        assertEquals(0, received.size());
        assertEquals(new WebhookScreenPop.Stats(1, 0, 0, 2, 0), pop.stats());
    }

    @Test
    void tooManyRequestsIsRetried() throws Exception {
        statuses.add(429);
        statuses.add(503);
        WebhookScreenPop pop = pop();
        pop.push(data());
        await("delivered", () -> pop.stats().delivered() == 1 && pop.stats().inFlight() == 0);
        assertEquals(3, received.size());
        assertEquals(3, pop.stats().requests());
    }

    @Test
    void slowDesktopTimesOutAndIsRetried() throws Exception {
        statuses.add(HANG);
        WebhookScreenPop pop = new WebhookScreenPop(new ScreenPopSettings(url(), SECRET, Duration.ofMillis(200), 2,
                List.of(Duration.ofMillis(20)), 8));
        pops.add(pop);
        pop.push(data());
        await("delivered", () -> pop.stats().delivered() == 1 && pop.stats().inFlight() == 0);
        assertEquals(new WebhookScreenPop.Stats(1, 0, 0, 2, 0), pop.stats());
        assertEquals(2, received.size());
        assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("HttpTimeoutException")));
    }

    @Test
    void clientErrorIsNotRetried() throws Exception {
        statuses.add(400);
        WebhookScreenPop pop = pop();
        pop.push(data());
        await("given up", () -> pop.stats().failed() == 1 && pop.stats().inFlight() == 0);
        Thread.sleep(100); // longer than the back-offs: no retry comes
        assertEquals(1, received.size());
        assertEquals(new WebhookScreenPop.Stats(0, 1, 0, 1, 0), pop.stats());
        assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("HTTP 400; not retried")));
    }

    @Test
    void desktopDownDoesNotBlockPushAndGivesUpAfterTheAttempts() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        WebhookScreenPop pop = pop("http://127.0.0.1:" + closedPort + "/pop", 8);
        ScreenPopData d0 = data(); // the caller has its data ready
        long start = System.nanoTime();
        pop.push(d0);
        long pushMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(pushMillis < 100, "push took " + pushMillis + " ms");
        await("given up", () -> pop.stats().failed() == 1 && pop.stats().inFlight() == 0);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(new WebhookScreenPop.Stats(0, 1, 0, 3, 0), pop.stats());
        assertTrue(tookMillis >= 60, "the back-offs (20 + 40 ms) were waited: " + tookMillis);
        assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("not delivered after 3 attempts")));
    }

    @Test
    void popsBeyondTheInFlightBoundAreDroppedNotQueued() throws Exception {
        gate = new CountDownLatch(1);
        WebhookScreenPop pop = pop(url(), 1);
        pop.push(data());
        next(); // the first is at the desktop, unanswered
        long start = System.nanoTime();
        pop.push(data());
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(100));
        assertEquals(1, pop.stats().dropped());
        assertEquals(1, pop.stats().inFlight());
        gate.countDown();
        await("delivered", () -> pop.stats().delivered() == 1 && pop.stats().inFlight() == 0);
        assertEquals(0, received.size(), "the dropped pop was never sent");
        assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("already in flight")));
    }

    @Test
    void closeWaitsForDeliveriesUnderWayThenRefusesPops() throws Exception {
        gate = new CountDownLatch(1);
        WebhookScreenPop pop = pop();
        pop.push(data());
        next();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.countDown();
        });
        pop.close();
        assertEquals(1, pop.stats().delivered(), "close waited for the answer");
        pop.push(data());
        assertEquals(1, pop.stats().dropped());
        assertEquals(0, received.size());
    }

    @Test
    void logsNeverCarryNamesOrFullNumbers() throws Exception {
        statuses.add(503);
        statuses.add(400);
        WebhookScreenPop pop = pop();
        pop.push(data());
        await("given up", () -> pop.stats().failed() == 1 && pop.stats().inFlight() == 0);
        pop.push(data());
        await("delivered", () -> pop.stats().delivered() == 1 && pop.stats().inFlight() == 0);
        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(lines.size() >= 3, "retry, refusal and delivery logged: " + lines);
        for (String line : lines) {
            assertFalse(line.contains("Chen") || line.contains("Wei"), line);
            assertFalse(line.contains("8613800138000") || line.contains("8613900139000"), line);
            assertFalse(line.contains(SECRET), line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("+86*******8000") && l.contains("cb-5f1e")), lines.toString());
    }

    @Test
    void emptyUrlMeansNoScreenPop() {
        WebhookScreenPop none = WebhookScreenPop.create(ScreenPopSettings.disabled());
        assertFalse(none.enabled());
        none.push(data());
        none.close();
        assertEquals(new WebhookScreenPop.Stats(0, 0, 0, 0, 0), none.stats());
        assertThrows(IllegalArgumentException.class, () -> new WebhookScreenPop(ScreenPopSettings.disabled()));
        WebhookScreenPop real = WebhookScreenPop.create(ScreenPopSettings.of(url(), SECRET));
        pops.add(real);
        assertTrue(real.enabled());
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> ScreenPopSettings.of("http://desk/pop", ""), "no secret");
        assertThrows(IllegalArgumentException.class, () -> ScreenPopSettings.of("ftp://desk/pop", SECRET));
        assertThrows(IllegalArgumentException.class, () -> ScreenPopSettings.of("desk/pop", SECRET));
        assertThrows(IllegalArgumentException.class, () -> new ScreenPopSettings("http://desk/pop", SECRET,
                Duration.ZERO, 3, null, 8));
        assertThrows(IllegalArgumentException.class, () -> new ScreenPopSettings("http://desk/pop", SECRET,
                null, 0, null, 8));
        ScreenPopSettings s = ScreenPopSettings.of("https://desk.bank.example:8443/pop?token=abc", SECRET);
        assertEquals(Duration.ofSeconds(2), s.timeout());
        assertEquals(3, s.attempts());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(2)), s.backoff());
        assertEquals(Duration.ofMillis(500), s.pauseBefore(2));
        assertEquals(Duration.ofSeconds(2), s.pauseBefore(3));
        assertEquals(Duration.ofSeconds(2), s.pauseBefore(4), "the last pause repeats");
        assertFalse(s.toString().contains("token") || s.toString().contains(SECRET), s.toString());
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofSeconds(1)), ScreenPopSettings.parseBackoff("250, 1000"));
        assertNotEquals(s, ScreenPopSettings.disabled());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
