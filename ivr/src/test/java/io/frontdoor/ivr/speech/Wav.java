package io.frontdoor.ivr.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Test helper: asserts a file is telephone audio (8 kHz, 16-bit, mono PCM) that says something. */
final class Wav {
    private Wav() {
    }

    /** Checks the format, a length of at least {@code minSeconds} and a peak well above silence. */
    static double assertTelephoneAudio(Path file, double minSeconds) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat f = in.getFormat();
            assertEquals(AudioFormat.Encoding.PCM_SIGNED, f.getEncoding(), file + " encoding");
            assertEquals(8000f, f.getSampleRate(), file + " sample rate");
            assertEquals(16, f.getSampleSizeInBits(), file + " bits");
            assertEquals(1, f.getChannels(), file + " channels");
            byte[] data = in.readAllBytes();
            double seconds = data.length / 2 / 8000.0;
            assertTrue(seconds >= minSeconds, file + " is only " + seconds + " s long");
            int peak = 0;
            long loud = 0;
            for (int i = 0; i + 1 < data.length; i += 2) {
                int sample = f.isBigEndian() ? (short) ((data[i] << 8) | (data[i + 1] & 0xff))
                        : (short) ((data[i + 1] << 8) | (data[i] & 0xff));
                peak = Math.max(peak, Math.abs(sample));
                if (Math.abs(sample) > 1000) {
                    loud++;
                }
            }
            // normalised to -3 dBFS: the peak is near 23000; silence or noise would be far below
            assertTrue(peak > 10_000, file + " peak " + peak + " is too quiet");
            assertTrue(loud > 8000 * minSeconds / 10, file + " has only " + loud + " audible samples");
            return seconds;
        } catch (IOException | UnsupportedAudioFileException e) {
            throw new AssertionError(file + " is not a readable WAV: " + e, e);
        }
    }
}
