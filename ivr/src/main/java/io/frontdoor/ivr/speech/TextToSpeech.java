package io.frontdoor.ivr.speech;

import java.nio.file.Path;

/**
 * Port to a text-to-speech engine. Implementations write telephone audio (8 kHz, 16-bit, mono
 * WAV) so the result can be played by Asterisk, FreeSWITCH or the embedded SIP endpoint as is.
 */
public interface TextToSpeech {

    /**
     * Speaks {@code text} in {@code language} into {@code wavOut} (created or replaced).
     *
     * @throws TtsException when the engine fails, times out or has no voice for the language
     */
    void synthesize(String text, String language, Path wavOut);

    /**
     * What, besides the text, decides the sound for a language (engine, voice, speed...). Caches
     * put it in their key so that changing the voice does not serve stale audio.
     */
    String voiceKey(String language);
}
