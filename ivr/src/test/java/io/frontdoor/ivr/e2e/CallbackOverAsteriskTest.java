package io.frontdoor.ivr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.frontdoor.callback.customer.CustomerImporter;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.customer.PhoneNumbers;
import io.frontdoor.callback.dispatch.DialRequest;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import io.frontdoor.callback.queue.CallbackStore;
import io.frontdoor.ivr.asterisk.ami.peer.AmiMessage;
import io.frontdoor.ivr.asterisk.ami.peer.AsteriskAmiPeer;
import io.frontdoor.ivr.asterisk.ami.peer.OriginateOutcome;
import io.frontdoor.ivr.asterisk.peer.AsteriskAgiPeer;
import io.frontdoor.ivr.asterisk.peer.PeerCall;
import io.frontdoor.ivr.asterisk.peer.PeerChannel;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole VIP callback story through FrontDoor's real server, with Asterisk played by the AMI
 * peer (queue members, QueuePause, Originate outcomes) and the FastAGI peer (the inbound call and
 * the answered callback entering the {@code frontdoor-callback} context), and the agent desktop
 * by an HTTP server checking the screen pop's signature. The stories every switch shares (offer,
 * reservation, bridge, screen pop, retries) run against Asterisk and FreeSWITCH alike in
 * {@code parity.CallbackParityTest}; these are the Asterisk-specific ones.
 */
class CallbackOverAsteriskTest {
    private static final String AGENT = "PJSIP/2001";
    private static final String CHEN = "+8613800138000";
    private static final String SECRET = "desktop-secret-of-at-least-32-bytes!";
    /** Monday 10:00 in Shanghai, ticking: the hotline is open. */
    private static final Instant MONDAY_10 = Instant.parse("2026-11-23T02:00:00Z");

    @TempDir
    Path dir;

    private AsteriskAmiPeer ami;
    private HttpServer desktop;
    private final List<Map<String, Object>> pops = new CopyOnWriteArrayList<>();
    private FrontDoorServer server;
    private AsteriskAgiPeer agi;
    private CallbackStore store;

    @BeforeEach
    void startPeers() throws Exception {
        ami = new AsteriskAmiPeer();
        ami.queue("vip", "ringall").averages(30, 300).addMember(AGENT, "Agent 2001");
        ami.memberInCall("vip", AGENT, true);
        ami.start();
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
    }

    private static final String CUSTOMER_FIRST = """
            default:
              timezone: Asia/Shanghai
              retry: [1s]
              ring-timeout: 5s
              caller-id: "+861095588"
            """;

    /** Starts FrontDoor with the given callback queue settings. */
    private void boot(String queueSettings) throws Exception {
        Path queues = dir.resolve("queues.yaml");
        Files.writeString(queues, queueSettings);
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Map<String, String> env = new HashMap<>(Map.of(
                "FRONTDOOR_HOME", repo.toString(),
                "FRONTDOOR_DATA_DIR", dir.resolve("data").toString(),
                "FRONTDOOR_AGI_PORT", "0", "FRONTDOOR_ESL_PORT", "0",
                "FRONTDOOR_DIALPLANS_RELOAD_MS", "0",
                "FRONTDOOR_CALLBACK_ENABLED", "true",
                "FRONTDOOR_CALLBACK_QUEUES_FILE", queues.toString(),
                "FRONTDOOR_AMI_PORT", Integer.toString(ami.port()),
                "FRONTDOOR_AMI_USER", "javatest",
                "FRONTDOOR_AMI_SECRET", "javatest-secret"));
        env.put("FRONTDOOR_SCREENPOP_URL", "http://127.0.0.1:" + desktop.getAddress().getPort() + "/pop");
        env.put("FRONTDOOR_SCREENPOP_SECRET", SECRET);
        env.put("FRONTDOOR_SIP_PORT", "0");
        env.put("FRONTDOOR_ADMIN_PORT", "0");
        env.put("FRONTDOOR_SPEECH_ENABLED", "false"); // keys only: no Sphinx4 loading in the background
        Clock clock = Clock.offset(Clock.system(ZoneId.of("Asia/Shanghai")), Duration.between(Instant.now(), MONDAY_10));
        server = FrontDoorServer.start(Settings.load(null, env), clock);
        var report = new CustomerImporter(server.database().dataSource(), new PhoneNumbers("CN"), Set.of("en", "zh"))
                .importFile(repo.resolve("examples/customers.csv"));
        assertEquals(0, report.rejected(), report.errors().toString());
        agi = new AsteriskAgiPeer(server.agiPort());
        store = new CallbackStore(server.database().dataSource());
        await("AMI logged in and synchronised", () -> server.callbacks().presence().isConnected());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        desktop.stop(0);
        ami.close();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        io.frontdoor.ivr.Await.until(what, Duration.ofSeconds(10), condition);
    }

