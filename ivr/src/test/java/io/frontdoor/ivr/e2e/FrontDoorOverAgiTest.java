package io.frontdoor.ivr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.CustomerImporter;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.customer.PhoneNumbers;
import io.frontdoor.callback.store.HibernateInteractionLog;
import io.frontdoor.ivr.asterisk.peer.AsteriskAgiPeer;
import io.frontdoor.ivr.asterisk.peer.EventLoopAgiPeer;
import io.frontdoor.ivr.asterisk.peer.PeerCall;
import io.frontdoor.ivr.asterisk.peer.PeerChannel;
import io.frontdoor.ivr.server.FrontDoorServer;
import io.frontdoor.ivr.server.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole front door over real FastAGI sockets: the server as `frontdoor serve` builds it (shipped
 * dialplans and prompts, real TTS, a real H2 database reached over TCP through a proxy that can
 * freeze), driven by the Asterisk 22 peer. The front door's acceptance scenarios (greetings, menu,
 * hand-off variables, hang-up, rules by tier) run against Asterisk and FreeSWITCH alike in
 * {@code parity.FrontDoorParityTest}; these are the rest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrontDoorOverAgiTest {
    /** Monday 10:00 in Shanghai: the hotline flows are open. */
    static final Clock OPEN_HOURS = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final Duration CALL_LIMIT = Duration.ofSeconds(20);

    Path dir;
    Server h2;
    FreezableProxy proxy;
    FrontDoorServer server;
    AsteriskAgiPeer asterisk;
    Path repo;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        repo = Path.of("..").toAbsolutePath().normalize();
        h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString()).start();
        proxy = new FreezableProxy(h2.getPort());
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "FRONTDOOR_HOME", repo.toString(),
                "FRONTDOOR_DATA_DIR", dir.resolve("data").toString(),
                "FRONTDOOR_DB_URL", "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/" + dir.resolve("db"),
                "FRONTDOOR_AGI_PORT", "0", "FRONTDOOR_SIP_PORT", "0", "FRONTDOOR_ESL_PORT", "0",
                "FRONTDOOR_ADMIN_PORT", "0",
                "FRONTDOOR_DIALPLANS_RELOAD_MS", "0",
                "FRONTDOOR_CALLERID_TRUSTED_ENTRY_POINTS", "from-trunk",
                "FRONTDOOR_SPOOL_RETRY_MS", "600000"));
        env.put("FRONTDOOR_SPEECH_ENABLED", "false"); // keys only (SIP is on too): no Sphinx4 loading in the background
        Settings settings = Settings.load(null, env);
        server = FrontDoorServer.start(settings, OPEN_HOURS);
        var report = new CustomerImporter(server.database().dataSource(), new PhoneNumbers("CN"), Set.of("en", "zh"))
                .importFile(repo.resolve("examples/customers.csv"));
        assertEquals(0, report.rejected(), report.errors().toString());
        // Mr. Chen (C1001) has called before
        new HibernateInteractionLog(server.database()).record(
                Interaction.builder("earlier-call", Interaction.Channel.VOICE, Instant.parse("2026-11-01T02:00:00Z"))
                        .customerId("C1001").phone("+8613800138000").build());
        asterisk = new AsteriskAgiPeer(server.agiPort());
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        proxy.close();
        h2.stop();
    }

    private PeerChannel call(PeerCall call) throws InterruptedException {
        PeerChannel channel = asterisk.dial(call);
        assertTrue(channel.awaitEnd(CALL_LIMIT), "call did not end");
        assertTrue(channel.closedByServer(), "FrontDoor must close the FastAGI socket itself");
        return channel;
    }

    private Interaction lastInteraction(String uniqueId) throws InterruptedException {
        assertTrue(server.interactions().awaitWritten(Duration.ofSeconds(10)));
        return server.interactions().find(InteractionQuery.all(100)).stream()
                .filter(i -> i.ref().equals(uniqueId)).findFirst()
                .orElseThrow(() -> new AssertionError("no interaction recorded for " + uniqueId));
    }

    private String prompt(String lang, String id) {
        return "STREAM FILE " + repo.resolve("prompts") + "/" + lang + "/" + id + " \"\"";
    }

    /** bench-agi's event-loop Asterisk must say and hear exactly what the threaded test peer does. */
    @Test
    void eventLoopPeerHoldsTheSameConversationAsTheThreadedPeer() throws Exception {
        PeerCall script = new PeerCall().callerId("+8613800138000").extension("100").context("from-trunk")
                .keys("", "1", "", "9");
        PeerChannel threaded = call(script);
        var outcome = new java.util.concurrent.CompletableFuture<EventLoopAgiPeer.Outcome>();
        try (EventLoopAgiPeer loop = new EventLoopAgiPeer(server.agiPort(), 1)) {
            loop.dial(new PeerCall().callerId("+8613800138000").extension("100").context("from-trunk")
                    .keys("", "1", "", "9"), outcome::complete);
            EventLoopAgiPeer.Outcome o = outcome.get(CALL_LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(o.closedByServer(), "the server ends the call");
            assertEquals(null, o.failure());
            assertTrue(o.envSentNanos() > 0 && o.firstCommandNanos() >= o.envSentNanos());
            assertTrue(threaded.commands().size() >= 5, threaded.commands().toString());
            assertEquals(threaded.commands(), o.commands());
        }
    }

    @Test
    void sharedNumberNeverGetsANameUntilTheCallerSaysWhoTheyAre() throws Exception {
        PeerCall call = new PeerCall().callerId("+8613500135000").extension("100").keys("2002#");
        PeerChannel channel = call(call);
        assertTrue(channel.commands().get(1).startsWith("GET DATA " + repo.resolve("prompts") + "/en/greeting.ask_customer "),
                channel.commands().get(1));
        assertEquals("H2002", channel.variables().get("FRONTDOOR_CUSTOMER_ID"));

        PeerCall wrong = new PeerCall().callerId("+8613500135000").extension("100").keys("7777#", "", "0");
        PeerChannel other = call(wrong);
        assertEquals(prompt("en", "greeting.unknown"), other.commands().get(2));
        assertEquals("", other.variables().get("FRONTDOOR_CUSTOMER_ID"));
        assertEquals("unknown", other.variables().get("FRONTDOOR_GREETING"));
    }

    @Test
    void untrustedEntryPointKnowsTheCustomerButDoesNotSayTheName() throws Exception {
        PeerCall call = new PeerCall().callerId("+8613800138000").context("from-internet").extension("100");
        PeerChannel channel = call(call);
        assertEquals(prompt("en", "greeting.unknown"), channel.commands().get(1));
        assertEquals("C1001", channel.variables().get("FRONTDOOR_CUSTOMER_ID"));
        assertEquals("returning", channel.variables().get("FRONTDOOR_GREETING"));
    }

    @Test
    void unknownDialledNumberGetsTheDefaultFlow() throws Exception {
        PeerCall call = new PeerCall().callerId("+8613700137999").extension("999");
        call(call);
        Interaction i = lastInteraction(call.uniqueId());
        assertEquals("default", i.flow());
        assertEquals("general", i.route());
    }

    @Test
    void truncatedEnvBlockIsRefusedAndTheNextCallIsServed() throws Exception {
        PeerChannel broken = asterisk.dialRaw("agi_network: yes\nagi_network_script: frontdoor\n", true,
                Duration.ofSeconds(10));
        assertTrue(broken.awaitEnd(CALL_LIMIT));
        assertTrue(broken.commands().isEmpty(), "no command is sent on a refused connection");
        PeerChannel next = call(new PeerCall().callerId("+8613700137999").extension("100").keys("", "0"));
        assertEquals("ANSWER", next.commands().get(0));
    }

    @Test
    void aDatabaseThatDoesNotAnswerGivesTheGenericWelcomeAndTheCallIsWrittenLater() throws Exception {
        proxy.freeze();
        // Mr. Chen is VIP, but with the store hung he is an unknown caller: the menu, then an agent
        PeerCall call = new PeerCall().callerId("+8613800138000").extension("100").keys("", "0");
        long dialled = System.nanoTime();
        PeerChannel channel;
        try {
            channel = asterisk.dial(call);
            assertTrue(channel.awaitEnd(CALL_LIMIT));
            long greetedAfterMs = channel.firstCommandNanos("STREAM FILE") < 0 ? -1
                    : (channel.firstCommandNanos("STREAM FILE") - dialled) / 1_000_000;
            assertEquals(prompt("en", "greeting.unknown"), channel.commands().get(1));
            assertTrue(greetedAfterMs >= 0 && greetedAfterMs < 300,
                    "generic greeting must start within 300 ms of the call, took " + greetedAfterMs + " ms");
            assertTrue(server.interactions().awaitWritten(Duration.ofSeconds(10)));
            assertTrue(server.interactions().pending() >= 1, "the call is spooled while the database hangs");
        } finally {
            proxy.thaw();
        }
        for (int attempt = 0; attempt < 20 && server.interactions().pending() > 0; attempt++) {
            server.interactions().flush();
            Thread.sleep(600);
        }
        assertEquals(0, server.interactions().pending());
        Interaction i = lastInteraction(call.uniqueId());
        assertEquals("unknown", i.greeting());
        assertEquals(Outcome.QUEUED, i.outcome());
    }
}
