package io.frontdoor.ivr.sip.media;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Prompts and spoken names as G.711, read once from their 8 kHz 16-bit mono WAV files and kept
 * (a few hundred prompts of a few seconds each: a few megabytes). A changed file (new size or
 * modification time) is read again.
 */
public final class PromptAudio {
    private static final int MAX_ENTRIES = 2048;

    private record Key(Path file, long modified, long size, G711 codec) {
    }

    private final Map<Key, byte[]> cache = new ConcurrentHashMap<>();

    /**
     * The file's audio in {@code codec}, one byte a sample.
     *
     * @throws IOException when it cannot be read or is not 8 kHz 16-bit mono PCM
     */
    public byte[] encoded(Path wav, G711 codec) throws IOException {
        Key key = new Key(wav, Files.getLastModifiedTime(wav).toMillis(), Files.size(wav), codec);
        byte[] hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        byte[] pcm = readPcm(wav);
        byte[] encoded = codec.encodePcm16le(pcm, 0, pcm.length);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear(); // rare (TTS of many names): start again rather than track use
        }
        cache.put(key, encoded);
        return encoded;
    }

    /** Signed 16-bit little-endian PCM of an 8 kHz mono WAV file. */
    public static byte[] readPcm(Path wav) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(wav));
                AudioInputStream audio = AudioSystem.getAudioInputStream(in)) {
            AudioFormat f = audio.getFormat();
            if (f.getSampleRate() != 8000f || f.getChannels() != 1 || f.getSampleSizeInBits() != 16
                    || f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED) {
                throw new IOException(wav + " is " + f + ", not 8 kHz 16-bit mono PCM");
            }
            byte[] data = audio.readAllBytes();
            if (f.isBigEndian()) {
                for (int i = 0; i + 1 < data.length; i += 2) {
                    byte b = data[i];
                    data[i] = data[i + 1];
                    data[i + 1] = b;
                }
            }
            return data.length % 2 == 0 ? data : java.util.Arrays.copyOf(data, data.length - 1);
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(wav + " is not a WAV file this server can read: " + e.getMessage(), e);
        }
    }
}