    private PeerChannel call(PeerCall call) throws InterruptedException {
        PeerChannel channel = agi.dial(call);
        assertTrue(channel.awaitEnd(Duration.ofSeconds(20)), "call did not end");
        return channel;
    }

    /** Mr. Chen, VIP, calls the hotline, hears the wait and keeps his place (1), on his own number (1). */
    private CallbackRequest chenAsksForACallback() throws Exception {
        PeerChannel inbound = call(new PeerCall().callerId(CHEN).extension("100").keys("", "", "1", "1"));
        assertTrue(String.join("\n", inbound.commands()).contains("callback.offer_menu"), inbound.commands().toString());
        assertEquals("HANGUP", inbound.commands().get(inbound.commands().size() - 1), "the caller is told goodbye");
        List<CallbackRequest> open = store.openFor("C1001");
        assertEquals(1, open.size(), "one request stored");
        return open.get(0);
    }


    /** What Asterisk does when the customer answers: the frontdoor-callback context runs FastAGI. */
    private PeerChannel answeredCallback(Map<String, String> vars, String... keys) throws InterruptedException {
        PeerCall call = new PeerCall().callerId("+861095588").context("frontdoor-callback").extension("s")
                .script("frontdoor/callback").keys(keys);
        vars.forEach(call::variable);
        return call(call);
    }

    @Test
    void aCallbackOfferedWhileAmiIsDownIsDialledOnceAmiIsBack() throws Exception {
        boot(CUSTOMER_FIRST);
        CallbackRequest request = chenAsksForACallback();
        int logins = ami.logins();
        ami.dropConnections();
        ami.memberInCall("vip", AGENT, false); // the agent became free while FrontDoor could not hear it
        await("logged in again", () -> ami.logins() > logins);
        AmiMessage originate = ami.awaitAction("Originate", 1, Duration.ofSeconds(10));
        assertEquals(request.id(), originate.variables().get(DialRequest.CALLBACK_VARIABLE));
    }

    @Test
    void aCustomerWhoDeclinesIsNotCalledAgain() throws Exception {
        boot(CUSTOMER_FIRST);
        CallbackRequest request = chenAsksForACallback();
        ami.memberInCall("vip", AGENT, false);
        Map<String, String> vars = ami.awaitAction("Originate", 1, Duration.ofSeconds(5)).variables();
        PeerChannel callback = answeredCallback(vars, "9", "9");
        assertFalse("transfer".equals(callback.variables().get("FRONTDOOR_ACTION")));
        await("request closed", () -> store.find(request.id()).orElseThrow().state() == CallbackState.MISSED);
        assertEquals(CallbackAttempt.Outcome.DECLINED, store.attempts(request.id()).get(0).outcome());
        assertEquals("false", ami.awaitAction("QueuePause", 2, Duration.ofSeconds(5)).get("Paused"));
        assertNotNull(store.find(request.id()).orElseThrow().closedReason());
    }

    @Test
    void inAgentFirstModeTheAgentIsCalledFirstAndTheCustomerDialledOnHisWord() throws Exception {
        boot(CUSTOMER_FIRST + "vip:\n  mode: agent-first\n");
        CallbackRequest request = chenAsksForACallback();
        ami.memberInCall("vip", AGENT, false);
        AmiMessage originate = ami.awaitAction("Originate", 1, Duration.ofSeconds(5));
        assertEquals(AGENT, originate.get("Channel"), "the agent's phone rings first");
        Map<String, String> vars = originate.variables();
        assertEquals("agent", vars.get(DialRequest.LEG_VARIABLE));
        PeerChannel preview = answeredCallback(vars, "", "1", "1", "1");
        assertEquals("transfer", preview.variables().get("FRONTDOOR_ACTION"), preview.commands().toString());
        assertEquals(CHEN, preview.variables().get("FRONTDOOR_ROUTE"), "then the customer is dialled");
        await("request completed", () -> store.find(request.id()).orElseThrow().state() == CallbackState.COMPLETED);
        await("screen pop delivered", () -> !pops.isEmpty());
        assertEquals(true, pops.get(0).get("valid"));
    }
}
