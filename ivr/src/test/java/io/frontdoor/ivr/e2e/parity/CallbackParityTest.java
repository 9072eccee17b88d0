package io.frontdoor.ivr.e2e.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.frontdoor.callback.customer.CustomerImporter;
import io.frontdoor.callback.customer.PhoneNumbers;
import io.frontdoor.callback.dispatch.DialRequest;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import io.frontdoor.callback.queue.CallbackStore;
import io.frontdoor.ivr.desktop.WebhookScreenPop;
import io.frontdoor.ivr.server.FrontDoorServer;
import io.frontdoor.ivr.server.Settings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The VIP callback story, written once and run against every switch through FrontDoor's real
 * server: Asterisk (AMI peer + FastAGI peer) and FreeSWITCH (inbound ESL peer with mod_callcenter,
 * answered calls over outbound ESL), with the agent desktop an HTTP server checking the signed
 * screen pop. Same offer, same reservation before dialling, same bridge, same retries.
 */
class CallbackParityTest {
    private static final String CHEN = "+8613800138000";
    private static final String SECRET = "desktop-secret-of-at-least-32-bytes!";
    /** Monday 10:00 in Shanghai, ticking: the hotline is open. */
    private static final Instant MONDAY_10 = Instant.parse("2026-11-23T02:00:00Z");
    private static final String QUEUES = """
            default:
              timezone: Asia/Shanghai
              retry: [1s]
              ring-timeout: 5s
              caller-id: "+861095588"
            """;

    @TempDir
    Path dir;

    private CallbackSwitch sw;
    private HttpServer desktop;
    private final List<Map<String, Object>> pops = new CopyOnWriteArrayList<>();
    private FrontDoorServer server;
    private CallbackStore store;

