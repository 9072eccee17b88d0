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
 * Callers waiting on the line for a SIP agent: the whole server with flows that go straight to a
 * queue, sipp as the callers' and the agents' phones, test sockets as their media.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SipQueueOverSipTest {
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
        Files.writeString(flows.resolve("low.yaml"), """
                name: low
                hotline: ["200"]
                language: en
                start: agent
                steps:
                  agent: { queue: { name: general, priority: 0 } }
                """);
        Files.writeString(flows.resolve("high.yaml"), """
                name: high
                hotline: ["201"]
                language: en
                start: agent
                steps:
                  agent: { queue: { name: general, priority: 5 } }
                """);
        // fixed for the whole class, so kept out of the ephemeral range the other phones' ports come from
        agent1Port = portOutsideEphemeralRange(0);
        agent2Port = portOutsideEphemeralRange(agent1Port);
        server = FrontDoorServer.start(Settings.load(null, Map.of(
                "FRONTDOOR_HOME", repo.toString(),
                "FRONTDOOR_DATA_DIR", dir.resolve("data").toString(),
                "FRONTDOOR_DIALPLANS_DIR", flows.toString(),
                "FRONTDOOR_AGI_PORT", "0",
                "FRONTDOOR_SIP_PORT", "0",
                "FRONTDOOR_ADMIN_PORT", "0",
                "FRONTDOOR_ESL_PORT", "0",
                "FRONTDOOR_DIALPLANS_RELOAD_MS", "0",
                "FRONTDOOR_SIP_AGENTS", "general/2001=sip:2001@127.0.0.1:" + agent1Port
                        + ",general/2002=sip:2002@127.0.0.1:" + agent2Port)));
    }

    private static int portOutsideEphemeralRange(int not) throws Exception {
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
        SipAgents agents = server.sipAgents();
        agents.ready("2001", false);
        agents.ready("2002", false);
        await("no caller left waiting from an earlier test", () -> agents.liveCallers("general").isEmpty());
        await("no agent in a call from an earlier test", () -> agents.describe().stream().noneMatch(d -> d.endsWith("in-call")));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        io.frontdoor.ivr.Await.until(what, Duration.ofSeconds(30), condition);
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
        }, r -> Thread.ofVirtual().start(r)); // one thread per phone: the common pool may have a single worker
    }

    private Sipp.Running agentPhone(int port, RtpPeer media, String expectCaller, long pauseMs) throws Exception {
        return new Sipp(dir).start("uas-queue-agent.xml", null, port, Map.of("rtp_port", Integer.toString(media.port()),
                "pause", Long.toString(pauseMs), "expect_caller", "\\" + expectCaller));
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

    /** The first prompt as received (PCMU payloads from the first marker to the next). */
    private static byte[] firstPrompt(List<RtpPeer.Received> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int prompt = -1;
        for (RtpPeer.Received r : packets) {
            RtpPacket p = r.packet();
            if (p.marker()) {
                prompt++;
            }
            if (prompt == 0 && p.payloadType() == 0) {
                out.write(p.data(), p.payloadOffset(), p.payloadLength());
            }
        }
        return out.toByteArray();
    }

    @Test
    void aCallerWaitsHearingTheHoldPromptAndIsBridgedToTheFirstAgentWhoBecomesReady() throws Exception {
        SipAgents agents = server.sipAgents();
        try (RtpPeer caller = new RtpPeer(); RtpPeer agent = new RtpPeer()) {
            Sipp.Running phone = agentPhone(agent1Port, agent, "+8613900139001", 6000);
            try {
                CompletableFuture<Sipp.Result> sipp = call("caller.xml", "200", "+8613900139001", caller);
                await("the caller waits in line", () -> agents.liveCallers("general").size() == 1);
                assertTrue(caller.awaitPrompts(1, 20_000), "the hold prompt plays while waiting");
                byte[] hold = new PromptAudio().encoded(repo.resolve("prompts/en/queue.hold.wav"), G711.PCMU);
                await("the hold prompt has been heard in full", () -> firstPrompt(caller.packets()).length >= hold.length);
                assertArrayEquals(hold, java.util.Arrays.copyOf(firstPrompt(caller.packets()), hold.length),
                        "queue.hold, sample for sample");

                agents.ready("2001", true);
                long deadline = System.currentTimeMillis() + 20_000;
                while (agent.packetsFrom(caller.ssrc()) == 0 && System.currentTimeMillis() < deadline) {
                    caller.talk(5);
                    Thread.sleep(100);
                }
                assertTrue(agent.packetsFrom(caller.ssrc()) > 0, "the caller's audio reaches the agent");
                agent.talk(10);
                assertTrue(caller.awaitFrom(agent.ssrc(), 5_000), "the agent's audio reaches the caller");
                assertTrue(agents.liveCallers("general").isEmpty(), "no longer waiting");

                Sipp.Result agentSide = phone.await();
                assertTrue(agentSide.passed(), "agent leg, with the X-FrontDoor-Queue-Wait-S header: " + agentSide);
                Sipp.Result callerSide = sipp.get(60, TimeUnit.SECONDS);
                assertTrue(callerSide.passed(), "caller hung up when the agent hung up: " + callerSide);
                Interaction call = lastCallFrom("+8613900139001");
                assertEquals(Outcome.QUEUED, call.outcome(), call.toString());
            } finally {
                phone.stop();
            }
        }
    }

    @Test
    void aCallerWhoHangsUpWhileWaitingLeavesTheLineAndTheTimelineSaysHowLongTheyWaited() throws Exception {
        SipAgents agents = server.sipAgents();
        try (RtpPeer caller = new RtpPeer()) {
            CompletableFuture<Sipp.Result> sipp = call("caller-hangs-up.xml", "200", "+8613900139002", caller,
                    "pause", "2500");
            await("the caller waits in line", () -> agents.liveCallers("general").size() == 1);
            Sipp.Result r = sipp.get(60, TimeUnit.SECONDS);
            assertTrue(r.passed(), r.toString());
            Interaction call = lastCallFrom("+8613900139002");
            assertEquals(Outcome.CALLER_HUNG_UP, call.outcome(), call.toString());
            assertTrue(call.detail() != null && call.detail().matches("caller hung up after \\d+ s waiting in queue 'general'"),
                    call.toString());
            assertTrue(agents.liveCallers("general").isEmpty(), "left the line");
            assertEquals(2, agents.figures("general").loggedIn());
            assertFalse(agents.describe().stream().anyMatch(d -> d.endsWith("in-call")), agents.describe().toString());
        }
    }

    @Test
    void aHigherPriorityCallerIsServedBeforeAnEarlierOneOfLowerPriority() throws Exception {
        SipAgents agents = server.sipAgents();
        try (RtpPeer low = new RtpPeer(); RtpPeer high = new RtpPeer(); RtpPeer a1 = new RtpPeer();
                RtpPeer a2 = new RtpPeer()) {
            CompletableFuture<Sipp.Result> lowCall = call("caller.xml", "200", "+8613900139003", low);
            await("the first caller waits", () -> agents.liveCallers("general").size() == 1);
            CompletableFuture<Sipp.Result> highCall = call("caller.xml", "201", "+8613900139004", high);
            await("both wait", () -> agents.liveCallers("general").size() == 2);
            assertEquals(List.of(5, 0), agents.liveCallers("general").stream().map(c -> c.priority()).toList(),
                    "the line is ordered by priority, then arrival");

            Sipp.Running first = agentPhone(agent1Port, a1, "+8613900139004", 500);
            Sipp.Running second = agentPhone(agent2Port, a2, "+8613900139003", 500);
            try {
                agents.ready("2001", true);
                await("agent 2001 takes a caller", () -> agents.describe().contains("general/2001 in-call"));
                agents.ready("2001", false); // a break after this call
                Sipp.Result one = first.await();
                assertTrue(one.passed(), "the first free agent gets the higher-priority caller: " + one);
                assertTrue(highCall.get(60, TimeUnit.SECONDS).passed());
                assertEquals(1, agents.liveCallers("general").size(), "the earlier, lower-priority caller still waits");
                agents.ready("2002", true);
                Sipp.Result two = second.await();
                assertTrue(two.passed(), "the next agent gets the lower-priority caller: " + two);
                assertTrue(lowCall.get(60, TimeUnit.SECONDS).passed());
            } finally {
                first.stop();
                second.stop();
            }
        }
    }
}
