package io.frontdoor.ivr.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The speech recognizers (Sphinx4, ~90 MB each) are loaded only when a flow can use them. */
class SpeechLoadingTest {

    @Test
    void aServerWhoseFlowsTakeKeysOnlyNeverLoadsTheRecognizersEvenWithSipOn(@TempDir Path tmp) throws Exception {
        Path flows = Files.createDirectories(tmp.resolve("flows"));
        Files.writeString(flows.resolve("keys.yaml"), """
                hotline: "100"
                language: en
                start: menu
                steps:
                  menu: { menu: { prompt: menu.main, choices: { "1": bye }, on_fail: bye } }
                  bye: { hangup: {} }
                """);
        try (FrontDoorServer server = FrontDoorServer.start(Settings.load(null, Map.of(
                "FRONTDOOR_HOME", Path.of("..").toAbsolutePath().normalize().toString(),
                "FRONTDOOR_DATA_DIR", tmp.resolve("data").toString(),
                "FRONTDOOR_DIALPLANS_DIR", flows.toString(),
                "FRONTDOOR_AGI_PORT", "0", "FRONTDOOR_SIP_PORT", "0", "FRONTDOOR_ESL_PORT", "0",
                "FRONTDOOR_ADMIN_PORT", "0",
                "FRONTDOOR_DIALPLANS_RELOAD_MS", "0",
                "FRONTDOOR_SMS_ENABLED", "false")))) {
            assertNotNull(server.speech(), "speech is on");
            assertFalse(server.speech().loading(), "no flow has a speech menu: nothing to load");
        }
    }
}
