package io.frontdoor.ivr.speech;

/**
 * Prepares 8 kHz telephone PCM for an acoustic model trained on 16 kHz speech: removes DC, brings
 * the level to a fixed peak (callers and lines differ by 20 dB and more), pads it with quiet
 * (the decoder needs some silence before speech to settle), upsamples to 16 kHz and lays a
 * faint noise floor under it.
 *
 * <p>The noise floor matters more than anything else here. A quiet G.711 line delivers digital
 * silence between words (exact zeros) and nothing above 3.4 kHz; the en-us model was trained on
 * wideband speech whose pauses are some 20-30 dB below its vowels. Measured on scripts/bench-asr's
 * audio, the quiet frames of a clean utterance sat ~70 dB below its vowels: after cepstral mean
 * normalisation every speech frame was far above anything the model had seen, and Sphinx4's
 * out-of-grammar phone loop explained such frames better than the right phrase. Clean audio was
 * recognised worse than audio at 20 dB SNR (80 % against 94 %) for that reason alone. White noise
 * over the whole 0-8 kHz band, {@code floorDb} below the utterance's speech level (seeded: the same
 * audio always gives the same result), brings a clean line to what the model expects and leaves a
 * noisy line, whose own noise is louder, much as it was.
 */
final class TelephoneAudio {
    /** The rate the acoustic model expects. */
    static final int MODEL_RATE = 16000;
    private static final int PAD_BEFORE = 3200;   // 0.4 s at 8 kHz
    private static final int PAD_AFTER = 2400;    // 0.3 s
    private static final double TARGET_PEAK = 16000;
    private static final double MAX_GAIN = 20;
    private static final double[] TAPS = halfBandTaps(31);

    private TelephoneAudio() {
    }

    /** The noise floor below the speech level that the shipped decoder settings were chosen with. */
    static final double DEFAULT_FLOOR_DB = 30;

    /** 16-bit LE 8 kHz mono in, 16-bit LE 16 kHz mono out, with the default noise floor. */
    static byte[] prepare(byte[] pcm8k) {
        return prepare(pcm8k, DEFAULT_FLOOR_DB);
    }

    /**
     * 16-bit LE 8 kHz mono in, 16-bit LE 16 kHz mono out.
     *
     * @param floorDb how far below the speech level (RMS of the samples above 1/20 of the peak) the
     *                added white noise lies; {@code Double.POSITIVE_INFINITY} for none
     */
    static byte[] prepare(byte[] pcm8k, double floorDb) {
        int n = pcm8k.length / 2;
        double[] x = new double[PAD_BEFORE + n + PAD_AFTER];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += sample(pcm8k, i);
        }
        mean = n == 0 ? 0 : mean / n;
        double peak = 1;
        for (int i = 0; i < n; i++) {
            double v = sample(pcm8k, i) - mean;
            x[PAD_BEFORE + i] = v;
            peak = Math.max(peak, Math.abs(v));
        }
        double gain = Math.min(MAX_GAIN, TARGET_PEAK / peak);
        double sum = 0;
        int active = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] *= gain;
            if (Math.abs(x[i]) > peak * gain / 20) {
                sum += x[i] * x[i];
                active++;
            }
        }
        double speechRms = active == 0 ? 0 : Math.sqrt(sum / active);
        // at least a faint floor: exact zeros (log energy of nothing) break the decoder outright
        double sigma = Math.max(1, speechRms * Math.pow(10, -floorDb / 20));
        return upsample(x, sigma, new java.util.Random(12345));
    }

    /** Frames of 10 ms, the decoder's frame shift. */
    static final int FRAME_SAMPLES = 80;
    /** The frame of the decoder's timeline where the caller's first sample lies (after the padding). */
    static final int FIRST_FRAME = PAD_BEFORE / FRAME_SAMPLES;

    /**
     * Which 10 ms frames of the 8 kHz audio hold speech: louder than the line's own noise (the
     * quietest tenth of the frames) by 6 dB, and no more than 35 dB below the loudest frame.
     * Frame {@code i} of the result is frame {@code FIRST_FRAME + i} of the decoder's timeline.
     */
    static boolean[] speechFrames(byte[] pcm8k) {
        int frames = pcm8k.length / 2 / FRAME_SAMPLES;
        if (frames == 0) {
            return new boolean[0];
        }
        double[] db = new double[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int i = 0; i < FRAME_SAMPLES; i++) {
                double v = sample(pcm8k, f * FRAME_SAMPLES + i);
                sum += v * v;
            }
            db[f] = 10 * Math.log10(sum / FRAME_SAMPLES + 1);
        }
        double[] sorted = db.clone();
        java.util.Arrays.sort(sorted);
        double threshold = Math.max(sorted[frames / 10] + 6, sorted[frames - 1] - 35);
        boolean[] speech = new boolean[frames];
        for (int f = 0; f < frames; f++) {
            speech[f] = db[f] > threshold;
        }
        return speech;
    }

    private static double sample(byte[] pcm, int i) {
        return (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
    }

    /**
     * 2x upsampling (zero-stuffing followed by a windowed-sinc low-pass at the old Nyquist), plus
     * white noise of standard deviation {@code sigma} at the new rate.
     */
    private static byte[] upsample(double[] x, double sigma, java.util.Random noise) {
        int m = x.length * 2;
        byte[] out = new byte[m * 2];
        int half = TAPS.length / 2;
        for (int j = 0; j < m; j++) {
            double acc = 0;
            for (int k = 0; k < TAPS.length; k++) {
                int src = j - k + half;
                if (src >= 0 && src < m && src % 2 == 0) {
                    acc += x[src / 2] * TAPS[k];
                }
            }
            int v = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(acc * 2 + noise.nextGaussian() * sigma)));
            out[2 * j] = (byte) v;
            out[2 * j + 1] = (byte) (v >> 8);
        }
        return out;
    }

    private static double[] halfBandTaps(int count) {
        double[] h = new double[count];
        int mid = count / 2;
        double sum = 0;
        for (int i = 0; i < count; i++) {
            int t = i - mid;
            double sinc = t == 0 ? 0.5 : Math.sin(Math.PI * t / 2) / (Math.PI * t);
            double window = 0.54 - 0.46 * Math.cos(2 * Math.PI * i / (count - 1));
            h[i] = sinc * window;
            sum += h[i];
        }
        for (int i = 0; i < count; i++) {
            h[i] /= sum * 2;
        }
        return h;
    }
}
