package io.frontdoor.ivr.sip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeechDetectorTest {

    /** One 20 ms packet: a 400 Hz tone of the given amplitude (0 = silence). */
    static byte[] frame(int amplitude, int index) {
        byte[] pcm = new byte[320];
        for (int i = 0; i < 160; i++) {
            short s = (short) (amplitude * Math.sin(2 * Math.PI * 400 * (index * 160 + i) / 8000.0));
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        return pcm;
    }

    private static List<SpeechDetector.Change> feed(SpeechDetector d, int... amplitudes) {
        List<SpeechDetector.Change> changes = new ArrayList<>();
        for (int i = 0; i < amplitudes.length; i++) {
            SpeechDetector.Change c = d.feed(frame(amplitudes[i], i), 320);
            if (c != SpeechDetector.Change.NONE) {
                changes.add(c);
            }
        }
        return changes;
    }

    private static int[] repeat(int amplitude, int frames) {
        int[] a = new int[frames];
        java.util.Arrays.fill(a, amplitude);
        return a;
    }

    private static int[] concat(int[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
    }

    @Test
    void speechStartsAfterLoudFramesAndEndsAfterTheEndSilenceKeepingThePreRoll() {
        SpeechDetector d = new SpeechDetector(Duration.ofMillis(400), Duration.ofSeconds(5), SpeechDetector.DEFAULT_THRESHOLD);
        // 0.5 s of silence, 1 s of speech, 0.5 s of silence
        var changes = feed(d, concat(repeat(0, 25), repeat(8000, 50), repeat(0, 25)));
        assertEquals(List.of(SpeechDetector.Change.STARTED, SpeechDetector.Change.ENDED), changes);
        long ms = d.utterance().length / 2 / 8;
        // pre-roll (<= 200 ms before the start) + 1 s of speech + 400 ms of end silence
        assertTrue(ms >= 1400 && ms <= 1640, "utterance of " + ms + " ms");
    }

    @Test
    void aClickOrLineNoiseIsNoSpeech() {
        SpeechDetector d = new SpeechDetector(Duration.ofMillis(400), Duration.ofSeconds(5), SpeechDetector.DEFAULT_THRESHOLD);
        assertEquals(List.of(), feed(d, concat(repeat(100, 50), repeat(9000, 2), repeat(100, 50))));
    }

    @Test
    void endlessSpeechIsCutAtTheCap() {
        SpeechDetector d = new SpeechDetector(Duration.ofMillis(800), Duration.ofSeconds(1), SpeechDetector.DEFAULT_THRESHOLD);
        var changes = feed(d, repeat(8000, 200));
        assertEquals(List.of(SpeechDetector.Change.STARTED, SpeechDetector.Change.ENDED), changes);
        assertTrue(d.utterance().length / 2 / 8 <= 1020, "capped at about 1 s");
    }
}
