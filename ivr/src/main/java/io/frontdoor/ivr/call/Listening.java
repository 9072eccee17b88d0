package io.frontdoor.ivr.call;

import java.time.Duration;
import java.util.Objects;

/**
 * How a call listens for a caller's answer: keys, speech, or either.
 *
 * @param maxDigits      most DTMF digits to collect ({@code #} ends input early)
 * @param noInput        how long to wait, after the prompt, for the caller to key or speak
 * @param maxSpeech      longest utterance kept; speech beyond it is cut
 * @param endSilence     silence that ends an utterance once speech has started
 * @param speech         whether to capture speech at all ({@code false}: keys only)
 * @param bargeIn        whether speech may stop the prompt (adapters that cannot hear the caller
 *                       while playing ignore it and listen after the prompt)
 */
public record Listening(int maxDigits, Duration noInput, Duration maxSpeech, Duration endSilence,
        boolean speech, boolean bargeIn) {

    public Listening {
        if (maxDigits < 1) {
            throw new IllegalArgumentException("maxDigits must be at least 1");
        }
        Objects.requireNonNull(noInput, "noInput");
        Objects.requireNonNull(maxSpeech, "maxSpeech");
        Objects.requireNonNull(endSilence, "endSilence");
    }

    /** Keys only, as {@link Call#collectDigits}. */
    public static Listening keys(int maxDigits, Duration noInput) {
        return new Listening(maxDigits, noInput, Duration.ofSeconds(5), Duration.ofMillis(800), false, false);
    }

    /** Keys or speech, with the usual telephone end-pointing (0.8 s of silence, 5 s at most). */
    public static Listening keysOrSpeech(int maxDigits, Duration noInput, boolean bargeIn) {
        return new Listening(maxDigits, noInput, Duration.ofSeconds(5), Duration.ofMillis(800), true, bargeIn);
    }
}
