package io.frontdoor.ivr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.ivr.asterisk.peer.AsteriskAgiPeer;
import io.frontdoor.ivr.asterisk.peer.PeerCall;
import io.frontdoor.ivr.asterisk.peer.PeerChannel;
import io.frontdoor.ivr.server.FrontDoorServer;
import io.frontdoor.ivr.server.Settings;
import io.frontdoor.ivr.speech.TelephoneSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Say balance or press 1" over FastAGI, end to end: the whole server with the shipped hotline-en
 * flow and a real Sphinx4 recognizer, and the Asterisk peer that records the caller the way
 * Asterisk 22 does (RECORD FILE with silence detection into the shared directory), the caller's
 * words being espeak-ng speech through a telephone line (300-3400 Hz, G.711, noise).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpeechOverAgiTest {
    static final Clock OPEN_HOURS = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai"));

    Path dir;
    Path recordings;
    FrontDoorServer server;
    AsteriskAgiPeer asterisk;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        recordings = tmp.resolve("recordings");
        Path repo = Path.of("..").toAbsolutePath().normalize();
        server = FrontDoorServer.start(Settings.load(null, Map.of(
                "FRONTDOOR_HOME", repo.toString(),
                "FRONTDOOR_DATA_DIR", dir.resolve("data").toString(),
                "FRONTDOOR_AGI_PORT", "0", "FRONTDOOR_SIP_PORT", "0", "FRONTDOOR_ESL_PORT", "0",
                "FRONTDOOR_ADMIN_PORT", "0",
                "FRONTDOOR_DIALPLANS_RELOAD_MS", "0",
                "FRONTDOOR_SMS_ENABLED", "false",
                "FRONTDOOR_SPEECH_POOL_SIZE", "1",
                "FRONTDOOR_SPEECH_RECORD_DIR", recordings.toString())), OPEN_HOURS);
        asterisk = new AsteriskAgiPeer(server.agiPort());
        // the recognizer loads in the background; calls before that get keys-only menus
        for (int i = 0; i < 600 && !server.speech().ready(); i++) {
            Thread.sleep(100);
        }
        assertTrue(server.speech().ready(), "the speech recognizer did not load within 60 s");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private PeerChannel call(PeerCall call) throws InterruptedException {
        PeerChannel channel = asterisk.dial(call.callerId("+8613911112222").extension("100"));
        assertTrue(channel.awaitEnd(Duration.ofSeconds(60)), "call did not end");
        return channel;
    }

    private Interaction interaction(String uniqueId) throws InterruptedException {
        assertTrue(server.interactions().awaitWritten(Duration.ofSeconds(10)));
        return server.interactions().find(InteractionQuery.all(100)).stream()
                .filter(i -> i.ref().equals(uniqueId)).findFirst()
                .orElseThrow(() -> new AssertionError("no interaction recorded for " + uniqueId));
    }

    private static byte[] say(String text, String voice, int speed, double snr) {
        return TelephoneSpeech.say(text, new TelephoneSpeech.Take(voice, speed, 500, snr, text.hashCode())).pcm();
    }

    @Test
    void callerWhoSaysBalanceAfterThePromptGetsTheBalance() throws Exception {
        // greeting, menu prompt (no key), RECORD FILE (speech), balance, then 9 in "anything else"
        PeerCall call = new PeerCall().keys("", "", "", "", "9").says(say("balance", "en-us", 160, Double.POSITIVE_INFINITY));
        PeerChannel channel = call(call);

        List<String> records = channel.commands().stream().filter(c -> c.startsWith("RECORD FILE")).toList();
        assertEquals(1, records.size(), channel.commands().toString());
        assertTrue(records.get(0).matches("RECORD FILE " + java.util.regex.Pattern.quote(recordings.toString())
                + "/fd-[^ ]+ wav \"0123456789\\*#\" 10000 0 s=2"), records.get(0));
        assertTrue(channel.commands().stream().anyMatch(c -> c.contains("/prompts/en/menu.main_speech ")), "the speech prompt played");
        Interaction i = interaction(call.uniqueId());
        assertTrue(i.path().contains("main_menu>balance"), i.path());
        assertTrue(i.choices().contains("main_menu:heard \"balance\""), i.choices());
        try (Stream<Path> left = Files.list(recordings)) {
            assertEquals(List.of(), left.toList(), "each recording is deleted once read");
        }
    }

    @Test
    void callerWhoSaysOperatorOverANoisyLineReachesAnAgent() throws Exception {
        PeerCall call = new PeerCall().keys("", "", "").says(say("operator", "en-us", 150, 20));
        PeerChannel channel = call(call);
        Interaction i = interaction(call.uniqueId());
        assertTrue(i.path().endsWith("main_menu>agent"), i.path() + " " + i.choices());
        assertEquals("general", channel.variables().get("FRONTDOOR_ROUTE"));
    }

    @Test
    void aKeyDuringTheRecordingIsTheAnswer() throws Exception {
        // greeting, menu prompt, then 0 pressed while recording
        PeerCall call = new PeerCall().keys("", "", "0");
        call(call);
        Interaction i = interaction(call.uniqueId());
        assertTrue(i.path().endsWith("main_menu>agent"), i.path());
        assertEquals("main_menu=0", i.choices().split(";")[0]);
    }

    @Test
    void aRecordingAsteriskCannotWriteFallsBackToKeys() throws Exception {
        // Asterisk's disk lacks the directory: RECORD FILE answers -1 (writefile), the menu takes keys
        PeerCall call = new PeerCall().fileSystemRoot(dir.resolve("elsewhere")).keys("", "", "", "1", "", "9");
        PeerChannel channel = call(call);
        assertTrue(channel.commands().stream().anyMatch(c -> c.startsWith("GET DATA silence/1 ")), channel.commands().toString());
        Interaction i = interaction(call.uniqueId());
        assertTrue(i.path().contains("main_menu>balance"), i.path());
        assertFalse(i.outcome().name().equals("FAILED"), i.toString());
    }
}
