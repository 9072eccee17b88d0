package io.frontdoor.ivr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsNeedNoFileAtAll() {
        Settings s = Settings.load(null, Map.of("FRONTDOOR_HOME", "/opt/frontdoor"));
        assertEquals(4573, s.integer("agi.port"));
        assertEquals("127.0.0.1", s.text("agi.bind"));
        assertEquals(Path.of("/opt/frontdoor/data"), s.path("data-dir"));
        assertEquals(Path.of("/opt/frontdoor/data/tts"), s.path("tts.cache-dir"));
        assertEquals(Path.of("/opt/frontdoor/dialplans"), s.path("dialplans.dir"));
    }

    @Test
    void fileValuesAreNestedYamlAndEnvironmentWins() throws Exception {
        Path file = dir.resolve("frontdoor.yaml");
        Files.writeString(file, "agi:\n  port: 5000\n  bind: 0.0.0.0\ndata-dir: /srv/fd\ncallerid:\n  trusted-entry-points: [from-trunk, from-sbc]\n");
        Settings s = Settings.load(file, Map.of("FRONTDOOR_AGI_PORT", "6000"));
        assertEquals(6000, s.integer("agi.port"));
        assertEquals("0.0.0.0", s.text("agi.bind"));
        assertEquals(Path.of("/srv/fd/tts"), s.path("tts.cache-dir"));
        assertEquals(java.util.Set.of("from-trunk", "from-sbc"), s.list("callerid.trusted-entry-points"));
        assertEquals(Path.of("/srv/fd"), Settings.load(null, Map.of("FRONTDOOR_DATA_DIR", "/srv/fd")).path("data-dir"));
    }

    @Test
    void badValuesAndUnknownKeysStopStartUpWithTheirNames() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "agi:\n  prot: 5000\ncallerid:\n  trust: sometimes\n");
        var e = assertThrows(IllegalArgumentException.class, () -> Settings.load(file, Map.of("FRONTDOOR_AGI_PORT", "http")));
        assertTrue(e.getMessage().contains("unknown key 'agi.prot'"), e.getMessage());
        assertTrue(e.getMessage().contains("callerid.trust (FRONTDOOR_CALLERID_TRUST) = 'sometimes'"), e.getMessage());
        assertTrue(e.getMessage().contains("agi.port (FRONTDOOR_AGI_PORT) = 'http': must be a whole number"), e.getMessage());
    }
}
