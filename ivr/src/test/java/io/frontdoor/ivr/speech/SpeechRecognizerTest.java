package io.frontdoor.ivr.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.ivr.call.Utterance;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Sphinx4 recognizer on generated telephone audio, and the pool around it. */
class SpeechRecognizerTest {

    private static Grammar menu() {
        Map<String, List<String>> choices = new LinkedHashMap<>();
        choices.put("1", List.of("balance", "account balance"));
        choices.put("0", List.of("operator", "agent"));
        choices.put("3", List.of("call me back"));
        return new Grammar(choices);
    }

    @Test
    void wordsSpokenInSeveralVoicesOverATelephoneLineAreRecognised() {
        RecognizerPool pool = SharedRecognizers.pool();
        record Case(String said, String choice, TelephoneSpeech.Take take) {
        }
        List<Case> cases = List.of(
                new Case("balance", "1", new TelephoneSpeech.Take("en-us", 160, 400, Double.POSITIVE_INFINITY, 1)),
                new Case("operator", "0", new TelephoneSpeech.Take("en", 140, 800, Double.POSITIVE_INFINITY, 2)),
                new Case("call me back", "3", new TelephoneSpeech.Take("en+f3", 170, 200, Double.POSITIVE_INFINITY, 3)),
                new Case("account balance", "1", new TelephoneSpeech.Take("en-us", 150, 500, 20, 4)));
        for (Case c : cases) {
            Recognition r = pool.recognize(TelephoneSpeech.say(c.said(), c.take()), menu()).orElseThrow();
            assertEquals(c.choice(), r.choice(), "'" + c.said() + "' in " + c.take() + " heard as " + r);
            assertTrue(r.confidence() > 0 && r.confidence() <= 1, r.toString());
        }
    }

    @Test
    void cleanTelephoneSpeechWithDigitalSilenceAroundItIsRecognised() {
        // before the noise floor, Sphinx4's phone loop took these from the grammar on a clean line
        Map<String, List<String>> choices = new LinkedHashMap<>();
        choices.put("0", List.of("agent", "representative", "speak to someone"));
        choices.put("1", List.of("balance"));
        Grammar g = new Grammar(choices);
        for (String said : List.of("representative", "speak to someone")) {
            for (int speed : List.of(145, 180)) {
                Utterance u = TelephoneSpeech.say(said, new TelephoneSpeech.Take("en-us", speed, 600, Double.POSITIVE_INFINITY, 9));
                Recognition r = SharedRecognizers.pool().recognize(u, g).orElseThrow();
                assertEquals("0", r.choice(), "'" + said + "' at " + speed + " wpm heard as " + r);
            }
        }
    }

    @Test
    void aRecognitionDependsOnItsOwnAudioOnlyNotOnTheCallersBefore() {
        Utterance balance = TelephoneSpeech.say("account balance", new TelephoneSpeech.Take("en+f3", 160, 400, 20, 5));
        Recognition first = SharedRecognizers.pool().recognize(balance, menu()).orElseThrow();
        // other callers on other lines, through both recognizers of the pool
        for (int i = 0; i < 4; i++) {
            SharedRecognizers.pool().recognize(TelephoneSpeech.say("call me back",
                    new TelephoneSpeech.Take("en-gb-x-rp", 140, 300, 10, 11 + i)), menu()).orElseThrow();
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(first, SharedRecognizers.pool().recognize(balance, menu()).orElseThrow(),
                    "the same audio, the same result");
        }
    }

    @Test
    void lineSilenceIsReportedAsSilenceNotAsAChoice() {
        byte[] hiss = new byte[16000];
        java.util.Random noise = new java.util.Random(7);
        for (int i = 0; i < hiss.length; i += 2) {
            short v = (short) (noise.nextGaussian() * 30);
            hiss[i] = (byte) v;
            hiss[i + 1] = (byte) (v >> 8);
        }
        Recognition r = SharedRecognizers.pool().recognize(new Utterance(hiss, false), menu()).orElseThrow();
        assertFalse(r.matched(), r.toString());
        assertFalse(r.heardSpeech(), r.toString());
    }

    @Test
    void grammarTurnsChoicesIntoJsgfAndFindsTheChoiceOfAPhrase() {
        Grammar g = menu();
        String jsgf = g.jsgf("menu1", List.of(), 0);
        assertTrue(jsgf.contains("public <utterance> = balance | account balance | operator | agent | call me back;"), jsgf);
        assertEquals("1", g.choiceOf("Account  Balance"));
        assertEquals(null, g.choiceOf("balance please"));
        assertThrows(IllegalArgumentException.class, () -> new Grammar(Map.of("1", List.of(" ", "!"))));
    }

    @Test
    void aCallThatFindsNoFreeRecognizerInTimeIsToldAtOnce() throws Exception {
        CountDownLatch inUse = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SpeechRecognizer slow = (u, g) -> {
            inUse.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Recognition.of("1", "balance", 1);
        };
        try (RecognizerPool pool = new RecognizerPool(1, Duration.ofMillis(50), () -> slow)) {
            assertFalse(pool.ready(), "nothing is loaded before the warm-up");
            assertEquals(Optional.empty(), pool.recognize(new Utterance(new byte[2], false), menu()));
            pool.warmUpNow();
            Thread busy = Thread.ofVirtual().start(() -> pool.recognize(new Utterance(new byte[2], false), menu()));
            assertTrue(inUse.await(10, TimeUnit.SECONDS));
            assertEquals(Optional.empty(), pool.recognize(new Utterance(new byte[2], false), menu()));
            assertEquals(1, pool.busyRefusals());
            release.countDown();
            busy.join();
            assertEquals("1", pool.recognize(new Utterance(new byte[2], false), menu()).orElseThrow().choice());
        }
    }

    @Test
    void theDictionaryKnowsCommonWordsButNotMadeUpOnes() {
        CmuDictionary d = CmuDictionary.english();
        assertTrue(d.knows("balance"));
        assertTrue(d.knows("Operator"));
        assertFalse(d.knows("callback"), "cmudict has no 'callback': the checker must catch it");
        assertFalse(d.knows("frontdoorish"));
    }
}
