package io.frontdoor.ivr.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.frontdoor.ivr.server.FrontDoorServer;
import io.frontdoor.ivr.server.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin HTTP API over real HTTP against the whole server: SIP agents set ready and not ready
 * by an agent desktop, sipp as the caller's and the agents' phones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
    private static final String TOKEN = "s3cret-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    Path dir;
    FrontDoorServer server;
    int agent1Port;
    int agent2Port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Path flows = Files.createDirectories(tmp.resolve("dialplans"));
        Files.writeString(flows.resolve("queue.yaml"), """
                name: queue
                hotline: ["200"]
                language: en
                start: agent
                steps:
                  agent: { queue: { name: general, priority: 0 } }
                """);
        agent1Port = freeUdpPort(0);
        agent2Port = freeUdpPort(agent1Port);
        Map<String, String> env = new HashMap<>(Map.of(
                "FRONTDOOR_HOME", repo.toString(),
                "FRONTDOOR_DATA_DIR", dir.resolve("data").toString(),
                "FRONTDOOR_DIALPLANS_DIR", flows.toString(),
                "FRONTDOOR_AGI_PORT", "0",
                "FRONTDOOR_SIP_PORT", "0",
                "FRONTDOOR_ESL_PORT", "0",
                "FRONTDOOR_ADMIN_PORT", "0",
                "FRONTDOOR_DIALPLANS_RELOAD_MS", "0"));
        env.put("FRONTDOOR_ADMIN_TOKEN", TOKEN);
        env.put("FRONTDOOR_SIP_AGENTS", "general/2001=sip:2001@127.0.0.1:" + agent1Port
                + ",general/2002=sip:2002@127.0.0.1:" + agent2Port + ",vip/2001");
        server = FrontDoorServer.start(Settings.load(null, env));
    }

    /** A UDP port outside the ephemeral range, so no other phone of the test is given it meanwhile. */
    private static int freeUdpPort(int not) throws Exception {
        for (int i = 0; i < 100; i++) {
            int port = 20000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(10000);
            if (port == not) {
                continue;
            }
            try (java.net.DatagramSocket s = new java.net.DatagramSocket(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (java.net.SocketException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free UDP port in 20000-29999");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void agentsOnBreak() throws Exception {
        assertEquals(200, post("/agents/2001/not-ready", TOKEN).statusCode());
        assertEquals(200, post("/agents/2002/not-ready", TOKEN).statusCode());
        SipAgents agents = server.sipAgents();
        await("no caller left waiting from an earlier test", () -> agents.liveCallers("general").isEmpty());
        await("no agent in a call from an earlier test", () -> agents.snapshot().stream().noneMatch(a -> a.busy()));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        io.frontdoor.ivr.Await.until(what, Duration.ofSeconds(30), condition);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.adminPort() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        return JSON.readTree(r.body());
    }

    private JsonNode agentFromList(String id) throws Exception {
        HttpResponse<String> r = get("/agents", TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        for (JsonNode a : json(r)) {
            if (a.get("id").asText().equals(id)) {
                return a;
            }
        }
        throw new AssertionError("no agent " + id + " in " + r.body());
    }

    @Test
    void healthAnswersUp() throws Exception {
        HttpResponse<String> r = get("/health", TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("up", json(r).get("status").asText());
    }

    @Test
    void mediaShowsTheRtpClocksFiguresAndResetRestartsTheWindow() throws Exception {
        HttpResponse<String> r = get("/media", TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode m = json(r);
        for (String k : new String[] {"streams_live", "clock_threads", "packets_sent", "packets_relayed", "ticks", "clock_resyncs"}) {
            assertTrue(m.get(k).isNumber(), k + " in " + r.body());
        }
        for (String k : new String[] {"send_lateness_ms", "send_jitter_ms", "tick_wake_late_ms", "tick_work_ms"}) {
            JsonNode f = m.get("window").get(k);
            assertTrue(f.get("count").isNumber() && f.get("p99").isNumber() && f.get("max").isNumber(), k + ": " + r.body());
            assertTrue(m.get("total").get(k).get("count").asLong() >= f.get("count").asLong(), k);
        }
        assertTrue(m.get("total").get("tick_work_ms").get("count").asLong() > 0, "the clock ticks: " + r.body());
        HttpResponse<String> reset = post("/media/reset", TOKEN);
        assertEquals(200, reset.statusCode(), reset.body());
        String since = json(reset).get("window").get("since").asText();
        String next = json(get("/media", TOKEN)).get("window").get("since").asText();
        assertTrue(java.time.Instant.parse(next).isAfter(java.time.Instant.parse(since)), since + " then " + next);
        assertEquals(405, post("/media", TOKEN).statusCode());
        assertEquals(401, get("/media", null).statusCode());
    }

    @Test
    void theAgentListShowsQueuesReachabilityAndReadiness() throws Exception {
        JsonNode a = agentFromList("2001");
        assertEquals("[\"general\",\"vip\"]", a.get("queues").toString(), "one agent in two queues");
        assertEquals("sip:2001@127.0.0.1:" + agent1Port, a.get("uri").asText());
        assertTrue(a.get("reachable").asBoolean());
        assertFalse(a.get("registers").asBoolean());
        assertFalse(a.get("ready").asBoolean(), "set not ready before each test");
        assertFalse(a.get("busy").asBoolean());
        assertEquals("not-ready", a.get("state").asText());
        assertEquals(2, json(get("/agents", TOKEN)).size(), "each agent once, whatever its queues");
    }

    @Test
    void readyAndNotReadyChangeTheStateTheApiAndTheServerReport() throws Exception {
        HttpResponse<String> r = post("/agents/2002/ready", TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode state = json(r);
        assertEquals("2002", state.get("id").asText());
        assertTrue(state.get("ready").asBoolean(), r.body());
        assertEquals("ready", state.get("state").asText());
        assertTrue(server.sipAgents().state("2002").ready(), "the server's agents see it");
        assertEquals(1, server.sipAgents().figures("general").available());
        assertTrue(agentFromList("2002").get("ready").asBoolean());

        r = post("/agents/2002/not-ready", TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        assertFalse(json(r).get("ready").asBoolean(), r.body());
        assertFalse(server.sipAgents().state("2002").ready());
        assertEquals(0, server.sipAgents().figures("general").available());
    }

    @Test
    void aWaitingCallerGoesToTheAgentSetReadyOverHttp() throws Exception {
        SipAgents agents = server.sipAgents();
        try (RtpPeer caller = new RtpPeer(); RtpPeer a2 = new RtpPeer()) {
            Sipp sipp = new Sipp(dir);
            CompletableFuture<Sipp.Result> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return sipp.run("caller.xml", server.sipPort(), Map.of("dialled", "200", "caller", "+8613900139011",
                            "rtp_port", Integer.toString(caller.port()), "codecs", "0 8"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, task -> Thread.ofVirtual().start(task));
            await("the caller waits in line", () -> agents.liveCallers("general").size() == 1);
            Sipp.Running phone2 = new Sipp(dir).start("uas-queue-agent.xml", null, agent2Port, Map.of(
                    "rtp_port", Integer.toString(a2.port()), "pause", "500", "expect_caller", "\\+8613900139011"));
            try {
                assertEquals(1, agents.liveCallers("general").size(), "nobody takes the caller while both are not ready");
                HttpResponse<String> r = post("/agents/2002/ready", TOKEN);
                assertEquals(200, r.statusCode(), r.body());
                Sipp.Result agentSide = phone2.await();
                assertTrue(agentSide.passed(), "agent 2002, set ready over HTTP, gets the caller: " + agentSide);
                assertTrue(call.get(60, TimeUnit.SECONDS).passed());
                assertFalse(agents.state("2001").busy(), "agent 2001 stayed on their break");
            } finally {
                phone2.stop();
            }
        }
    }

    @Test
    void aWrongOrMissingTokenIsRefused() throws Exception {
        HttpResponse<String> wrong = post("/agents/2002/ready", "not-the-token");
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertTrue(json(wrong).get("error").asText().contains("token"), wrong.body());
        assertEquals(401, get("/health", null).statusCode());
        assertFalse(server.sipAgents().state("2002").ready(), "a refused request changes nothing");
    }

    @Test
    void anUnknownAgentOrPathIs404() throws Exception {
        HttpResponse<String> r = post("/agents/9999/ready", TOKEN);
        assertEquals(404, r.statusCode(), r.body());
        assertEquals("no agent '9999'", json(r).get("error").asText());
        assertEquals(404, get("/nothing-here", TOKEN).statusCode());
    }

    @Test
    void aWrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> r = get("/agents/2002/ready", TOKEN);
        assertEquals(405, r.statusCode(), r.body());
        assertEquals("POST", r.headers().firstValue("Allow").orElse(null));
        assertTrue(json(r).has("error"));
        HttpResponse<String> p = post("/agents", TOKEN);
        assertEquals(405, p.statusCode(), p.body());
        assertEquals("GET", p.headers().firstValue("Allow").orElse(null));
        assertFalse(server.sipAgents().state("2002").ready());
    }

    @Test
    void agentsAre409WhenCallbacksGoThroughAsterisk(@TempDir Path other) throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // nothing listens there afterwards: AMI keeps retrying in the background
        }
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Map<String, String> env = new HashMap<>(Map.of(
                "FRONTDOOR_HOME", repo.toString(),
                "FRONTDOOR_DATA_DIR", other.resolve("data").toString(),
                "FRONTDOOR_AGI_PORT", "0",
                "FRONTDOOR_SIP_PORT", "0",
                "FRONTDOOR_ESL_PORT", "0",
                "FRONTDOOR_ADMIN_PORT", "0",
                "FRONTDOOR_DIALPLANS_RELOAD_MS", "0",
                "FRONTDOOR_CALLBACK_ENABLED", "true",
                "FRONTDOOR_CALLBACK_SWITCH", "asterisk",
                "FRONTDOOR_AMI_PORT", Integer.toString(closedPort)));
        env.put("FRONTDOOR_SPEECH_ENABLED", "false"); // keys only: no Sphinx4 loading in the background
        env.put("FRONTDOOR_SIP_AGENTS", "general/2001=sip:2001@127.0.0.1:" + agent1Port);
        try (FrontDoorServer asterisk = FrontDoorServer.start(Settings.load(null, env))) {
            HttpClient c = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + asterisk.adminPort());
            HttpResponse<String> list = c.send(HttpRequest.newBuilder(base.resolve("/agents")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(409, list.statusCode(), list.body());
            assertTrue(json(list).get("error").asText().contains("Asterisk queue members"), list.body());
            HttpResponse<String> ready = c.send(HttpRequest.newBuilder(base.resolve("/agents/2001/ready"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(409, ready.statusCode(), ready.body());
            assertTrue(asterisk.sipAgents().state("2001").ready(), "untouched: agents start ready");
            HttpResponse<String> health = c.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "no token configured: none needed");
        }
    }

    @Test
    void anAdminApiOpenToOtherHostsWithoutATokenIsRefusedAtStart(@TempDir Path other) {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Settings s = Settings.load(null, Map.of(
                "FRONTDOOR_HOME", repo.toString(),
                "FRONTDOOR_DATA_DIR", other.resolve("data").toString(),
                "FRONTDOOR_AGI_PORT", "0", "FRONTDOOR_SIP_PORT", "0", "FRONTDOOR_ESL_PORT", "0",
                "FRONTDOOR_ADMIN_PORT", "0", "FRONTDOOR_ADMIN_BIND", "0.0.0.0"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FrontDoorServer.start(s));
        assertTrue(e.getMessage().contains("admin.token"), e.getMessage());
        assertFalse(Files.exists(other.resolve("data")), "refused before anything was opened");
    }
}
