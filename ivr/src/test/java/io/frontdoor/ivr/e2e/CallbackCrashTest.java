package io.frontdoor.ivr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.dispatch.DialRequest;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import io.frontdoor.callback.queue.CallbackStore;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.StoreSettings;
import io.frontdoor.ivr.asterisk.ami.peer.AmiMessage;
import io.frontdoor.ivr.asterisk.ami.peer.AsteriskAmiPeer;
import io.frontdoor.ivr.asterisk.ami.peer.OriginateOutcome;
import io.frontdoor.ivr.asterisk.peer.AsteriskAgiPeer;
import io.frontdoor.ivr.asterisk.peer.PeerCall;
import io.frontdoor.ivr.asterisk.peer.PeerChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 with callbacks in every state: FrontDoor runs as its own process (the real
 * {@code frontdoor serve}), is killed with SIGKILL while two callbacks are being dialled and one
 * waits, and is started again. The call that the customer answered after the crash is served by
 * the new process; the one that never came back is retried; the waiting one is dialled; nobody is
 * dialled twice for one attempt and nothing is lost.
 */
class CallbackCrashTest {
    private static final String AGENT_1 = "PJSIP/2001";
    private static final String AGENT_2 = "PJSIP/2002";

    @TempDir
    Path dir;

    private AsteriskAmiPeer ami;
    private Process frontdoor;

    @AfterEach
    void stop() throws IOException {
        if (frontdoor != null) {
            frontdoor.destroyForcibly();
        }
        if (ami != null) {
            ami.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Process startFrontDoor(Path queues, int agiPort, int run) throws IOException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.frontdoor.ivr.server.FrontDoorCommand", "serve");
        Map<String, String> env = pb.environment();
        env.put("FRONTDOOR_HOME", repo.toString());
        env.put("FRONTDOOR_DATA_DIR", dir.resolve("data").toString());
        env.put("FRONTDOOR_AGI_PORT", Integer.toString(agiPort));
        env.put("FRONTDOOR_SIP_PORT", "0");
        env.put("FRONTDOOR_ADMIN_PORT", "0");
        env.put("FRONTDOOR_ESL_PORT", "0");
        env.put("FRONTDOOR_DIALPLANS_RELOAD_MS", "0");
        env.put("FRONTDOOR_SPEECH_ENABLED", "false");
        env.put("FRONTDOOR_CALLBACK_ENABLED", "true");
        env.put("FRONTDOOR_CALLBACK_QUEUES_FILE", queues.toString());
        // ring time (5 s) + this = how long a call of the first run may come back to the second: room for a
        // slow JVM start on a busy machine
        env.put("FRONTDOOR_CALLBACK_ANSWER_TIMEOUT_MS", "25000");
        env.put("FRONTDOOR_AMI_PORT", Integer.toString(ami.port()));
        env.put("FRONTDOOR_AMI_USER", "javatest");
        env.put("FRONTDOOR_AMI_SECRET", "javatest-secret");
        env.put("FRONTDOOR_LOG_LEVEL", "INFO");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("frontdoor-" + run + ".log").toFile());
        return pb.start();
    }

