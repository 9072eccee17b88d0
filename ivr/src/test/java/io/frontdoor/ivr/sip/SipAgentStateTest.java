package io.frontdoor.ivr.sip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.ivr.server.FrontDoorServer;
import io.frontdoor.ivr.server.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent's ready / not-ready state is in the database: a restarted server still has it. */
class SipAgentStateTest {
    @TempDir
    Path dir;

    private FrontDoorServer start() throws Exception {
        Path flows = dir.resolve("dialplans");
        if (!Files.isDirectory(flows)) {
            Files.createDirectories(flows);
            Files.writeString(flows.resolve("q.yaml"), """
                    name: q
                    hotline: ["200"]
                    language: en
                    start: agent
                    steps:
                      agent: { queue: { name: general } }
                    """);
        }
        return FrontDoorServer.start(Settings.load(null, Map.of(
                "FRONTDOOR_HOME", Path.of("..").toAbsolutePath().normalize().toString(),
                "FRONTDOOR_DATA_DIR", dir.resolve("data").toString(),
                "FRONTDOOR_DIALPLANS_DIR", flows.toString(),
                "FRONTDOOR_AGI_PORT", "0",
                "FRONTDOOR_SIP_PORT", "0",
                "FRONTDOOR_ADMIN_PORT", "0",
                "FRONTDOOR_ESL_PORT", "0",
                "FRONTDOOR_DIALPLANS_RELOAD_MS", "0",
                "FRONTDOOR_SIP_AGENTS", "general/2001=sip:2001@127.0.0.1:5999,general/2002=sip:2002@127.0.0.1:5998,general/2003")));
    }

    @Test
    void anAgentOnABreakIsStillOnItAfterARestart() throws Exception {
        try (FrontDoorServer server = start()) {
            SipAgents agents = server.sipAgents();
            assertTrue(agents.state("2001").ready() && agents.state("2002").ready(), "agents start ready");
            agents.ready("2001", false, "admin API");
            agents.ready("2003", false, "admin API");
            agents.ready("2003", true, "admin API");
        }
        try (FrontDoorServer server = start()) {
            SipAgents agents = server.sipAgents();
            assertFalse(agents.state("2001").ready(), "still on a break after the restart");
            assertTrue(agents.state("2002").ready(), "never set: ready");
            assertTrue(agents.state("2003").ready(), "the last state counts");
            assertTrue(agents.freeAgents("general").stream().noneMatch(a -> a.id().equals("2001")));
            agents.ready("2001", true, "admin API");
        }
        try (FrontDoorServer server = start()) {
            assertTrue(server.sipAgents().state("2001").ready(), "back from the break, after a restart too");
        }
    }
}
