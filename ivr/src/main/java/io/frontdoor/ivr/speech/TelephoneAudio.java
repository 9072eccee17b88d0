package io.frontdoor.ivr.speech;

/**
 * Prepares 8 kHz telephone PCM for an acoustic model trained on 16 kHz speech: removes DC, brings
 * the level to a fixed peak (callers and lines differ by 20 dB and more), pads it with quiet
 * (the decoder needs some silence before speech to settle) and upsamples to 16 kHz.
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

    /** 16-bit LE 8 kHz mono in, 16-bit LE 16 kHz mono out. */
    static byte[] prepare(byte[] pcm8k) {
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
        // a faint deterministic dither keeps the padding from being digital zero (log energy of 0);
        // a louder floor (a line's hiss) was tried and cost accuracy
        long seed = 12345;
        for (int i = 0; i < x.length; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            x[i] = x[i] * gain + ((seed >>> 33) % 5 - 2);
        }
        return upsample(x);
    }

    private static double sample(byte[] pcm, int i) {
        return (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
    }

    /** 2x upsampling: zero-stuffing followed by a windowed-sinc low-pass at the old Nyquist. */
    private static byte[] upsample(double[] x) {
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
            int v = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(acc * 2)));
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
