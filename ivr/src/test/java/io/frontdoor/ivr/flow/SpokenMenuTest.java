package io.frontdoor.ivr.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.ivr.call.Heard;
import io.frontdoor.ivr.call.Utterance;
import io.frontdoor.ivr.caller.Caller;
import io.frontdoor.ivr.speech.RecognizerPool;
import io.frontdoor.ivr.speech.SharedRecognizers;
import io.frontdoor.ivr.speech.TelephoneSpeech;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Menus that take speech and keys, run by the real FlowRunner with the real Sphinx4 recognizer on
 * generated telephone audio; the call is a scripted fake that hands over what the caller said.
 */
class SpokenMenuTest {
    private static final String FLOW = """
            language: en
            start: main_menu
            steps:
              main_menu:
                menu:
                  prompt: menu.main
                  speech_prompt: menu.main_speech
                  choices:
                    "1": { goto: balance, say: [balance, "account balance"] }
                    "0": { goto: agent, say: [agent, operator] }
                    "2": language_zh
                  retries: 1
                  invalid: menu.invalid
                  no_input: menu.no_input
                  confirm_below: %s
                  on_fail: agent
              balance: { play: selfservice.balance, next: bye }
              language_zh: { language: zh, next: main_menu }
              agent: { queue: { name: general } }
              bye: { hangup: {} }
            """;

    @TempDir
    Path dir;
    private FlowHarness h;

    @BeforeEach
    void setUp() {
        h = new FlowHarness(dir);
    }

    private Interaction run(String confirmBelow, RecordingCall call, RecognizerPool pool) {
        h.file("spoken.yaml", FLOW.formatted(confirmBelow));
        FlowRunner runner = h.runner(FakeCallers.Identifier.always(Caller.unknown(null, "withheld")));
        if (pool != null) {
            runner.speech(pool);
        }
        runner.handle(call.requestedFlow("spoken"));
        return h.log.recorded.get(h.log.recorded.size() - 1);
    }

    private static Heard said(String text, String voice) {
        return Heard.said(TelephoneSpeech.say(text, new TelephoneSpeech.Take(voice, 160, 400, Double.POSITIVE_INFINITY, 9)));
    }

    @Test
    void sayingAChoiceTakesItsBranchAndTheRecognitionLandsOnTheTimeline() {
        RecordingCall call = new RecordingCall().hears(said("balance", "en-us"));
        Interaction i = run("0", call, SharedRecognizers.pool());

        assertEquals("main_menu>balance>bye", i.path());
        assertEquals(List.of("en/menu.main_speech"), call.events("listen:"));
        assertTrue(i.choices().startsWith("main_menu=1;main_menu:heard \"balance\" "), i.choices());
        assertTrue(i.choices().endsWith(" -> 1"), i.choices());
    }

    @Test
    void keysStillWorkInASpokenMenu() {
        RecordingCall call = new RecordingCall().hears(Heard.keyed("0"));
        Interaction i = run("0", call, SharedRecognizers.pool());
        assertEquals("main_menu>agent", i.path());
        assertEquals("main_menu=0", i.choices());
    }

    @Test
    void anUnsureRecognitionIsConfirmedWithAKey() {
        // confirm_below 1: every recognition counts as unsure and is confirmed
        RecordingCall call = new RecordingCall().hears(said("operator", "en")).digits("1");
        Interaction i = run("1", call, SharedRecognizers.pool());

        assertEquals("main_menu>agent", i.path());
        assertEquals(List.of("en/speech.confirm{choice=operator}"), call.events("collect:"));
        assertTrue(i.choices().endsWith(" -> 0,confirmed"), i.choices());
    }

