package io.frontdoor.ivr.sip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How callers wait on the embedded SIP endpoint when no agent of their queue is free.
 *
 * @param maxWait    longest wait; then the caller hears {@code queue.wait_over} and the hand-off fails
 * @param promptsDir the prompts directory: {@code <lang>/queue.hold.wav} is looped with a pause,
 *                   {@code <lang>/queue.wait_over.wav} is the apology (missing files: silence)
 * @param pause      silence between two plays of the hold prompt
 */
public record SipQueueing(Duration maxWait, Path promptsDir, Duration pause) {
    public static final String HOLD = "queue.hold";
    public static final String WAIT_OVER = "queue.wait_over";

    public SipQueueing {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("the queue wait limit must be positive: " + maxWait);
        }
        pause = pause == null ? Duration.ofSeconds(8) : pause;
    }

    /** Ten minutes, no prompts (callers hear silence while they wait). */
    public static SipQueueing defaults() {
        return new SipQueueing(Duration.ofSeconds(600), null, Duration.ofSeconds(8));
    }

    /** The recording of {@code id} in {@code language} (English when that language has none), or null. */
    Path prompt(String id, String language) {
        if (promptsDir == null) {
            return null;
        }
        for (String lang : new String[] {language == null || language.isBlank() ? "en" : language, "en"}) {
            Path p = promptsDir.resolve(lang).resolve(id + ".wav");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
