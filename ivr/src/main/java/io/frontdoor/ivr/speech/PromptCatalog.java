package io.frontdoor.ivr.speech;

import io.frontdoor.ivr.call.Audio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AudioCatalog} on {@code prompts/catalog.yaml}: fixed prompts play their recorded
 * {@code prompts/<lang>/<id>.wav} (made by {@code scripts/gen-prompts}); prompts with placeholders
 * and free text are spoken by TTS through the {@link TtsCache}. A prompt missing in a language is
 * taken from the fallback language, so a half-translated catalog still serves every call.
 */
public final class PromptCatalog implements AudioCatalog {
    private static final Logger log = LoggerFactory.getLogger(PromptCatalog.class);

    /**
     * Where things are. The switch paths are the same directories as the switch sees them (a
     * shared mount on another host); null means the switch sees FrontDoor's own absolute paths.
     *
     * @param catalogFile      {@code prompts/catalog.yaml}
     * @param promptsDir       directory holding {@code <lang>/<id>.wav}
     * @param promptsSwitchDir {@code promptsDir} as the switch sees it ({@code prompts.switch-dir})
     * @param cache            TTS cache for dynamic text
     * @param switchCacheDir   the cache directory as the switch sees it ({@code tts.switch-cache-dir})
     * @param fallbackLanguage language used when a prompt has no text in the one asked for
     */
    public record Settings(Path catalogFile, Path promptsDir, String promptsSwitchDir, TtsCache cache,
                           String switchCacheDir, String fallbackLanguage) {
        public Settings {
            Objects.requireNonNull(catalogFile, "catalogFile");
            promptsDir = promptsDir.toAbsolutePath().normalize();
            Objects.requireNonNull(cache, "cache");
            Objects.requireNonNull(fallbackLanguage, "fallbackLanguage");
            promptsSwitchDir = trimSlash(promptsSwitchDir == null ? promptsDir.toString() : promptsSwitchDir);
            switchCacheDir = trimSlash(switchCacheDir == null ? cache.cacheDir().toString() : switchCacheDir);
        }

        private static String trimSlash(String dir) {
            return dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        }
    }

    private final Settings settings;
    private final CatalogLoader.Texts texts;
    /** Recorded prompts found missing, so the warning is logged once per file, not per call. */
    private final Set<Path> reportedMissing = ConcurrentHashMap.newKeySet();
    /** Recorded prompts found on disk, by "id/language": a call's prompts cost no file lookups. */
    private final Map<String, Audio> recordedPrompts = new ConcurrentHashMap<>();

    /** @throws CatalogException when the catalog file is unreadable or invalid (file:line: reason) */
    public PromptCatalog(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.texts = CatalogLoader.load(settings.catalogFile());
        if (!texts.languages().contains(settings.fallbackLanguage())) {
            throw new CatalogException(settings.catalogFile() + ": fallback language '" + settings.fallbackLanguage()
                    + "' is not one of the catalog's languages " + texts.languages());
        }
    }

    public PromptCatalog(Path catalogFile, Path promptsDir, String promptsSwitchDir, TtsCache cache,
                         String switchCacheDir, String fallbackLanguage) {
        this(new Settings(catalogFile, promptsDir, promptsSwitchDir, cache, switchCacheDir, fallbackLanguage));
    }

    public Settings settings() {
        return settings;
    }

    /** The catalog's prompt ids, languages and texts as loaded. */
    public CatalogLoader.Texts texts() {
        return texts;
    }

    @Override
    public boolean has(String promptId, String language) {
        return text(promptId, language).isPresent();
    }

    @Override
    public Optional<String> text(String promptId, String language) {
        Map<String, String> byLanguage = texts.prompts().get(promptId);
        if (byLanguage == null) {
            return Optional.empty();
        }
        String text = byLanguage.get(language);
        return Optional.ofNullable(text != null ? text : byLanguage.get(settings.fallbackLanguage()));
    }

    @Override
    public Audio prompt(String promptId, String language, Map<String, String> values) {
        Map<String, String> byLanguage = texts.prompts().get(promptId);
        if (byLanguage == null) {
            throw new IllegalArgumentException("unknown prompt id '" + promptId + "' (not in "
                    + settings.catalogFile() + ")");
        }
        String lang = byLanguage.containsKey(language) ? language : settings.fallbackLanguage();
        String text = byLanguage.get(lang);
        if (text == null) {
            throw new IllegalArgumentException("prompt '" + promptId + "' has no text in " + language
                    + " nor in the fallback language " + settings.fallbackLanguage());
        }
        if (Placeholders.has(text)) {
            return speak(Placeholders.fill(text, values == null ? Map.of() : values), lang);
        }
        Audio known = recordedPrompts.get(promptId + "/" + lang);
        if (known != null) {
            return known;
        }
        Path recorded = settings.promptsDir().resolve(lang).resolve(promptId + ".wav");
        if (Files.isRegularFile(recorded)) {
            Audio audio = new Audio(recorded, settings.promptsSwitchDir() + "/" + lang + "/" + promptId, text);
            recordedPrompts.put(promptId + "/" + lang, audio);
            return audio;
        }
        if (reportedMissing.add(recorded)) {
            log.warn("recorded prompt {} is missing; speaking it by TTS (run scripts/gen-prompts)", recorded);
        }
        return speak(text, lang);
    }

    @Override
    public Audio speak(String text, String language) {
        Objects.requireNonNull(text, "text");
        // a TtsException already names the language and masked text; the call flow logs it
        TtsCache.Entry entry = settings.cache().get(text, language);
        return new Audio(entry.file(), settings.switchCacheDir() + "/" + language + "/" + entry.key(), text);
    }
}
