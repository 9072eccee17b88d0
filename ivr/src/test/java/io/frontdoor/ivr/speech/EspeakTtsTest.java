package io.frontdoor.ivr.speech;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EspeakTtsTest {
    @TempDir
    Path dir;

    private final EspeakTts tts = new EspeakTts();

    @Test
    void englishIsTelephoneAudio() {
        Path wav = dir.resolve("en.wav");
        tts.synthesize("Hello Mr Chen, welcome back to Example Bank.", "en", wav);
        Wav.assertTelephoneAudio(wav, 1.0);
    }

    @Test
    void mandarinCharactersProduceAudio() {
        Path wav = dir.resolve("zh.wav");
        tts.synthesize("陈先生您好，欢迎您再次致电示例银行。", "zh", wav);
        // 17 syllables: well over a second; a voice that skipped the characters would be near silent
        Wav.assertTelephoneAudio(wav, 1.5);
    }

    @Test
    void mixedScriptsAndMarkupCharactersAreSpoken() {
        Path wav = dir.resolve("mixed.wav");
        tts.synthesize("For your balance press 1. 如需中文服务请按2. <Tom & Jerry> \"quoted\"", "en", wav);
        Wav.assertTelephoneAudio(wav, 2.0);
    }

    @Test
    void unknownVoiceFailsClearlyWithoutLeakingTheName() {
        EspeakTts broken = new EspeakTts(EspeakTts.Options.defaults().withVoices(Map.of("en", "no-such-voice")));
        Path wav = dir.resolve("x.wav");
        TtsException e = assertThrows(TtsException.class,
                () -> broken.synthesize("Hello Chen Wei, your number 13800138000", "en", wav));
        assertTrue(e.getMessage().contains("[en]"), e.getMessage());
        assertTrue(e.getMessage().contains("espeak-ng"), e.getMessage());
        assertFalse(e.getMessage().contains("Chen Wei"), e.getMessage());
        assertFalse(e.getMessage().contains("13800138000"), e.getMessage());
        assertFalse(Files.exists(wav), "no audio should be left behind");
    }

    @Test
    void sameTextGivesTheSameBytes() throws Exception {
        // regenerated prompts must not change in git when their text did not
        tts.synthesize("Goodbye.", "en", dir.resolve("a.wav"));
        tts.synthesize("Goodbye.", "en", dir.resolve("b.wav"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(dir.resolve("a.wav")),
                Files.readAllBytes(dir.resolve("b.wav")));
    }

    @Test
    void blankTextFailsClearly() {
        TtsException e = assertThrows(TtsException.class, () -> tts.synthesize(" ", "en", dir.resolve("b.wav")));
        assertTrue(e.getMessage().contains("nothing to speak"), e.getMessage());
    }

    @Test
    void unknownLanguageFailsClearly() {
        TtsException e = assertThrows(TtsException.class, () -> tts.synthesize("Bonjour", "fr", dir.resolve("fr.wav")));
        assertTrue(e.getMessage().contains("'fr'"), e.getMessage());
    }

    @Test
    void missingProgramFailsClearly() {
        EspeakTts.Options d = EspeakTts.Options.defaults();
        EspeakTts broken = new EspeakTts(new EspeakTts.Options(d.voices(), d.speed(), d.timeout(), d.lexicon(),
                "/nonexistent/espeak-ng", d.sox()));
        TtsException e = assertThrows(TtsException.class, () -> broken.synthesize("Hello", "en", dir.resolve("a.wav")));
        assertTrue(e.getMessage().contains("cannot start /nonexistent/espeak-ng"), e.getMessage());
    }

    @Test
    void hangingEngineIsKilledAfterTheTimeout() throws Exception {
        EspeakTts slow = new EspeakTts(fake("exec sleep 60"));
        TtsException e = assertThrows(TtsException.class, () -> slow.synthesize("Hello", "en", dir.resolve("a.wav")));
        assertTrue(e.getMessage().contains("took longer than 500 ms and was killed"), e.getMessage());
    }

    @Test
    void engineStderrIsInTheError() throws Exception {
        EspeakTts failing = new EspeakTts(fake("echo 'Error: sound device busy' >&2; exit 3"));
        TtsException e = assertThrows(TtsException.class, () -> failing.synthesize("Hello", "zh", dir.resolve("a.wav")));
        assertTrue(e.getMessage().contains("[zh]"), e.getMessage());
        assertTrue(e.getMessage().contains("exited 3: Error: sound device busy"), e.getMessage());
    }

    /** Options whose espeak-ng is a shell script with the given body and a 500 ms timeout. */
    private EspeakTts.Options fake(String body) throws Exception {
        Path script = dir.resolve("fake-espeak");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        assertTrue(script.toFile().setExecutable(true));
        EspeakTts.Options d = EspeakTts.Options.defaults();
        return new EspeakTts.Options(d.voices(), d.speed(), java.time.Duration.ofMillis(500), d.lexicon(),
                script.toString(), d.sox());
    }

    @Test
    void voiceKeyChangesWithVoiceAndSpeed() {
        assertNotEquals(tts.voiceKey("en"), tts.voiceKey("zh"));
        assertNotEquals(tts.voiceKey("en"), new EspeakTts(EspeakTts.Options.defaults().withSpeed(170)).voiceKey("en"));
    }
}
