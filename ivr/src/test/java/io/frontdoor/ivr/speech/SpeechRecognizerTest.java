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

    /** The shipped demo's main menu (dialplans/hotline-en.yaml), as scripts/bench-asr uses it. */
    private static Grammar mainMenu() {
        Map<String, List<String>> choices = new LinkedHashMap<>();
        choices.put("1", List.of("balance", "account balance", "my balance", "check my balance"));
        choices.put("2", List.of("chinese", "mandarin"));
        choices.put("0", List.of("agent", "operator", "representative", "speak to someone"));
        choices.put("3", List.of("call me back", "call back"));
        return new Grammar(choices);
    }

    @Test
    void aSentenceLongerThanAnyPhraseIsNotForcedOntoOne() {
        // bench-asr utterances (tuning voices, the same seeds) that the decoder alone took as
        // "chinese" and "my balance": the phrase covered half of the caller's speech
        record Case(String said, TelephoneSpeech.Take take) {
        }
        List<Case> cases = List.of(
                new Case("yes please", new TelephoneSpeech.Take("en-gb-x-rp", 160, 909, Double.POSITIVE_INFINITY, 257)),
                new Case("cancel my card please", new TelephoneSpeech.Take("en-us", 160, 848, 10, 104)));
        for (Case c : cases) {
            Recognition r = SharedRecognizers.pool().recognize(TelephoneSpeech.say(c.said(), c.take()), mainMenu()).orElseThrow();
            assertFalse(r.matched(), "'" + c.said() + "' in " + c.take() + " heard as " + r);
            assertTrue(r.heardSpeech(), r.toString());
        }
    }

    @Test
    void phrasesInANoisyLineAreStillTakenWhole() {
        record Case(String said, String choice, TelephoneSpeech.Take take) {
        }
        List<Case> cases = List.of(
                new Case("check my balance", "1", new TelephoneSpeech.Take("en-us", 145, 700, 10, 31)),
                new Case("representative", "0", new TelephoneSpeech.Take("en+f3", 180, 300, 10, 32)),
                new Case("speak to someone", "0", new TelephoneSpeech.Take("en-gb-x-rp", 145, 500, 10, 33)));
        for (Case c : cases) {
            Recognition r = SharedRecognizers.pool().recognize(TelephoneSpeech.say(c.said(), c.take()), mainMenu()).orElseThrow();
            assertEquals(c.choice(), r.choice(), "'" + c.said() + "' in " + c.take() + " heard as " + r);
        }
    }

    @Test
    void speechCoverageIsTheShareOfTheSpeechFramesInsideThePhrase() {
        // 0.5 s of line hiss, 0.5 s of a tone, 0.3 s of hiss, 0.5 s of a tone, 0.5 s of hiss
        int[] bursts = {4000, 8000, 10400, 14400};
        short[] s = new short[18400];
        java.util.Random noise = new java.util.Random(3);
        for (int i = 0; i < s.length; i++) {
            boolean tone = i >= bursts[0] && i < bursts[1] || i >= bursts[2] && i < bursts[3];
            s[i] = (short) (noise.nextGaussian() * 100 + (tone ? 8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0) : 0));
        }
        boolean[] speech = TelephoneAudio.speechFrames(TelephoneSpeech.bytes(s));
        int count = 0;
        for (int f = 0; f < speech.length; f++) {
            count += speech[f] ? 1 : 0;
            boolean inBurst = f >= 50 && f < 100 || f >= 130 && f < 180;
            assertEquals(inBurst, speech[f], "frame " + f);
        }
        assertEquals(100, count);
        int first = TelephoneAudio.FIRST_FRAME;
        int[] word = new int[first + speech.length + 40];
        java.util.Arrays.fill(word, -1);
        java.util.Arrays.fill(word, first + 50, first + 100, 0);
        assertEquals(0.5, PhrasePlausibility.speechCoverage(speech, word), 1e-9, "a phrase over the first burst only");
        java.util.Arrays.fill(word, first + 130, first + 180, 1);
        assertEquals(1.0, PhrasePlausibility.speechCoverage(speech, word), 1e-9, "a phrase over both, the pause between included");
        java.util.Arrays.fill(word, -1);
        assertEquals(1.0, PhrasePlausibility.speechCoverage(new boolean[10], word), 1e-9, "no speech: nothing to cover");
    }

    @Test
    void phoneStretchAndWordRateRatioAreMeasuredOnThePhrasesPhones() {
        // silence, then a word of phones 0..4 lasting 3, 27, 3, 3, 3 frames ("goodbye" forced onto
        // "chinese"), a pause, trailing silence
        int[] phone = new int[90];
        int[] word = new int[90];
        java.util.Arrays.fill(phone, -1);
        java.util.Arrays.fill(word, -1);
        int[] lengths = {3, 27, 3, 3, 3};
        int f = 10;
        for (int p = 0; p < lengths.length; p++) {
            for (int i = 0; i < lengths[p]; i++, f++) {
                phone[f] = p;
                word[f] = 0;
            }
        }
        assertEquals(9.0, PhrasePlausibility.phoneStretch(phone, word), 1e-9);
        assertEquals(1.0, PhrasePlausibility.wordRateRatio(phone, word), 1e-9, "one word");
        lengths = new int[] {10, 9, 8, 24, 3, 5};   // "call me back": a long stressed vowel, ordinary
        f = 5;
        java.util.Arrays.fill(phone, -1);
        java.util.Arrays.fill(word, -1);
        for (int p = 0; p < lengths.length; p++) {
            for (int i = 0; i < lengths[p]; i++, f++) {
                phone[f] = p;
                word[f] = p / 2;
            }
            f++;   // a silent frame between phones is not a phone
        }
        assertEquals(24 / 8.5, PhrasePlausibility.phoneStretch(phone, word), 1e-9);
        // three words of two phones: 19, 32 and 8 frames; the silent frames are not counted
        assertEquals(16 / 4.0, PhrasePlausibility.wordRateRatio(phone, word), 1e-9);
        assertEquals(1.0, PhrasePlausibility.phoneStretch(new int[5], new int[] {-1, -1, -1, -1, -1}), 1e-9, "no phrase");
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
