package io.frontdoor.ivr.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.CustomerImporter;
import io.frontdoor.callback.customer.PhoneNumbers;
import io.frontdoor.callback.dispatch.CallbackService;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import io.frontdoor.callback.queue.CallbackStore;
import io.frontdoor.ivr.server.FrontDoorServer;
import io.frontdoor.ivr.server.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VIP callback entirely over the embedded SIP endpoint: FrontDoor dials the customer through the
 * trunk (a sipp UAS), the customer keys 1 on the announcement (RFC 4733 from the test's media
 * socket), and FrontDoor calls the agent (another sipp UAS) and relays the audio both ways until
 * the agent hangs up.
 */
class CallbackOverSipTest {
    private static final String CHEN = "+8613800138000";
    private static final Instant MONDAY_10 = Instant.parse("2026-11-23T02:00:00Z");

    @TempDir
    Path dir;
    FrontDoorServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        io.frontdoor.ivr.Await.until(what, Duration.ofSeconds(20), condition);
    }

    @Test
    void aVipCallbackIsDialledThroughTheTrunkAndBridgedToTheAgentWithMediaBothWays() throws Exception {
        Sipp sipp = new Sipp(dir);
        int customerPort = Sipp.freeUdpPort();
        int agentPort = Sipp.freeUdpPort();
        try (RtpPeer customer = new RtpPeer(); RtpPeer agent = new RtpPeer()) {
            Sipp.Running customerPhone = sipp.start("uas-customer.xml", null, customerPort,
                    Map.of("rtp_port", Integer.toString(customer.port())));
            Sipp.Running agentPhone = sipp.start("uas-agent.xml", null, agentPort,
                    Map.of("rtp_port", Integer.toString(agent.port()), "pause", "2500"));
            try {
                Path queues = dir.resolve("queues.yaml");
                Files.writeString(queues, """
                        default:
                          timezone: Asia/Shanghai
                          retry: [1s]
                          ring-timeout: 10s
                          caller-id: "+861095588"
                        """);
                Path repo = Path.of("..").toAbsolutePath().normalize();
                Map<String, String> env = new HashMap<>(Map.of(
                        "FRONTDOOR_HOME", repo.toString(),
                        "FRONTDOOR_DATA_DIR", dir.resolve("data").toString(),
                        "FRONTDOOR_AGI_PORT", "0",
                        "FRONTDOOR_SIP_PORT", "0", "FRONTDOOR_ESL_PORT", "0", "FRONTDOOR_ADMIN_PORT", "0",
                        "FRONTDOOR_DIALPLANS_RELOAD_MS", "0",
                        "FRONTDOOR_CALLBACK_ENABLED", "true",
                        "FRONTDOOR_CALLBACK_SWITCH", "sip",
                        "FRONTDOOR_CALLBACK_QUEUES_FILE", queues.toString()));
                env.put("FRONTDOOR_SIP_TRUNK_HOST", "127.0.0.1:" + customerPort);
                env.put("FRONTDOOR_SIP_AGENTS", "vip/2001=sip:2001@127.0.0.1:" + agentPort);
                env.put("FRONTDOOR_SPEECH_ENABLED", "false"); // keys only: no Sphinx4 loading in the background
                Clock clock = Clock.offset(Clock.system(ZoneId.of("Asia/Shanghai")), Duration.between(Instant.now(), MONDAY_10));
                server = FrontDoorServer.start(Settings.load(null, env), clock);
                var report = new CustomerImporter(server.database().dataSource(), new PhoneNumbers("CN"),
                        Set.of("en", "zh")).importFile(repo.resolve("examples/customers.csv"));
                assertEquals(0, report.rejected(), report.errors().toString());

                CallbackService.Result asked = server.callbacks().service().request(new CallbackService.NewRequest(
                        "C1001", "vip", CHEN, "en", 10, clock.instant(), null, null, "test"));
                assertTrue(asked.accepted(), "request taken: " + asked.refusal());
                CallbackRequest request = asked.request();
                CallbackStore store = new CallbackStore(server.database().dataSource());

                // the customer answers and hears the announcement: "press 1 to be connected"
                assertTrue(customer.awaitPrompts(1, 20_000), "the announcement reaches the customer");
                customer.key('1', 101);
                // FrontDoor plays "connecting", calls the agent, and relays: customer -> agent ...
                long deadline = System.currentTimeMillis() + 20_000;
                while (agent.packetsFrom(customer.ssrc()) == 0 && System.currentTimeMillis() < deadline) {
                    customer.talk(5);
                    Thread.sleep(100);
                }
                assertTrue(agent.packetsFrom(customer.ssrc()) > 0, "the customer's audio reaches the agent");
                // ... and agent -> customer
                agent.talk(10);
                assertTrue(customer.awaitFrom(agent.ssrc(), 5_000), "the agent's audio reaches the customer");

                Sipp.Result agentSide = agentPhone.await();
                assertTrue(agentSide.passed(), "agent leg (with the X-FrontDoor-Callback-Id header): " + agentSide);
                Sipp.Result customerSide = customerPhone.await();
                assertTrue(customerSide.passed(), "customer leg, hung up when the agent hung up: " + customerSide);

                await("request completed", () -> store.find(request.id()).orElseThrow().state() == CallbackState.COMPLETED);
                List<CallbackAttempt> attempts = store.attempts(request.id());
                assertEquals(CallbackAttempt.Outcome.CONNECTED, attempts.get(attempts.size() - 1).outcome());
            } finally {
                customerPhone.stop();
                agentPhone.stop();
            }
        }
    }
}
