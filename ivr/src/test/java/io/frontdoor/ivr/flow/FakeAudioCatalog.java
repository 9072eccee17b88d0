package io.frontdoor.ivr.flow;

import io.frontdoor.ivr.call.Audio;
import io.frontdoor.ivr.speech.AudioCatalog;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A fake catalog: knows every prompt id in en and zh except those starting with {@code missing.}; audio's switch path is
 * {@code lang/id} for recorded prompts, {@code lang/id{name=...}} when values were filled in, and
 * {@code tts:lang:text} for spoken text, so tests can assert what the caller heard.
 */
final class FakeAudioCatalog implements AudioCatalog {
    @Override
    public boolean has(String promptId, String language) {
        return !promptId.startsWith("missing.") && Set.of("en", "zh").contains(language);
    }

    @Override
    public Optional<String> text(String promptId, String language) {
        return has(promptId, language) ? Optional.of(promptId) : Optional.empty();
    }

    @Override
    public Audio prompt(String promptId, String language, Map<String, String> values) {
        if (!has(promptId, language)) {
            throw new IllegalArgumentException("unknown prompt " + promptId);
        }
        String path = language + "/" + promptId + (values.isEmpty() ? "" : new TreeMap<>(values).toString());
        return new Audio(Path.of(path + ".wav"), path, promptId);
    }

    @Override
    public Audio speak(String text, String language) {
        return new Audio(Path.of("tts.wav"), "tts:" + language + ":" + text, text);
    }
}
