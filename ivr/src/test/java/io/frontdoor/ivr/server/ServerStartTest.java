package io.frontdoor.ivr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that cannot start leaves nothing of itself running. */
class ServerStartTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @Test
    void aPartThatFailsToStartStopsThePartsStartedBeforeIt(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Settings blocked = settings(data, taken.getLocalPort());
            // the embedded database opens first, then the SIP endpoint finds its port taken
            assertThrows(RuntimeException.class, () -> FrontDoorServer.start(blocked));
            assertEquals(0, lockFiles(data), "the database opened before the failure is closed again");
        }
        try (FrontDoorServer server = FrontDoorServer.start(settings(data, 0))) {
            assertTrue(server.agiPort() > 0, "the same data directory serves at once");
            assertEquals(1, lockFiles(data));
        }
        assertEquals(0, lockFiles(data));
    }

    private static long lockFiles(Path data) throws Exception {
        if (!Files.isDirectory(data)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(data)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".lock.db")).count();
        }
    }

    private static Settings settings(Path data, int sipPort) {
        return Settings.load(null, Map.of(
                "FRONTDOOR_HOME", REPO.toString(),
                "FRONTDOOR_DATA_DIR", data.toString(),
                "FRONTDOOR_AGI_PORT", "0", "FRONTDOOR_SIP_PORT", String.valueOf(sipPort),
                "FRONTDOOR_ESL_PORT", "0", "FRONTDOOR_ADMIN_PORT", "0",
                "FRONTDOOR_DIALPLANS_RELOAD_MS", "0", "FRONTDOOR_SPEECH_ENABLED", "false"));
    }
}
