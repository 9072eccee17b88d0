package io.frontdoor.ivr.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.ivr.server.FrontDoorServer;
import io.frontdoor.ivr.server.Settings;
import io.frontdoor.ivr.sip.media.G711;
import io.frontdoor.ivr.sip.media.PromptAudio;
import io.frontdoor.ivr.sip.media.RtpPacket;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
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
 * Callers waiting for SIP agents, the whole server with sipp phones: an agent who does not answer
 * is set not ready and the next one is tried; a waiting caller hears their place in line, and
 * again when it changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SipQueueAgentsTest {
    Path dir;
    Path repo;
    FrontDoorServer server;
    int agent1Port;
    int agent2Port;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        repo = Path.of("..").toAbsolutePath().normalize();
        Path flows = Files.createDirectories(tmp.resolve("dialplans"));
        Files.writeString(flows.resolve("q.yaml"), """
                name: q
                hotline: ["200"]
                language: en
                start: agent
                steps:
                  agent: { queue: { name: general } }
                """);
        Files.writeString(flows.resolve("zh.yaml"), """
                name: zh
                hotline: ["201"]
                language: zh
                start: agent
                steps:
                  agent: { queue: { name: general } }
                """);
        agent1Port = TestPorts.outsideEphemeralRange(0);
        agent2Port = TestPorts.outsideEphemeralRange(agent1Port);
        server = FrontDoorServer.start(Settings.load(null, Map.ofEntries(
                Map.entry("FRONTDOOR_HOME", repo.toString()),
                Map.entry("FRONTDOOR_DATA_DIR", dir.resolve("data").toString()),
                Map.entry("FRONTDOOR_DIALPLANS_DIR", flows.toString()),
                Map.entry("FRONTDOOR_AGI_PORT", "0"),
                Map.entry("FRONTDOOR_SIP_PORT", "0"),
                Map.entry("FRONTDOOR_ADMIN_PORT", "0"),
                Map.entry("FRONTDOOR_ESL_PORT", "0"),
                Map.entry("FRONTDOOR_DIALPLANS_RELOAD_MS", "0"),
                Map.entry("FRONTDOOR_SIP_QUEUE_RING_S", "3"),
                Map.entry("FRONTDOOR_SIP_QUEUE_POSITION_EVERY_S", "1"),
                Map.entry("FRONTDOOR_SIP_AGENTS", "general/2001=sip:2001@127.0.0.1:" + agent1Port
                        + ",general/2002=sip:2002@127.0.0.1:" + agent2Port))));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void agentsOnBreak() throws Exception {
        SipAgents agents = server.sipAgents();
        agents.ready("2001", false);
        agents.ready("2002", false);
        await("no caller left waiting from an earlier test", () -> agents.liveCallers("general").isEmpty());
        await("no agent in a call from an earlier test", () -> agents.describe().stream().noneMatch(d -> d.endsWith("in-call")));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        io.frontdoor.ivr.Await.until(what, Duration.ofSeconds(30), condition);
    }

    private CompletableFuture<Sipp.Result> call(String scenario, String caller, RtpPeer media, String... more) {
        return call(scenario, "200", caller, media, more);
    }

    private CompletableFuture<Sipp.Result> call(String scenario, String dialled, String caller, RtpPeer media,
            String... more) {
        Map<String, String> k = new HashMap<>(Map.of("dialled", dialled, "caller", caller,
                "rtp_port", Integer.toString(media.port()), "codecs", "0 8"));
        for (int i = 0; i < more.length; i += 2) {
            k.put(more[i], more[i + 1]);
        }
        Sipp sipp = new Sipp(dir);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return sipp.run(scenario, server.sipPort(), k);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    private Sipp.Running answeringAgent(int port, RtpPeer media, String expectCaller) throws Exception {
        return new Sipp(dir).start("uas-queue-agent.xml", null, port, Map.of("rtp_port", Integer.toString(media.port()),
                "pause", "1000", "expect_caller", "\\" + expectCaller));
    }

    private Interaction lastCallFrom(String phone) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            assertTrue(server.interactions().awaitWritten(Duration.ofSeconds(10)));
            var found = server.interactions().find(InteractionQuery.all(200)).stream()
                    .filter(i -> phone.equals(i.phone()) && i.outcome() != null)
                    .max(Comparator.comparing(Interaction::startedAt));
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no call from " + phone + " on the timeline");
    }

    private void anAgentWhoDoesNotAnswerIsSetNotReadyAndTheNextOneTakesTheCaller(Sipp.Running first, String caller)
            throws Exception {
        SipAgents agents = server.sipAgents();
        try (RtpPeer media = new RtpPeer(); RtpPeer agentMedia = new RtpPeer()) {
            Sipp.Running second = answeringAgent(agent2Port, agentMedia, caller);
            try {
                agents.ready("2001", true); // first in the configuration: offered the caller first
                agents.ready("2002", true);
                CompletableFuture<Sipp.Result> sipp = call("caller.xml", caller, media);
                Sipp.Result refused = first.await();
                assertTrue(refused.passed(), "the first agent was offered the call and did not take it: " + refused);
                Sipp.Result taken = second.await();
                assertTrue(taken.passed(), "the next agent got the caller: " + taken);
                Sipp.Result callerSide = sipp.get(60, TimeUnit.SECONDS);
                assertTrue(callerSide.passed(), "the caller was bridged, then hung up with the agent: " + callerSide);
                assertEquals(Outcome.QUEUED, lastCallFrom(caller).outcome());
                assertFalse(agents.state("2001").ready(), "the agent who did not answer is not ready");
                assertFalse(agents.state("2001").busy());
                assertTrue(agents.state("2002").ready(), "the one who answered stays ready");
            } finally {
                first.stop();
                second.stop();
            }
        }
    }

    @Test
    void anAgentWhoLetsItRingIsSetNotReadyAndTheCallerGoesToTheNextAgent() throws Exception {
        Sipp.Running ringing = new Sipp(dir).start("uas-agent-no-answer.xml", null, agent1Port, Map.of());
        anAgentWhoDoesNotAnswerIsSetNotReadyAndTheNextOneTakesTheCaller(ringing, "+8613900139101");
    }

    @Test
    void anAgentWhoIsBusyOrDeclinesIsSetNotReadyToo() throws Exception {
        Sipp.Running busy = new Sipp(dir).start("uas-agent-refuses.xml", null, agent1Port, Map.of("status", "486"));
        anAgentWhoDoesNotAnswerIsSetNotReadyAndTheNextOneTakesTheCaller(busy, "+8613900139102");
        Sipp.Running declines = new Sipp(dir).start("uas-agent-refuses.xml", null, agent1Port, Map.of("status", "603"));
        anAgentWhoDoesNotAnswerIsSetNotReadyAndTheNextOneTakesTheCaller(declines, "+8613900139103");
    }

    /** Each playback as received (PCMU payloads from one marker to the next). */
    private static List<byte[]> playbacks(List<RtpPeer.Received> packets) {
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream current = null;
        for (RtpPeer.Received r : packets) {
            RtpPacket p = r.packet();
            if (p.marker()) {
                if (current != null) {
                    out.add(current.toByteArray());
                }
                current = new ByteArrayOutputStream();
            }
            if (current != null && p.payloadType() == 0) {
                current.write(p.data(), p.payloadOffset(), p.payloadLength());
            }
        }
        if (current != null) {
            out.add(current.toByteArray());
        }
        return out;
    }

    private byte[] encoded(Path wav) throws Exception {
        return new PromptAudio().encoded(wav, G711.PCMU);
    }

    /** "You are number" + the number as the server's TTS speaks it + "in line", as PCMU. */
    private byte[] placeInLine(int n) throws Exception {
        return placeInLine(n, "en");
    }

    private byte[] placeInLine(int n, String lang) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(encoded(repo.resolve("prompts/" + lang + "/queue.position_before.wav")));
        out.write(encoded(server.prompts().speak(Integer.toString(n), lang).localFile()));
        out.write(encoded(repo.resolve("prompts/" + lang + "/queue.position_after.wav")));
        return out.toByteArray();
    }

    @Test
    void aMandarinCallerHearsTheirPlaceInMandarin() throws Exception {
        SipAgents agents = server.sipAgents();
        byte[] hello = concat(encoded(repo.resolve("prompts/zh/queue.hold.wav")), placeInLine(1, "zh"));
        try (RtpPeer media = new RtpPeer()) {
            CompletableFuture<Sipp.Result> caller = call("caller-hangs-up.xml", "201", "+8613900139121", media,
                    "pause", "20000");
            await("the caller waits", () -> agents.liveCallers("general").size() == 1);
            await("the hold prompt and the place have been heard",
                    () -> !playbacks(media.packets()).isEmpty() && playbacks(media.packets()).get(0).length >= hello.length);
            assertArrayEquals(hello, java.util.Arrays.copyOf(playbacks(media.packets()).get(0), hello.length),
                    "坐席正忙… then 您现在排在第 一 位, sample for sample");
            assertTrue(caller.get(60, TimeUnit.SECONDS).passed());
        }
    }

    private static boolean startsWith(byte[] heard, byte[] expected) {
        return heard.length >= expected.length
                && java.util.Arrays.equals(java.util.Arrays.copyOf(heard, expected.length), expected);
    }

    @Test
    void aWaitingCallerHearsTheirPlaceInLineAndAgainWhenItChanges() throws Exception {
        SipAgents agents = server.sipAgents();
        byte[] hold = encoded(repo.resolve("prompts/en/queue.hold.wav"));
        byte[] second = placeInLine(2);
        byte[] first = placeInLine(1);
        try (RtpPeer a = new RtpPeer(); RtpPeer b = new RtpPeer(); RtpPeer agentMedia = new RtpPeer()) {
            CompletableFuture<Sipp.Result> callerA = call("caller.xml", "+8613900139111", a);
            await("the first caller waits", () -> agents.liveCallers("general").size() == 1);
            CompletableFuture<Sipp.Result> callerB = call("caller-hangs-up.xml", "+8613900139112", b, "pause", "40000");
            await("both wait", () -> agents.liveCallers("general").size() == 2);

            byte[] hello = new byte[hold.length + second.length];
            System.arraycopy(hold, 0, hello, 0, hold.length);
            System.arraycopy(second, 0, hello, hold.length, second.length);
            await("the second caller has heard the hold prompt and their place",
                    () -> !playbacks(b.packets()).isEmpty() && playbacks(b.packets()).get(0).length >= hello.length);
            assertArrayEquals(hello, java.util.Arrays.copyOf(playbacks(b.packets()).get(0), hello.length),
                    "queue.hold, then 'You are number' 'two' 'in line', sample for sample");
            assertTrue(startsWith(playbacks(a.packets()).get(0), hold), "the first caller hears the hold prompt too");

            Sipp.Running agent = answeringAgent(agent1Port, agentMedia, "+8613900139111");
            try {
                agents.ready("2001", true); // takes the first caller: the second is now first in line
                await("agent 2001 takes the first caller", () -> agents.describe().contains("general/2001 in-call"));
                agents.ready("2001", false); // a break after this call
                assertTrue(agent.await().passed());
                assertTrue(callerA.get(60, TimeUnit.SECONDS).passed());
                await("the second caller hears their new place", () -> playbacks(b.packets()).stream()
                        .skip(1).anyMatch(p -> startsWith(p, first) || startsWith(p, concat(hold, first))));
                Sipp.Result r = callerB.get(90, TimeUnit.SECONDS);
                assertTrue(r.passed(), r.toString());
            } finally {
                agent.stop();
            }
        }
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] out = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }
}
