package io.frontdoor.ivr.speech;

import io.frontdoor.ivr.call.Audio;
import java.util.Map;
import java.util.Optional;

/**
 * Turns prompt ids and dynamic text into playable audio, per language. Prompt ids are the keys of
 * {@code prompts/catalog.yaml} ("greeting.returning"); a prompt whose text has placeholders
 * ({@code {name}}) is rendered and spoken by text-to-speech, cached on disk by (language, text).
 */
public interface AudioCatalog {

    /** Whether the catalog has the prompt id in the language (or a fallback language). */
    boolean has(String promptId, String language);

    /** Text of a prompt in a language, with no placeholders filled in. */
    Optional<String> text(String promptId, String language);

    /**
     * Audio of a prompt; placeholders in its text are filled from {@code values} and the result is
     * spoken by TTS when the text has any, otherwise the recorded prompt file is used.
     *
     * @throws IllegalArgumentException when the prompt id is unknown in every language
     */
    Audio prompt(String promptId, String language, Map<String, String> values);

    /** Speaks arbitrary text by TTS in a language (cached). */
    Audio speak(String text, String language);
}
