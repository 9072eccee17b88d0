package io.frontdoor.ivr.server;

import io.frontdoor.ivr.speech.EspeakTts;
import io.frontdoor.ivr.speech.PromptCatalog;
import io.frontdoor.ivr.speech.TtsCache;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the prompt catalog and TTS cache the configuration describes. */
final class Prompts {
    private Prompts() {
    }

    static PromptCatalog catalog(Settings s) {
        Map<String, String> voices = new LinkedHashMap<>(EspeakTts.Options.defaults().voices());
        voices.put("en", s.text("tts.voice.en"));
        voices.put("zh", s.text("tts.voice.zh"));
        EspeakTts tts = new EspeakTts(EspeakTts.Options.defaults().withVoices(voices));
        TtsCache cache = new TtsCache(tts, s.path("tts.cache-dir"));
        return new PromptCatalog(s.path("prompts.dir").resolve("catalog.yaml"), s.path("prompts.dir"),
                s.text("prompts.switch-dir"), cache, s.text("tts.switch-cache-dir"), "en");
    }
}