    @Test
    void aRejectedConfirmationAsksAgainAndAfterTheRetriesTheMenuTakesKeysOnly() {
        // "no" to the confirmation, then silence: retries (1) used up; the last try is keys only
        RecordingCall call = new RecordingCall()
                .hears(said("operator", "en-us"), Heard.nothing())
                .digits("2", "1");
        Interaction i = run("1", call, SharedRecognizers.pool());

        assertEquals("main_menu>balance>bye", i.path(), call.events + " " + i.choices());
        assertEquals(List.of("en/menu.main_speech", "en/menu.main_speech"), call.events("listen:"));
        assertEquals(List.of("en/speech.confirm{choice=operator}", "en/menu.main"), call.events("collect:"));
        assertTrue(i.choices().contains("main_menu:heard \"operator\" "), i.choices());
        assertTrue(i.choices().contains("-> not_confirmed"), i.choices());
        assertTrue(i.choices().contains("main_menu:heard -> keys_only"), i.choices());
        assertTrue(i.choices().startsWith("main_menu=1"), i.choices());
    }

    @Test
    void speechOutsideTheGrammarIsNoMatchAndReprompted() {
        RecordingCall call = new RecordingCall().hears(said("what is the weather like today", "en-us"), Heard.keyed("1"));
        Interaction i = run("0", call, SharedRecognizers.pool());

        assertEquals("main_menu>balance>bye", i.path());
        assertTrue(call.events("play:").contains("en/menu.invalid"), call.events.toString());
        assertTrue(i.choices().contains("-> no_match"), i.choices());
    }

    @Test
    void withNoFreeRecognizerTheMenuTakesKeysAtOnce() {
        // a pool that never loads: speech is not ready, so the menu never listens for speech
        RecordingCall call = new RecordingCall().hears(said("balance", "en-us")).digits("0");
        RecognizerPool cold = new RecognizerPool(1, Duration.ofMillis(10), () -> {
            throw new IllegalStateException("no model");
        });
        Interaction i = run("0", call, cold);
        assertEquals("main_menu>agent", i.path());
        assertEquals(List.of(), call.events("listen:"));
        assertEquals(List.of("en/menu.main"), call.events("collect:"));
    }

    @Test
    void aRecognizerThatFailsHandsTheMenuToKeysAndTheCallGoesOn() {
        RecognizerPool broken = new RecognizerPool(1, Duration.ofMillis(50), () -> (u, g) -> {
            throw new IllegalStateException("grammar would not load");
        }).warmUpNow();
        RecordingCall call = new RecordingCall().hears(said("balance", "en-us")).digits("1");
        Interaction i = run("0", call, broken);
        assertEquals("main_menu>balance>bye", i.path());
        assertTrue(i.choices().contains("main_menu:heard -> recognizer_failed"), i.choices());
    }

    @Test
    void aMandarinCallerGetsTheKeysOnlyMenu() {
        // 2 switches to zh and back to the same menu: in Mandarin it takes keys only
        RecordingCall call = new RecordingCall().hears(Heard.keyed("2")).digits("0");
        Interaction i = run("0", call, SharedRecognizers.pool());
        assertEquals("main_menu>language_zh>main_menu>agent", i.path());
        assertEquals(List.of("en/menu.main_speech"), call.events("listen:"));
        assertEquals(List.of("zh/menu.main"), call.events("collect:"));
    }

    @Test
    void aRecognizerBusyWhenTheCallerHasSpokenHandsTheMenuToKeys() throws Exception {
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        RecognizerPool one = new RecognizerPool(1, Duration.ofMillis(20), () -> (u, g) -> {
            busy.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return io.frontdoor.ivr.speech.Recognition.silence();
        }).warmUpNow();
        Thread other = Thread.ofVirtual().start(() -> one.recognize(new Utterance(new byte[2], false),
                new io.frontdoor.ivr.speech.Grammar(java.util.Map.of("1", List.of("balance")))));
        assertTrue(busy.await(10, java.util.concurrent.TimeUnit.SECONDS));
        RecordingCall call = new RecordingCall().hears(said("balance", "en-us")).digits("1");
        Interaction i = run("0", call, one);
        hold.countDown();
        other.join();
        assertEquals("main_menu>balance>bye", i.path());
        assertTrue(i.choices().contains("main_menu:heard -> recognizer_busy"), i.choices());
        assertEquals(List.of("en/menu.main"), call.events("collect:"));
    }
}
