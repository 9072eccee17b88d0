package io.frontdoor.ivr.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.queue.QueuePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueuePolicyLoaderTest {

    @Test
    void theShippedFileLoadsAndQueuesInheritTheDefault() {
        var result = QueuePolicyLoader.load(Path.of("../dialplans/callbacks/queues.yaml"));
        assertEquals(List.of(), result.errors());
        QueuePolicy vip = result.lookup().apply("vip");
        QueuePolicy other = result.lookup().apply("general");
        assertEquals(List.of(Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(15)), vip.retryDelays());
        assertEquals("+861095588", vip.callerId(), "inherited from default");
        assertEquals("general", other.queue());
        assertEquals(4, other.maxAttempts());
        ZonedDateTime sunday = ZonedDateTime.of(2026, 11, 22, 20, 0, 0, 0, ZoneId.of("Asia/Shanghai"));
        assertTrue(vip.isOpen(sunday.toInstant()));
        assertFalse(other.isOpen(sunday.toInstant()));
    }

    @Test
    void errorsNameTheLineAndRejectTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("queues.yaml");
        Files.writeString(f, """
                default:
                  mode: customer-first
                  retry: [2m, soon]
                vip:
                  mode: robot
                  colour: blue
                """);
        var result = QueuePolicyLoader.load(f);
        assertEquals(3, result.errors().size(), result.errors().toString());
        assertTrue(result.errors().get(0).startsWith(f + ":3:"), result.errors().toString());
        assertTrue(result.errors().stream().anyMatch(e -> e.startsWith(f + ":5:") && e.contains("robot")));
        assertTrue(result.errors().stream().anyMatch(e -> e.contains("colour")));
        assertTrue(result.queues().isEmpty());
    }

    @Test
    void noFileMeansAlwaysOpenCustomerFirst(@TempDir Path dir) {
        var result = QueuePolicyLoader.load(dir.resolve("missing.yaml"));
        assertEquals(List.of(), result.errors());
        assertEquals(QueuePolicy.Mode.CUSTOMER_FIRST, result.lookup().apply("x").mode());
    }
}
