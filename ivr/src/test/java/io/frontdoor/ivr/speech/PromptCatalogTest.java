package io.frontdoor.ivr.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.ivr.call.Audio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptCatalogTest {
    @TempDir
    Path dir;

    private final CountingTts engine = new CountingTts();
    private Path prompts;
    private TtsCache cache;
    private PromptCatalog catalog;

    @BeforeEach
    void setUp() throws Exception {
        prompts = Files.createDirectories(dir.resolve("prompts"));
        cache = new TtsCache(engine, dir.resolve("cache"));
        Files.createDirectories(prompts.resolve("en"));
        new EspeakTts().synthesize("For your balance press 1.", "en", prompts.resolve("en/menu.main.wav"));
        catalog = new PromptCatalog(CatalogLoaderTest.fixture("good.yaml"), prompts, "/mnt/fd/prompts/", cache,
                "/mnt/fd/tts", "en");
    }

    @Test
    void fixedPromptPlaysTheRecording() {
        Audio audio = catalog.prompt("menu.main", "en", Map.of());
        assertEquals(prompts.resolve("en/menu.main.wav"), audio.localFile());
        assertEquals("/mnt/fd/prompts/en/menu.main", audio.switchPath());
        assertEquals("For your balance press 1.", audio.text());
        assertEquals(0, engine.calls.get());
    }

    @Test
    void missingRecordingIsSpokenByTts() {
        Audio audio = catalog.prompt("menu.main", "zh", Map.of());
        assertEquals("查询余额请按1。", audio.text());
        assertTrue(audio.switchPath().startsWith("/mnt/fd/tts/zh/"), audio.switchPath());
        assertEquals(1, engine.calls.get());
        Wav.assertTelephoneAudio(audio.localFile(), 1.0);
        catalog.prompt("menu.main", "zh", Map.of());
        assertEquals(1, engine.calls.get(), "second play comes from the cache");
    }

    @Test
    void placeholdersAreFilledAndSpokenThroughTheCache() {
        Audio audio = catalog.prompt("greeting.returning", "zh", Map.of("name", "陈", "salutation", "先生"));
        assertEquals("陈先生您好，欢迎回来。", audio.text());
        String key = cache.key("陈先生您好，欢迎回来。", "zh");
        assertEquals("/mnt/fd/tts/zh/" + key, audio.switchPath());
        assertEquals(cache.cacheDir().resolve("zh").resolve(key + ".wav"), audio.localFile());
        Wav.assertTelephoneAudio(audio.localFile(), 1.0);

        Audio noSalutation = catalog.prompt("greeting.returning", "en", Map.of("name", "Chen"));
        assertEquals("Hello Chen, welcome back.", noSalutation.text());
        assertEquals(2, engine.calls.get());
    }

    @Test
    void fallsBackToTheFallbackLanguage() {
        assertTrue(catalog.has("only.english", "zh"));
        assertEquals(Optional.of("Only in English."), catalog.text("only.english", "zh"));
        Audio audio = catalog.prompt("only.english", "zh", Map.of());
        assertEquals("Only in English.", audio.text());
        assertTrue(audio.switchPath().startsWith("/mnt/fd/tts/en/"), "spoken in the fallback language");
    }

    @Test
    void unknownIdIsRejectedByName() {
        assertFalse(catalog.has("no.such", "en"));
        assertEquals(Optional.empty(), catalog.text("no.such", "en"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> catalog.prompt("no.such", "en", Map.of()));
        assertTrue(e.getMessage().contains("'no.such'"), e.getMessage());
    }

    @Test
    void speakUsesTheCache() {
        Audio a = catalog.speak("Your balance is 1,024 yuan.", "en");
        Audio b = catalog.speak("Your balance is 1,024 yuan.", "en");
        assertEquals(a, b);
        assertEquals(1, engine.calls.get());
    }

    @Test
    void switchPathsDefaultToLocalAbsolutePaths() {
        PromptCatalog local = new PromptCatalog(CatalogLoaderTest.fixture("good.yaml"), prompts, null, cache, null, "en");
        assertEquals(prompts.toAbsolutePath() + "/en/menu.main", local.prompt("menu.main", "en", Map.of()).switchPath());
        Audio spoken = local.speak("Hello", "en");
        assertEquals(spoken.localFile().toString(), spoken.switchPath() + ".wav");
    }

    @Test
    void fallbackLanguageMustBeInTheCatalog() {
        CatalogException e = assertThrows(CatalogException.class,
                () -> new PromptCatalog(CatalogLoaderTest.fixture("good.yaml"), prompts, null, cache, null, "fr"));
        assertTrue(e.getMessage().contains("'fr'"), e.getMessage());
    }
}
