package io.frontdoor.ivr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.ivr.freeswitch.peer.FreeSwitchChannel;
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
 * "Say balance or press 1" over FreeSWITCH's outbound ESL, end to end: the whole server with the
 * shipped hotline-en flow and a real Sphinx4 recognizer, only FreeSWITCH listening (no SIP, no
 * FastAGI), and the FreeSWITCH channel peer whose {@code record} application writes what the
 * caller said (espeak-ng speech through a telephone line) to the shared record directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpeechOverEslTest {
    static final Clock OPEN_HOURS = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai"));

    Path recordings;
    FrontDoorServer server;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        recordings = tmp.resolve("recordings");
        Path repo = Path.of("..").toAbsolutePath().normalize();
        server = FrontDoorServer.start(Settings.load(null, Map.of(
                "FRONTDOOR_HOME", repo.toString(),
                "FRONTDOOR_DATA_DIR", tmp.resolve("data").toString(),
                "FRONTDOOR_AGI_ENABLED", "false", "FRONTDOOR_SIP_ENABLED", "false",
                "FRONTDOOR_ESL_PORT", "0", "FRONTDOOR_ADMIN_PORT", "0",
                "FRONTDOOR_DIALPLANS_RELOAD_MS", "0",
                "FRONTDOOR_SMS_ENABLED", "false",
                "FRONTDOOR_SPEECH_POOL_SIZE", "1",
                "FRONTDOOR_ESL_RECORD_DIR", recordings.toString())), OPEN_HOURS);
        assertTrue(server.speech().loading(), "hotline-en has a speech menu and ESL records: the recognizer loads");
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

    private FreeSwitchChannel call(FreeSwitchChannel channel) throws InterruptedException {
        channel.callerNumber("+8613911113333").destination("100").recordings(recordings).start(server.eslPort());
        assertTrue(channel.awaitEnd(Duration.ofSeconds(60)), "call did not end");
        assertNull(channel.failure(), () -> "FreeSWITCH peer failed: " + channel.failure());
        return channel;
    }

    private Interaction interaction(String uuid) throws InterruptedException {
        assertTrue(server.interactions().awaitWritten(Duration.ofSeconds(10)));
        return server.interactions().find(InteractionQuery.all(100)).stream()
                .filter(i -> i.ref().equals(uuid)).findFirst()
                .orElseThrow(() -> new AssertionError("no interaction recorded for " + uuid));
    }

    private static byte[] say(String text, String voice, int speed, double snr) {
        return TelephoneSpeech.say(text, new TelephoneSpeech.Take(voice, speed, 500, snr, text.hashCode())).pcm();
    }

    @Test
    void callerWhoSaysBalanceIntoTheRecordingGetsTheBalance() throws Exception {
        // greeting, menu prompt (no key), record (speech), balance, then 9 in "anything else"
        FreeSwitchChannel channel = call(new FreeSwitchChannel().keys("", "", "speech", "", "9")
                .says(say("balance", "en-us", 160, Double.POSITIVE_INFINITY)));
        List<String> records = channel.media().stream().filter(m -> m.startsWith("record ")).toList();
        assertEquals(1, records.size(), channel.media().toString());
        assertTrue(records.get(0).matches("record " + java.util.regex.Pattern.quote(recordings.toString())
                + "/frontdoor-[^ ]+\\.wav 5 200 1"), records.get(0));
        assertTrue(channel.media().stream().anyMatch(m -> m.contains("en/menu.main_speech")), "the speech prompt played: "
                + channel.media());
        Interaction i = interaction(channel.uuid);
        assertTrue(i.path().contains("main_menu>balance"), i.path());
        assertTrue(i.choices().contains("main_menu:heard \"balance\""), i.choices());
        try (Stream<Path> left = Files.list(recordings)) {
            assertEquals(List.of(), left.toList(), "each recording is deleted once read");
        }
    }

    @Test
    void callerWhoSaysOperatorOverANoisyLineReachesAnAgent() throws Exception {
        FreeSwitchChannel channel = call(new FreeSwitchChannel().keys("", "", "speech")
                .says(say("operator", "en-gb-x-rp", 150, 20)));
        Interaction i = interaction(channel.uuid);
        assertTrue(i.path().endsWith("main_menu>agent"), i.path() + " " + i.choices());
        assertTrue(i.choices().contains("main_menu:heard \"operator\""), i.choices());
    }
}
