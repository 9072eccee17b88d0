package io.frontdoor.ivr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code frontdoor agents ...}, run in-process against a real running server's admin API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentsCliTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final String TOKEN = "cli-test-token";

    FrontDoorServer server;

    private record Run(int exit, String out, String err) {
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "FRONTDOOR_HOME", REPO.toString(),
                "FRONTDOOR_DATA_DIR", dir.resolve("data").toString(),
                "FRONTDOOR_AGI_PORT", "0",
                "FRONTDOOR_SIP_PORT", "0",
                "FRONTDOOR_ESL_PORT", "0",
                "FRONTDOOR_ADMIN_PORT", "0",
                "FRONTDOOR_DIALPLANS_RELOAD_MS", "0",
                "FRONTDOOR_ADMIN_TOKEN", TOKEN,
                // fixed URIs nobody answers on: no call is placed in these tests
                "FRONTDOOR_SIP_AGENTS", "general/2001=sip:2001@127.0.0.1:9,vip/2002=sip:2002@127.0.0.1:9,vip/3001"));
        env.put("FRONTDOOR_SPEECH_ENABLED", "false"); // keys only: no Sphinx4 loading in the background
        server = FrontDoorServer.start(Settings.load(null, env));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The CLI with the server's token and, unless given, its admin port from the environment. */
    private Run frontdoor(Map<String, String> extra, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("FRONTDOOR_HOME", REPO.toString());
        env.put("FRONTDOOR_ADMIN_TOKEN", TOKEN);
        env.put("FRONTDOOR_ADMIN_PORT", Integer.toString(server.adminPort()));
        env.putAll(extra);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new FrontDoorCommand(env).commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run frontdoor(String... args) {
        return frontdoor(Map.of(), args);
    }

    @Test
    void listShowsEveryAgentAsATableOrJson() throws Exception {
        server.sipAgents().ready("2002", false);
        Run table = frontdoor("agents", "list");
        assertEquals(0, table.exit(), table.err());
        assertTrue(table.out().lines().anyMatch(l -> l.matches("2001\\s+general\\s+ready\\s+sip:2001@127.0.0.1:9")), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.matches("2002\\s+vip\\s+not-ready\\s+sip:2002@127.0.0.1:9")), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.matches("3001\\s+vip\\s+unreachable\\s+-")),
                "an agent that registers and has not: " + table.out());

        Run json = frontdoor("agents", "list", "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode agents = new ObjectMapper().readTree(json.out());
        assertEquals(3, agents.size(), json.out());
        assertEquals("2002", agents.get(1).get("id").asText());
        assertFalse(agents.get(1).get("ready").asBoolean());
        assertTrue(agents.get(2).get("registers").asBoolean());
        assertFalse(agents.get(2).get("reachable").asBoolean());
    }

    @Test
    void readyAndNotReadyChangeTheRunningServersAgents() {
        Run off = frontdoor("agents", "not-ready", "2001");
        assertEquals(0, off.exit(), off.err());
        assertEquals("agent 2001 is not-ready", off.out().strip());
        assertFalse(server.sipAgents().state("2001").ready());
        assertEquals(0, server.sipAgents().freeAgents("general").size());

        Run on = frontdoor(Map.of(), "agents", "ready", "2001", "--url", "http://127.0.0.1:" + server.adminPort() + "/");
        assertEquals(0, on.exit(), on.err());
        assertEquals("agent 2001 is ready", on.out().strip());
        assertTrue(server.sipAgents().state("2001").ready());
        assertEquals(1, server.sipAgents().freeAgents("general").size());
    }

    @Test
    void anUnknownAgentIsAnErrorWithExitCode1() {
        Run r = frontdoor("agents", "ready", "9999");
        assertEquals(1, r.exit(), r.out());
        assertEquals("frontdoor: the server answered 404: no agent '9999'", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void aWrongTokenIsAnErrorWithExitCode1() {
        Run r = frontdoor(Map.of("FRONTDOOR_ADMIN_TOKEN", "wrong"), "agents", "not-ready", "2001");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().startsWith("frontdoor: the server answered 401"), r.err());
        assertTrue(server.sipAgents().state("2001").ready(), "unchanged");
    }

    @Test
    void noServerRunningIsAClearErrorWithExitCode1() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Run r = frontdoor(Map.of("FRONTDOOR_ADMIN_PORT", Integer.toString(closed)), "agents", "list");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().startsWith("frontdoor: cannot reach the FrontDoor admin API at http://127.0.0.1:" + closed
                + " (is the server running?"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void configListsTheAdminKeysAndMasksTheToken() {
        Run r = frontdoor("config");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("FRONTDOOR_ADMIN_ENABLED") && r.out().contains("FRONTDOOR_ADMIN_BIND"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("admin\\.port\\s+" + server.adminPort())), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("admin\\.token\\s+\\*{8}")), r.out());
        assertFalse(r.out().contains(TOKEN), "the token is never printed");
    }
}