    private void await(String what, Duration limit, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what + "\n" + logs());
            }
            if (frontdoor != null && !frontdoor.isAlive()) {
                throw new AssertionError("FrontDoor exited while waiting for: " + what + "\n" + logs());
            }
            Thread.sleep(25);
        }
    }

    private String logs() throws IOException {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(p);
                out.append("--- ").append(p.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
        }
        return out.toString();
    }


    private <T> T withStore(java.util.function.Function<CallbackStore, T> work) {
        // the default embedded database, opened by this (another) process while FrontDoor runs, as the
        // command line does
        try (Database db = Database.open(StoreSettings.embeddedH2(dir.resolve("data")))) {
            return work.apply(new CallbackStore(db.dataSource()));
        }
    }

    @Test
    void killedInTheMiddleOfDiallingItResumesEveryCallbackAndDialsNobodyTwice() throws Exception {
        ami = new AsteriskAmiPeer();
        ami.queue("vip", "ringall").addMember(AGENT_1, "Agent 2001");
        ami.queue("vip").addMember(AGENT_2, "Agent 2002");
        ami.memberInCall("vip", AGENT_1, true);
        ami.memberInCall("vip", AGENT_2, true);
        // the customers' phones ring and ring: nothing reports back before the crash
        ami.defaultOriginate(OriginateOutcome.answered().after(Duration.ofSeconds(120)));
        ami.start();
        Path queues = dir.resolve("queues.yaml");
        Files.writeString(queues, "default:\n  retry: [1s, 1s]\n  ring-timeout: 5s\n");

        // three promises made before this run: Chen first, then Li, then Wang
        Instant t = Instant.now();
        List<String> ids = withStore(store -> {
            List<String> out = new ArrayList<>();
            String[][] who = {{"C1001", "+8613800138000"}, {"C1002", "+8613900139000"}, {"C1003", "+8613700137000"}};
            for (int i = 0; i < who.length; i++) {
                CallbackRequest r = new CallbackRequest("00000000-0000-0000-0000-00000000000" + (i + 1), who[i][0],
                        "vip", who[i][1], "en", 10, t.minusSeconds(300 - i), t.minusSeconds(300 - i), false,
                        CallbackState.PENDING, 0, t.plusSeconds(3600), t, t, "call-" + i, who[i][1], null, null);
                out.add(store.open(r).request().id());
            }
            return out;
        });
        String chen = ids.get(0);
        String li = ids.get(1);
        String wang = ids.get(2);

        int agiPort = freePort();
        frontdoor = startFrontDoor(queues, agiPort, 1);
        await("first run synchronised over AMI", Duration.ofSeconds(60), () -> ami.actions("QueueStatus").size() >= 1);
        Thread.sleep(300);
        ami.memberInCall("vip", AGENT_1, false);
        AmiMessage first = ami.awaitAction("Originate", 1, Duration.ofSeconds(10));
        ami.memberInCall("vip", AGENT_2, false);
        AmiMessage second = ami.awaitAction("Originate", 2, Duration.ofSeconds(10));
        Map<String, String> chenCall = first.variables();
        assertEquals(chen, chenCall.get(DialRequest.CALLBACK_VARIABLE), "the earliest caller first");
        assertEquals(li, second.variables().get(DialRequest.CALLBACK_VARIABLE));

        frontdoor.destroyForcibly(); // SIGKILL
        assertTrue(frontdoor.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        int loginsBefore = ami.logins();
        int statusBefore = ami.actions("QueueStatus").size();

        frontdoor = startFrontDoor(queues, agiPort, 2);
        await("second run synchronised over AMI", Duration.ofSeconds(60),
                () -> ami.logins() > loginsBefore && ami.actions("QueueStatus").size() > statusBefore);
        // Chen answered while FrontDoor was down: Asterisk runs frontdoor-callback, reaching the new process
        PeerCall answered = new PeerCall().callerId("+861095588").context("frontdoor-callback").extension("s")
                .script("frontdoor/callback").keys("1");
        chenCall.forEach(answered::variable);
        PeerChannel channel = new AsteriskAgiPeer(agiPort).dial(answered);
        assertTrue(channel.awaitEnd(Duration.ofSeconds(20)), "callback call did not end");
        assertEquals(AGENT_1, channel.variables().get("FRONTDOOR_ROUTE"),
                "bridged to the agent reserved before the crash; commands " + channel.commands() + "\n" + logs());

        // Wang is dialled on the agent Chen's callback released; Li's lost attempt is retried
        await("Wang dialled and Li retried", Duration.ofSeconds(60), () -> ami.actions("Originate").size() >= 4);
        List<AmiMessage> originates = ami.actions("Originate");
        List<String> requests = new ArrayList<>();
        Set<String> attempts = new HashSet<>();
        for (AmiMessage o : originates) {
            Map<String, String> v = o.variables();
            requests.add(v.get(DialRequest.CALLBACK_VARIABLE));
            assertTrue(attempts.add(v.get(DialRequest.ATTEMPT_VARIABLE)), "an attempt is dialled once: " + originates);
        }
        assertEquals(1, requests.stream().filter(chen::equals).count(), "Chen is not called again: " + requests);
        assertEquals(2, requests.stream().filter(li::equals).count(), "Li: the lost attempt and its retry");
        assertEquals(1, requests.stream().filter(wang::equals).count(), "Wang is not lost");
        Thread.sleep(500);
        assertEquals(4, ami.actions("Originate").size(), "nothing else is dialled: " + requests);

        Map<String, List<CallbackAttempt>> history = withStore(store -> Map.of(chen, store.attempts(chen), li,
                store.attempts(li), wang, store.attempts(wang)));
        assertEquals(List.of(CallbackAttempt.Outcome.CONNECTED),
                history.get(chen).stream().map(CallbackAttempt::outcome).toList());
        assertEquals(CallbackAttempt.Outcome.INTERRUPTED, history.get(li).get(0).outcome());
        assertEquals(2, history.get(li).size());
        assertEquals(CallbackState.COMPLETED, withStore(store -> store.find(chen).orElseThrow().state()));
    }
}
