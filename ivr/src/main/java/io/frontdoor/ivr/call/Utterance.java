package io.frontdoor.ivr.call;

import java.util.Objects;

/**
 * Caller audio captured for speech recognition: signed 16-bit little-endian PCM, 8 kHz, mono
 * (telephone audio after G.711 decoding), end-pointed by the adapter.
 *
 * @param pcm       the samples, two bytes each
 * @param bargedIn  whether the caller started speaking over the prompt (and stopped it)
 */
public record Utterance(byte[] pcm, boolean bargedIn) {

    public static final int SAMPLE_RATE = 8000;

    public Utterance {
        Objects.requireNonNull(pcm, "pcm");
        if (pcm.length % 2 != 0) {
            throw new IllegalArgumentException("16-bit PCM has an even number of bytes");
        }
    }

    /** Length in milliseconds. */
    public long millis() {
        return pcm.length / 2 * 1000L / SAMPLE_RATE;
    }
}
