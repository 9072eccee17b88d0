package io.frontdoor.ivr.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.ivr.server.FrontDoorServer;
import io.frontdoor.ivr.server.Settings;
import io.frontdoor.ivr.sip.media.G711;
import io.frontdoor.ivr.sip.media.PromptAudio;
import io.frontdoor.ivr.speech.TelephoneSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speech menus over the embedded SIP endpoint, end to end: the whole server (no record directory
 * set: SIP hears the caller itself) with a real Sphinx4 recognizer, sipp as the caller's phone for
 * signalling and a test socket as its media, which speaks generated telephone speech (espeak-ng,
 * 300-3400 Hz, G.711) as RTP while the menu prompt is still playing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpeechOverSipTest {
    static final Clock OPEN_HOURS = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
    /** The demo's main menu, without the greeting and rules before it; {@code 101} confirms every match. */
    static final String FLOW = """
            name: NAME
            hotline: ["NUMBER"]
            language: en
            start: main_menu
            steps:
              main_menu:
                menu:
                  prompt: menu.main
                  speech_prompt: menu.main_speech
                  confirm_below: CONFIRM
                  choices:
                    "1": { goto: balance, say: [balance, "account balance", "my balance", "check my balance"] }
                    "0": { goto: agent, say: [agent, operator, representative, "speak to someone"] }
                    "3": { goto: bye, say: ["call me back", "call back"] }
                  timeout: 5s
                  retries: 1
                  invalid: menu.invalid
                  no_input: menu.no_input
                  on_fail: bye
              balance: { play: selfservice.balance, next: bye }
              agent: { play: closed.message, next: bye }
              bye: { hangup: {} }
            """;

    Path dir;
    Path repo;
    FrontDoorServer server;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        repo = Path.of("..").toAbsolutePath().normalize();
        Path flows = Files.createDirectories(tmp.resolve("flows"));
        Files.writeString(flows.resolve("spoken.yaml"), FLOW.replace("NAME", "spoken").replace("NUMBER", "100")
                .replace("CONFIRM", "0"));
        Files.writeString(flows.resolve("spoken-confirmed.yaml"), FLOW.replace("NAME", "spoken-confirmed")
                .replace("NUMBER", "101").replace("CONFIRM", "1"));
        server = FrontDoorServer.start(Settings.load(null, Map.of(
                "FRONTDOOR_HOME", repo.toString(),
                "FRONTDOOR_DATA_DIR", tmp.resolve("data").toString(),
                "FRONTDOOR_DIALPLANS_DIR", flows.toString(),
                "FRONTDOOR_AGI_PORT", "0", "FRONTDOOR_SIP_PORT", "0", "FRONTDOOR_ESL_PORT", "0",
                "FRONTDOOR_ADMIN_PORT", "0",
                "FRONTDOOR_DIALPLANS_RELOAD_MS", "0",
                "FRONTDOOR_SMS_ENABLED", "false",
                "FRONTDOOR_SPEECH_POOL_SIZE", "1")), OPEN_HOURS);
        assertTrue(server.speech().loading(), "a flow has a speech menu and SIP is on: the recognizer loads"
                + " without any record directory");
        for (int i = 0; i < 1200 && !server.speech().ready(); i++) {
            Thread.sleep(100);
        }
        assertTrue(server.speech().ready(), "the speech recognizer did not load within 120 s");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private CompletableFuture<Sipp.Result> call(String dialled, String caller, RtpPeer media) {
        Map<String, String> keys = new HashMap<>(Map.of("dialled", dialled, "caller", caller,
                "rtp_port", Integer.toString(media.port()), "codecs", "0 8"));
        Sipp sipp = new Sipp(dir);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return sipp.run("caller.xml", server.sipPort(), keys);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private Interaction lastCallFrom(String phone) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
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

    private static byte[] say(String text, String voice, int speed) {
        return TelephoneSpeech.say(text, new TelephoneSpeech.Take(voice, speed, 300, Double.POSITIVE_INFINITY,
                text.hashCode())).pcm();
    }

    /** Packets of the n-th prompt (0-based) the caller received. */
    private static long promptPackets(RtpPeer media, int n) {
        int prompt = -1;
        long count = 0;
        for (RtpPeer.Received r : media.packets()) {
            if (r.packet().marker()) {
                prompt++;
            }
            if (prompt == n) {
                count++;
            }
        }
        return count;
    }

    private long fullPromptPackets(String id) throws Exception {
        return new PromptAudio().encoded(repo.resolve("prompts/en/" + id + ".wav"), G711.PCMU).length / 160;
    }

    @Test
    void aCallerWhoSaysBalanceOverTheMenuPromptStopsItAndGetsTheBalance() throws Exception {
        byte[] balance = say("balance", "en-us", 160);
        try (RtpPeer media = new RtpPeer()) {
            CompletableFuture<Sipp.Result> sipp = call("100", "+8613300133001", media);
            assertTrue(media.awaitPrompts(1, 20_000), "the menu's speech prompt starts");
            Thread.sleep(800);
            media.say(balance); // over the prompt
            media.say(new byte[2 * 8 * 1200]); // then the silence that ends the utterance
            assertTrue(media.awaitPrompts(2, 20_000), "the balance prompt follows; prompts " + media.promptsStarted());
            Sipp.Result r = sipp.get(60, TimeUnit.SECONDS);
            assertTrue(r.passed(), "FrontDoor hangs up after the balance: " + r);

            long menuPackets = promptPackets(media, 0);
            long full = fullPromptPackets("menu.main_speech");
            assertTrue(menuPackets < full - 250, "the prompt stopped when the caller spoke: " + menuPackets + " of "
                    + full + " packets sent");
            Interaction call = lastCallFrom("+8613300133001");
            assertEquals(Outcome.COMPLETED, call.outcome(), call.toString());
            assertEquals("main_menu>balance>bye", call.path());
            assertTrue(call.choices().contains("main_menu:heard \"balance\"") && call.choices().contains("main_menu=1"),
                    call.choices());
        }
    }

    @Test
    void anUnsureMatchIsConfirmedWithAKeyBeforeItsBranchIsTaken() throws Exception {
        byte[] operator = say("operator", "en+f3", 150);
        try (RtpPeer media = new RtpPeer()) {
            CompletableFuture<Sipp.Result> sipp = call("101", "+8613300133002", media);
            assertTrue(media.awaitPrompts(1, 20_000), "the menu's speech prompt starts");
            Thread.sleep(500);
            media.say(operator);
            media.say(new byte[2 * 8 * 1200]);
            assertTrue(media.awaitPrompts(2, 20_000), "\"did you say operator?\"; prompts " + media.promptsStarted());
            media.key('1', 101);
            assertTrue(media.awaitPrompts(3, 20_000), "the agent branch; prompts " + media.promptsStarted());
            Sipp.Result r = sipp.get(60, TimeUnit.SECONDS);
            assertTrue(r.passed(), r.toString());
            Interaction call = lastCallFrom("+8613300133002");
            assertEquals("main_menu>agent>bye", call.path(), call.choices());
            assertTrue(call.choices().contains("main_menu:heard \"operator\"") && call.choices().contains(",confirmed"),
                    call.choices());
        }
    }

    @Test
    void aCallerWhoSaysNoThankYouToTheConfirmationIsAskedAgainAndMayKeyTheChoice() throws Exception {
        byte[] agent = say("agent", "en-us", 160);
        try (RtpPeer media = new RtpPeer()) {
            CompletableFuture<Sipp.Result> sipp = call("101", "+8613300133003", media);
            assertTrue(media.awaitPrompts(1, 20_000), "the menu's speech prompt starts");
            Thread.sleep(500);
            media.say(agent);
            media.say(new byte[2 * 8 * 1200]);
            assertTrue(media.awaitPrompts(2, 20_000), "\"did you say agent?\"; prompts " + media.promptsStarted());
            media.key('2', 101); // no
            assertTrue(media.awaitPrompts(3, 20_000), "the menu again; prompts " + media.promptsStarted());
            media.key('1', 101); // the balance, keyed this time
            assertTrue(media.awaitPrompts(4, 20_000), "the balance; prompts " + media.promptsStarted());
            Sipp.Result r = sipp.get(60, TimeUnit.SECONDS);
            assertTrue(r.passed(), r.toString());
            Interaction call = lastCallFrom("+8613300133003");
            assertEquals("main_menu>balance>bye", call.path(), call.choices());
            assertTrue(call.choices().contains("main_menu:heard \"agent\"") && call.choices().contains("not_confirmed"),
                    call.choices());
        }
    }
}
