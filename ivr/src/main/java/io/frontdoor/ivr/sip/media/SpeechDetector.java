package io.frontdoor.ivr.sip.media;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Energy-based end-pointing of caller audio (8 kHz 16-bit PCM, fed a packet at a time): speech
 * starts after {@value #START_MS} ms of frames above the threshold (the {@value #PRE_ROLL_MS} ms
 * before are kept, so the first syllable is not cut), and ends after {@code endSilence} of frames
 * below it or at {@code maxSpeech}. Not a voice-activity model: loud noise counts as speech.
 */
public final class SpeechDetector {
    static final int START_MS = 60;
    static final int PRE_ROLL_MS = 200;
    /** RMS of a frame counted as speech: about -36 dBFS, well above line noise, below quiet speech. */
    public static final int DEFAULT_THRESHOLD = 500;

    /** What a fed packet changed. */
    public enum Change { NONE, STARTED, ENDED }

    private final long endSilenceSamples;
    private final long maxSamples;
    private final int threshold;
    private final ArrayDeque<byte[]> preRoll = new ArrayDeque<>();
    private final ByteArrayOutputStream speech = new ByteArrayOutputStream();
    private long loudSamples;
    private long quietSamples;
    private boolean started;
    private boolean ended;
    private long lastFeed = System.nanoTime();

    public SpeechDetector(Duration endSilence, Duration maxSpeech, int threshold) {
        this.endSilenceSamples = endSilence.toMillis() * 8;
        this.maxSamples = maxSpeech.toMillis() * 8;
        this.threshold = threshold;
    }

    /** Feeds one packet's samples. */
    public synchronized Change feed(byte[] pcm, int length) {
        lastFeed = System.nanoTime();
        if (ended) {
            return Change.NONE;
        }
        int samples = length / 2;
        boolean loud = rms(pcm, length) >= threshold;
        if (!started) {
            preRoll.addLast(java.util.Arrays.copyOf(pcm, length));
            int kept = 0;
            for (byte[] b : preRoll) {
                kept += b.length / 2;
            }
            while (kept > PRE_ROLL_MS * 8 + samples && preRoll.size() > 1) {
                kept -= preRoll.removeFirst().length / 2;
            }
            loudSamples = loud ? loudSamples + samples : 0;
            if (loudSamples >= START_MS * 8) {
                started = true;
                preRoll.forEach(b -> speech.write(b, 0, b.length));
                preRoll.clear();
                return Change.STARTED;
            }
            return Change.NONE;
        }
        speech.write(pcm, 0, length);
        quietSamples = loud ? 0 : quietSamples + samples;
        if (quietSamples >= endSilenceSamples || speech.size() / 2 >= maxSamples) {
            ended = true;
            return Change.ENDED;
        }
        return Change.NONE;
    }

    /** The utterance so far (complete once {@link Change#ENDED} was returned). */
    public synchronized byte[] utterance() {
        return speech.toByteArray();
    }

    public synchronized boolean started() {
        return started;
    }

    /**
     * Ends speech that started when no audio came for the end-silence time (a phone that stops
     * sending RTP in silence, DTX): true when this call ended it.
     */
    public synchronized boolean endIfQuietSince(long nowNanos) {
        if (started && !ended && (nowNanos - lastFeed) / 125_000 >= endSilenceSamples) {
            ended = true;
            return true;
        }
        return false;
    }

    static double rms(byte[] pcm, int length) {
        long sum = 0;
        int n = length / 2;
        for (int i = 0; i < n; i++) {
            int s = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
            sum += (long) s * s;
        }
        return n == 0 ? 0 : Math.sqrt((double) sum / n);
    }
}
