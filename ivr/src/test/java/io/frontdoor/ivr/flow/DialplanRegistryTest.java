package io.frontdoor.ivr.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DialplanRegistryTest {
    static String flow(String hotline, String queue) {
        return """
                hotline: "%s"
                start: agent
                steps:
                  agent: { queue: { name: %s } }
                """.formatted(hotline, queue);
    }

    static final String BROKEN = """
            hotline: "200"
            start: agent
            steps:
              agent: { queue: { name: general } }
              menu: { menu: { prompt: menu.main, choices: { "1": nowhere }, on_fail: agent } }
            """;

    @TempDir
    Path dir;

    private String queueOf(DialplanRegistry registry, String dialled) {
        RecordingCall call = new RecordingCall().dialled(dialled);
        FakeCallers.Log log = new FakeCallers.Log();
        new FlowRunner(registry, FakeCallers.Identifier.always(io.frontdoor.ivr.caller.Caller.unknown(null, "")),
                new FakeAudioCatalog(), log, FlowHarness.MONDAY_10AM).handle(call);
        return String.join(",", call.events("queue:"));
    }

    @Test
    void aReloadTellsItsListenersAndWhichFlowsTakeSpeech() {
        FlowHarness h = new FlowHarness(dir).file("sales.yaml", flow("200", "sales"));
        DialplanRegistry registry = h.registry();
        java.util.concurrent.atomic.AtomicInteger reloads = new java.util.concurrent.atomic.AtomicInteger();
        registry.onReload(reloads::incrementAndGet);
        assertEquals(List.of(), registry.flowsTakingSpeech(), "keys only: the recognizers are not needed");

        h.file("spoken.yaml", """
                hotline: "300"
                language: en
                start: menu
                steps:
                  menu: { menu: { prompt: menu.main, choices: { "1": { goto: agent, say: [agent] } }, on_fail: agent } }
                  agent: { queue: { name: general } }
                """);
        ReloadReport r = registry.reload();
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(1, reloads.get());
        assertEquals(List.of("spoken"), registry.flowsTakingSpeech());
    }

    @Test
    void brokenEditKeepsThePreviousFlowServingAndAFixedFileIsPickedUp() {
        FlowHarness h = new FlowHarness(dir).file("sales.yaml", flow("200", "sales"));
        DialplanRegistry registry = h.registry();
        assertEquals("sales/0", queueOf(registry, "200"));

        h.file("sales.yaml", BROKEN);
        ReloadReport broken = registry.reload();
        assertEquals(List.of(dir.resolve("sales.yaml") + ":5: step 'menu' goes to unknown step 'nowhere'"),
                broken.errors());
        assertEquals(List.of("sales"), broken.serving());
        assertEquals("sales/0", queueOf(registry, "200"));

        h.file("sales.yaml", flow("200", "sales_v2"));
        ReloadReport fixed = registry.reload();
        assertTrue(fixed.ok(), fixed.errors().toString());
        assertEquals("sales_v2/0", queueOf(registry, "200"));
    }

    @Test
    void newBadFileIsNotLoadedAndOthersKeepServing() {
        FlowHarness h = new FlowHarness(dir).file("sales.yaml", flow("200", "sales"));
        DialplanRegistry registry = h.registry();
        h.file("support.yaml", BROKEN.replace("\"200\"", "\"300\""));
        ReloadReport report = registry.reload();

        assertFalse(report.ok());
        assertEquals(List.of("sales"), report.serving());
        assertTrue(registry.flow("support").isEmpty());
    }

    @Test
    void hotlineBoundByTwoFilesIsRejectedInTheSecondFile() {
        FlowHarness h = new FlowHarness(dir).file("a.yaml", flow("+86 400-1", "a")).file("b.yaml", flow("864001", "b"));
        ReloadReport report = h.registry().lastReport();

        assertEquals(List.of(dir.resolve("b.yaml") + ":1: hotline '864001' is already bound to flow 'a' ("
                + dir.resolve("a.yaml") + ")"), report.errors());
        assertEquals(List.of("a"), report.serving());
        assertEquals(List.of(dir.resolve("b.yaml") + ":1: hotline '864001' is already bound to flow 'a' ("
                + dir.resolve("a.yaml") + ")"), DialplanCheck.check(dir, null));
    }

    @Test
    void editThatStealsAnotherFlowsHotlineKeepsThePreviousVersion() {
        FlowHarness h = new FlowHarness(dir).file("a.yaml", flow("100", "a")).file("b.yaml", flow("200", "b"));
        DialplanRegistry registry = h.registry();
        h.file("b.yaml", flow("100", "b2"));
        ReloadReport report = registry.reload();

        assertEquals(1, report.errors().size(), report.errors().toString());
        assertEquals("b/0", queueOf(registry, "200"));
        assertEquals("a/0", queueOf(registry, "100"));
    }

    @Test
    void deletedFileStopsServing() throws Exception {
        FlowHarness h = new FlowHarness(dir).file("a.yaml", flow("100", "a")).file("b.yaml", flow("200", "b"));
        DialplanRegistry registry = h.registry();
        Files.delete(dir.resolve("b.yaml"));

        assertEquals(List.of("a"), registry.reload().serving());
    }

    @Test
    void checkOfASingleFileReportsItsErrors() {
        new FlowHarness(dir).file("x.yaml", BROKEN);
        assertEquals(List.of(dir.resolve("x.yaml") + ":5: step 'menu' goes to unknown step 'nowhere'"),
                DialplanCheck.check(dir.resolve("x.yaml"), null));
        assertEquals(List.of(dir.resolve("nope.yaml") + ":1: no such file or directory"),
                DialplanCheck.check(dir.resolve("nope.yaml"), null));
    }

    @Test
    void watcherReloadsAChangedFile() throws Exception {
        new FlowHarness(dir).file("a.yaml", flow("100", "a"));
        try (DialplanRegistry registry = new DialplanRegistry(dir, null, Duration.ofMillis(20))) {
            Files.writeString(dir.resolve("b.yaml"), flow("200", "b"));
            // waits for the watcher, however slow the machine: this checks that it reloads, not how fast
            for (int i = 0; i < 500 && registry.flow("b").isEmpty(); i++) {
                Thread.sleep(20);
            }
            assertTrue(registry.flow("b").isPresent());
        }
    }
}
