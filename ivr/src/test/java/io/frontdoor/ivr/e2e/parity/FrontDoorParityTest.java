package io.frontdoor.ivr.e2e.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.CustomerImporter;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.customer.PhoneNumbers;
import io.frontdoor.callback.store.HibernateInteractionLog;
import io.frontdoor.ivr.server.FrontDoorServer;
import io.frontdoor.ivr.server.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The front door's acceptance scenarios, written once and run against every switch: one server as
 * {@code frontdoor serve} builds it (shipped dialplans and prompts, real TTS, embedded H2) with both
 * FastAGI and the outbound ESL listener, driven by the Asterisk 22 FastAGI peer and by the
 * FreeSWITCH 1.10 ESL channel peer. Same caller, same keys: same prompts, same channel variables,
 * same timeline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrontDoorParityTest {
    /** Monday 10:00 in Shanghai: the hotline flows are open. */
    static final Clock OPEN_HOURS = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai"));

    Path repo;
    final Map<String, Rig> rigs = new java.util.LinkedHashMap<>();

    /** One switch peer and the FrontDoor server it drives (its own database: callers start fresh). */
    record Rig(SwitchPeer sw, FrontDoorServer server, Path dir) {
        @Override
        public String toString() {
            return sw.name();
        }

        SwitchPeer.Result call(SwitchPeer.Caller caller) throws InterruptedException {
            return sw.call(caller);
        }

        Interaction interaction(String callId) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                assertTrue(server.interactions().awaitWritten(Duration.ofSeconds(10)));
                var found = server.interactions().find(InteractionQuery.all(200)).stream()
                        .filter(i -> i.ref().equals(callId)).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no interaction recorded for " + callId);
                }
                Thread.sleep(20);
            }
        }
    }

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        repo = Path.of("..").toAbsolutePath().normalize();
        for (String name : new String[] {"asterisk", "freeswitch"}) {
            Path dir = tmp.resolve(name);
            Map<String, String> env = new java.util.HashMap<>(Map.of(
                    "FRONTDOOR_HOME", repo.toString(),
                    "FRONTDOOR_DATA_DIR", dir.resolve("data").toString(),
                    "FRONTDOOR_AGI_ENABLED", Boolean.toString(name.equals("asterisk")),
                    "FRONTDOOR_AGI_PORT", "0",
                    "FRONTDOOR_ESL_ENABLED", Boolean.toString(name.equals("freeswitch")),
                    "FRONTDOOR_ESL_PORT", "0", "FRONTDOOR_SIP_PORT", "0", "FRONTDOOR_ADMIN_PORT", "0",
                    "FRONTDOOR_DIALPLANS_RELOAD_MS", "0",
                    "FRONTDOOR_CALLERID_TRUSTED_ENTRY_POINTS", "from-trunk"));
            env.put("FRONTDOOR_SPEECH_ENABLED", "false"); // keys only (SIP is on too): no Sphinx4 loading
            FrontDoorServer server = FrontDoorServer.start(Settings.load(null, env), OPEN_HOURS);
            rigs.put(name, new Rig(name.equals("asterisk") ? new AsteriskSwitch(server.agiPort())
                    : new FreeSwitchSwitch(server.eslPort()), server, dir));
            var report = new CustomerImporter(server.database().dataSource(), new PhoneNumbers("CN"), Set.of("en", "zh"))
                    .importFile(repo.resolve("examples/customers.csv"));
            assertEquals(0, report.rejected(), report.errors().toString());
            // Mr. Chen (C1001) has called before
            new HibernateInteractionLog(server.database()).record(
                    Interaction.builder("earlier-call", Interaction.Channel.VOICE, Instant.parse("2026-11-01T02:00:00Z"))
                            .customerId("C1001").phone("+8613800138000").build());
        }
    }

    @AfterAll
    void stop() {
        rigs.values().forEach(r -> r.server().close());
    }

    Stream<Rig> switches() {
        return rigs.values().stream();
    }

    private String prompt(String lang, String id) {
        return repo.resolve("prompts") + "/" + lang + "/" + id;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("switches")
    void returningVipIsGreetedByNameAndHandedToTheVipQueueWithChannelVariables(Rig sw) throws Exception {
        SwitchPeer.Result r = sw.call(SwitchPeer.Caller.from("+8613800138000"));

        String key = sw.server().prompts().settings().cache().key("Hello Mr. Chen, welcome back to Example Bank.", "en");
        assertEquals("play " + sw.dir().resolve("data/tts/en/" + key), r.media().get(0), sw.toString());
        assertTrue(Files.size(sw.dir().resolve("data/tts/en/" + key + ".wav")) > 10_000, "the name was spoken into the cache");
        Map<String, String> vars = r.variables();
        assertEquals("C1001", vars.get("FRONTDOOR_CUSTOMER_ID"));
        assertEquals("VIP", vars.get("FRONTDOOR_TIER"));
        assertEquals("en", vars.get("FRONTDOOR_LANGUAGE"));
        assertEquals("returning", vars.get("FRONTDOOR_GREETING"));
        assertEquals("vip", vars.get("FRONTDOOR_ROUTE"));
        assertEquals("10", vars.get("QUEUE_PRIO"));
        assertFalse(r.hungUp(), "a queued call goes back to the switch's dialplan");
        assertTrue(r.closedByFrontDoor());

        Interaction i = sw.interaction(r.callId());
        assertEquals("C1001", i.customerId());
        assertEquals(Outcome.QUEUED, i.outcome());
        assertEquals("returning", i.greeting());
        assertEquals("vip", i.route());
        assertEquals("greet>route>vip_offer>vip_queue", i.path(), "rules by tier: a VIP goes to the VIP queue");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("switches")
    void firstTimeCallerHearsTheWelcomeAndChoosesFromTheMenu(Rig sw) throws Exception {
        SwitchPeer.Result r = sw.call(SwitchPeer.Caller.from("8613900139000").keys("", "1", "", "9"));
        assertEquals("play " + prompt("en", "greeting.first"), r.media().get(0));
        assertEquals("get " + prompt("en", "menu.main"), r.media().get(1));
        assertEquals("play " + prompt("en", "selfservice.balance"), r.media().get(2));
        assertTrue(r.hungUp(), "the flow ends the call itself");

        Interaction i = sw.interaction(r.callId());
        assertEquals("C1002", i.customerId());
        assertEquals("first", i.greeting());
        assertTrue(i.choices().contains("main_menu=1"), i.choices());
        assertTrue(i.choices().contains("anything_else=9"), i.choices());
        assertTrue(i.path().startsWith("greet>route>main_menu>balance>anything_else"), i.path());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("switches")
    void unknownCallerGetsTheGenericWelcomeAndPressesZeroForAnAgent(Rig sw) throws Exception {
        SwitchPeer.Result r = sw.call(SwitchPeer.Caller.from("+8613700137999").keys("", "0"));
        assertEquals("play " + prompt("en", "greeting.unknown"), r.media().get(0));
        assertEquals("unknown", r.variables().get("FRONTDOOR_GREETING"));
        assertEquals("", r.variables().get("FRONTDOOR_CUSTOMER_ID"));
        assertEquals("general", r.variables().get("FRONTDOOR_ROUTE"));
        assertEquals("queue", r.variables().get("FRONTDOOR_ACTION"));
        Interaction i = sw.interaction(r.callId());
        assertEquals(Outcome.QUEUED, i.outcome());
        assertNull(i.customerId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("switches")
    void withheldNumberGetsTheGenericWelcome(Rig sw) throws Exception {
        SwitchPeer.Result r = sw.call(SwitchPeer.Caller.from(null).keys("", "0"));
        assertEquals("play " + prompt("en", "greeting.unknown"), r.media().get(0));
        assertNull(sw.interaction(r.callId()).phone());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("switches")
    void standardCustomerByRulesGetsTheMenuNotTheVipQueue(Rig sw) throws Exception {
        // 王先生 (C1003) is VIP, first-time and Mandarin: rules send him to the VIP queue in Mandarin
        SwitchPeer.Result vip = sw.call(SwitchPeer.Caller.from("+8613700137000"));
        assertEquals("play " + prompt("zh", "greeting.first"), vip.media().get(0));
        assertEquals("zh", vip.variables().get("FRONTDOOR_LANGUAGE"));
        assertEquals("vip", vip.variables().get("FRONTDOOR_ROUTE"));
        // 张女士 (C1004), standard, is offered the menu instead
        SwitchPeer.Result standard = sw.call(SwitchPeer.Caller.from("13600136000").keys("", "0"));
        assertEquals("get " + prompt("zh", "menu.main"), standard.media().get(1));
        assertEquals("STANDARD", standard.variables().get("FRONTDOOR_TIER").toUpperCase());
        assertEquals("general", standard.variables().get("FRONTDOOR_ROUTE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("switches")
    void callerHangingUpDuringTheMenuIsRecordedAtThatStep(Rig sw) throws Exception {
        SwitchPeer.Result r = sw.call(SwitchPeer.Caller.from("+8613700137998").hangupDuringMedia(2));
        assertFalse(r.variables().containsKey("FRONTDOOR_ROUTE"), "nothing is handed back after the caller is gone");
        assertTrue(r.closedByFrontDoor());
        Interaction i = sw.interaction(r.callId());
        assertEquals(Outcome.CALLER_HUNG_UP, i.outcome());
        assertEquals("main_menu", i.endStep());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("switches")
    void flowNamedByTheSwitchIsUsed(Rig sw) throws Exception {
        SwitchPeer.Result r = sw.call(SwitchPeer.Caller.from("+8613700137999").dialled("999").flow("hotline-zh")
                .keys("", "0"));
        assertEquals("play " + prompt("zh", "greeting.unknown"), r.media().get(0));
        assertEquals("hotline-zh", sw.interaction(r.callId()).flow());
    }
}
