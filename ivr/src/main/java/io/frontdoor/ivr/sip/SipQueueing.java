package io.frontdoor.ivr.sip;

import io.frontdoor.ivr.speech.AudioCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How callers wait on the embedded SIP endpoint when no agent of their queue is free.
 *
 * @param maxWait       longest wait; then the caller hears {@code queue.wait_over} and the hand-off fails
 * @param promptsDir    the prompts directory: {@code <lang>/queue.hold.wav} is looped with a pause,
 *                      {@code <lang>/queue.wait_over.wav} is the apology,
 *                      {@code <lang>/queue.position_before.wav} and {@code queue.position_after.wav}
 *                      frame the caller's place in line (missing files: silence, no announcement)
 * @param pause         silence between two plays of the hold prompt
 * @param ring          how long an agent's phone rings before FrontDoor gives up on that agent
 * @param positionEvery the caller's place in line is told when they start waiting and when it
 *                      changes, at most this often; zero: never told
 * @param voice         speaks the number of the place (TTS, cached); null: no announcement
 */
public record SipQueueing(Duration maxWait, Path promptsDir, Duration pause, Duration ring, Duration positionEvery,
        AudioCatalog voice) {
    public static final String HOLD = "queue.hold";
    public static final String WAIT_OVER = "queue.wait_over";
    public static final String POSITION_BEFORE = "queue.position_before";
    public static final String POSITION_AFTER = "queue.position_after";

    public SipQueueing {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("the queue wait limit must be positive: " + maxWait);
        }
        pause = pause == null ? Duration.ofSeconds(8) : pause;
        ring = ring == null || ring.isZero() || ring.isNegative() ? Duration.ofSeconds(30) : ring;
        positionEvery = positionEvery == null || positionEvery.isNegative() ? Duration.ZERO : positionEvery;
    }

    /** Without position announcements, agents rung for 30 s. */
    public SipQueueing(Duration maxWait, Path promptsDir, Duration pause) {
        this(maxWait, promptsDir, pause, Duration.ofSeconds(30), Duration.ZERO, null);
    }

    /** Ten minutes, no prompts (callers hear silence while they wait). */
    public static SipQueueing defaults() {
        return new SipQueueing(Duration.ofSeconds(600), null, Duration.ofSeconds(8));
    }

    /** Whether callers are told their place in line. */
    boolean announcesPosition() {
        return !positionEvery.isZero() && voice != null && promptsDir != null;
    }

    /** The language {@code id} is recorded in: {@code language}, else English; null when in neither. */
    String languageOf(String id, String language) {
        for (String lang : new String[] {language == null || language.isBlank() ? "en" : language, "en"}) {
            if (Files.isRegularFile(promptsDir.resolve(lang).resolve(id + ".wav"))) {
                return lang;
            }
        }
        return null;
    }

    /** The recording of {@code id} in {@code language} (English when that language has none), or null. */
    Path prompt(String id, String language) {
        if (promptsDir == null) {
            return null;
        }
        String lang = languageOf(id, language);
        return lang == null ? null : promptsDir.resolve(lang).resolve(id + ".wav");
    }
}
