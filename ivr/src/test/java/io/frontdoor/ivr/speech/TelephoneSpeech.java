package io.frontdoor.ivr.speech;

import io.frontdoor.ivr.call.Utterance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Generated telephone speech for recognition tests and the benchmark: espeak-ng speaks the text
 * in a voice and speed, sox takes it to 8 kHz and band-limits it to 300-3400 Hz, then leading
 * silence, optional white noise at a signal-to-noise ratio (band-limited too) and a G.711 mu-law
 * round trip, as a call through a switch would deliver it.
 */
public final class TelephoneSpeech {

    /**
     * @param voice   espeak-ng voice ({@code en-us}, {@code en}, {@code en+f3} ...)
     * @param speed   words per minute (espeak-ng's default is 175)
     * @param leadMs  silence before the speech
     * @param snrDb   noise level below the speech; {@link Double#POSITIVE_INFINITY} for none
     * @param seed    noise seed, so a corpus is the same on every run
     */
    public record Take(String voice, int speed, int leadMs, double snrDb, long seed) {
        public static Take clean(String voice) {
            return new Take(voice, 160, 300, Double.POSITIVE_INFINITY, 1);
        }
    }

    private TelephoneSpeech() {
    }

    /** The utterance as telephone audio (16-bit LE, 8 kHz). */
    public static Utterance say(String text, Take take) {
        byte[] wav = run(List.of("espeak-ng", "-v", take.voice(), "-s", Integer.toString(take.speed()), "--stdout", text), null);
        byte[] speech = run(List.of("sox", "-q", "-R", "-t", "wav", "-", "-t", "raw", "-r", "8000", "-e", "signed", "-b", "16",
                "-c", "1", "-", "sinc", "300-3400"), wav);
        short[] s = samples(speech);
        int lead = take.leadMs() * 8;
        short[] mixed = new short[lead + s.length + 2400];
        double rms = activeRms(s);
        Random noise = new Random(take.seed());
        double sigma = Double.isInfinite(take.snrDb()) ? 0 : rms / Math.pow(10, take.snrDb() / 20);
        double[] n = new double[mixed.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = noise.nextGaussian() * sigma;
        }
        if (sigma > 0) {
            n = bandLimit(n);
        }
        for (int i = 0; i < mixed.length; i++) {
            double v = (i >= lead && i - lead < s.length ? s[i - lead] : 0) + n[i];
            mixed[i] = ulawRoundTrip(clip(v));
        }
        return new Utterance(bytes(mixed), false);
    }

    /** The noise, through the same 300-3400 Hz filter as the speech (a line's noise is band-limited too). */
    private static double[] bandLimit(double[] noise) {
        short[] in = new short[noise.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = clip(noise[i]);
        }
        byte[] out = run(List.of("sox", "-q", "-R", "-t", "raw", "-r", "8000", "-e", "signed", "-b", "16", "-c", "1", "-",
                "-t", "raw", "-", "sinc", "300-3400"), bytes(in));
        short[] s = samples(out);
        double[] d = new double[noise.length];
        for (int i = 0; i < d.length && i < s.length; i++) {
            d[i] = s[i];
        }
        return d;
    }

    /** RMS over the samples louder than 1/20 of the peak: the speech, not the pauses. */
    static double activeRms(short[] s) {
        int peak = 1;
        for (short v : s) {
            peak = Math.max(peak, Math.abs(v));
        }
        double sum = 0;
        int count = 0;
        for (short v : s) {
            if (Math.abs(v) > peak / 20) {
                sum += (double) v * v;
                count++;
            }
        }
        return count == 0 ? 0 : Math.sqrt(sum / count);
    }

    /** G.711 mu-law encode then decode (the classic segment algorithm). */
    static short ulawRoundTrip(short pcm) {
        int bias = 0x84;
        int sign = pcm < 0 ? 0x80 : 0;
        int v = Math.min(Math.abs((int) pcm), 32635) + bias;
        int exponent = 7;
        for (int mask = 0x4000; (v & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (v >> (exponent + 3)) & 0x0f;
        int ulaw = ~(sign | (exponent << 4) | mantissa) & 0xff;
        // decode
        ulaw = ~ulaw & 0xff;
        int t = ((ulaw & 0x0f) << 3) + bias;
        t <<= (ulaw & 0x70) >> 4;
        return (short) ((ulaw & 0x80) != 0 ? bias - t : t - bias);
    }

    private static short clip(double v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }

    static short[] samples(byte[] pcm) {
        short[] s = new short[pcm.length / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
        }
        return s;
    }

    static byte[] bytes(short[] s) {
        byte[] b = new byte[s.length * 2];
        for (int i = 0; i < s.length; i++) {
            b[2 * i] = (byte) s[i];
            b[2 * i + 1] = (byte) (s[i] >> 8);
        }
        return b;
    }

    private static byte[] run(List<String> command, byte[] input) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread feeder = Thread.ofVirtual().start(() -> {
                try (OutputStream out = p.getOutputStream()) {
                    if (input != null) {
                        out.write(input);
                    }
                } catch (IOException ignored) {
                    // the process exited early: its exit code says why
                }
            });
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
            }
            feeder.join();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