    private void boot(String name) throws Exception {
        sw = name.equals("asterisk") ? new AsteriskCallbackSwitch() : new FreeSwitchCallbackSwitch();
        desktop = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        desktop.createContext("/pop", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean valid = WebhookScreenPop.verify(SECRET, exchange.getRequestHeaders().getFirst("X-FrontDoor-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-FrontDoor-Signature"), body, Duration.ofMinutes(5));
            pops.add(Map.of("valid", valid, "body", new ObjectMapper().readTree(body)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        desktop.start();
        Path queues = dir.resolve("queues.yaml");
        Files.writeString(queues, QUEUES);
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Map<String, String> env = new HashMap<>(Map.of(
                "FRONTDOOR_HOME", repo.toString(),
                "FRONTDOOR_DATA_DIR", dir.resolve("data").toString(),
                "FRONTDOOR_AGI_PORT", "0",
                "FRONTDOOR_ESL_PORT", "0", "FRONTDOOR_SIP_PORT", "0",
                "FRONTDOOR_DIALPLANS_RELOAD_MS", "0",
                "FRONTDOOR_CALLBACK_ENABLED", "true",
                "FRONTDOOR_CALLBACK_QUEUES_FILE", queues.toString(),
                "FRONTDOOR_SCREENPOP_URL", "http://127.0.0.1:" + desktop.getAddress().getPort() + "/pop",
                "FRONTDOOR_SCREENPOP_SECRET", SECRET));
        env.put("FRONTDOOR_ADMIN_PORT", "0");
        env.put("FRONTDOOR_SPEECH_ENABLED", "false"); // keys only: no Sphinx4 loading in the background
        env.putAll(sw.env());
        Clock clock = Clock.offset(Clock.system(ZoneId.of("Asia/Shanghai")), Duration.between(Instant.now(), MONDAY_10));
        server = FrontDoorServer.start(Settings.load(null, env), clock);
        var report = new CustomerImporter(server.database().dataSource(), new PhoneNumbers("CN"), Set.of("en", "zh"))
                .importFile(repo.resolve("examples/customers.csv"));
        assertEquals(0, report.rejected(), report.errors().toString());
        store = new CallbackStore(server.database().dataSource());
        sw.started(server);
        await("switch connected and synchronised", () -> server.callbacks().presence().isConnected());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (desktop != null) {
            desktop.stop(0);
        }
        if (sw != null) {
            sw.close();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        io.frontdoor.ivr.Await.until(what, Duration.ofSeconds(10), condition);
    }

    /** Mr. Chen, VIP, calls the hotline, hears the wait and keeps his place (1), on his own number (1). */
    private CallbackRequest chenAsksForACallback() throws Exception {
        SwitchPeer.Result inbound = sw.callers().call(SwitchPeer.Caller.from(CHEN).keys("", "", "1", "1"));
        assertTrue(inbound.media().stream().anyMatch(m -> m.contains("callback.offer_menu")), inbound.media().toString());
        assertTrue(inbound.hungUp(), "the caller is told goodbye");
        List<CallbackRequest> open = store.openFor("C1001");
        assertEquals(1, open.size(), "one request stored");
        return open.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"asterisk", "freeswitch"})
    void aVipKeepsHisPlaceIsCalledBackWhenTheAgentIsFreeAndTheDesktopGetsTheScreenPop(String name) throws Exception {
        boot(name);
        CallbackRequest request = chenAsksForACallback();
        assertEquals("vip", request.queue());
        assertEquals(CallbackState.PENDING, request.state());
        assertEquals(0, sw.dials(), "nothing dialled while the agent is busy");

        sw.answerKeys("1");
        sw.agentBusy(false);
        CallbackSwitch.Dial dial = sw.awaitDial(1);
        assertEquals(request.id(), dial.variables().get(DialRequest.CALLBACK_VARIABLE));
        assertEquals("customer", dial.variables().get(DialRequest.LEG_VARIABLE));
        assertTrue(dial.destination().contains("8613800138000"), dial.destination());
        SwitchPeer.Result callback = sw.answered(1);
        assertTrue(sw.reservedBeforeDialling(), "reserved before dialling");
        assertEquals("transfer", callback.variables().get("FRONTDOOR_ACTION"));
        assertEquals(sw.agentId(), callback.variables().get("FRONTDOOR_ROUTE"), "bridged to the reserved agent");
        await("request completed", () -> store.find(request.id()).orElseThrow().state() == CallbackState.COMPLETED);
        await("agent released", () -> sw.reservations().size() >= 2);
        assertEquals(List.of(true, false), sw.reservations());

        await("screen pop delivered", () -> !pops.isEmpty());
        assertEquals(true, pops.get(0).get("valid"), "signed with the shared secret");
        JsonNode pop = (JsonNode) pops.get(0).get("body");
        assertEquals("C1001", pop.at("/customer/id").asText());
        assertEquals(sw.agentId(), pop.at("/agent/id").asText());
        assertEquals(request.id(), pop.at("/callback/id").asText());
        List<CallbackAttempt> attempts = store.attempts(request.id());
        assertEquals(1, attempts.size());
        assertEquals(CallbackAttempt.Outcome.CONNECTED, attempts.get(0).outcome());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"asterisk", "freeswitch"})
    void noAnswerIsRetriedThenMissedAndTheAgentIsReleasedEachTime(String name) throws Exception {
        boot(name);
        sw.script(CallbackSwitch.Result.NO_ANSWER, CallbackSwitch.Result.BUSY);
        CallbackRequest request = chenAsksForACallback();
        sw.agentBusy(false);
        sw.awaitDial(1);
        // released after the no-answer, the agent is still free: the retry comes when due (1 s)
        sw.awaitDial(2);
        await("request missed", () -> store.find(request.id()).orElseThrow().state() == CallbackState.MISSED);
        assertEquals(List.of(CallbackAttempt.Outcome.NO_ANSWER, CallbackAttempt.Outcome.BUSY),
                store.attempts(request.id()).stream().map(CallbackAttempt::outcome).toList());
        await("the agent released after the last attempt", () -> sw.reservations().size() >= 4);
        assertEquals(List.of(true, false, true, false), sw.reservations());
        Thread.sleep(1500);
        assertEquals(2, sw.dials(), "no third attempt after the last one");
    }
}
