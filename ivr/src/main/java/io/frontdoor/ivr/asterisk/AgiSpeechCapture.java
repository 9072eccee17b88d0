package io.frontdoor.ivr.asterisk;

import io.frontdoor.ivr.call.Utterance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Where Asterisk records callers for speech recognition: a directory both hosts reach, as
 * FrontDoor sees it and as Asterisk sees it (the same path when they share a host). Asterisk's
 * RECORD FILE writes {@code <switchDir>/<name>.wav}; FrontDoor reads {@code <localDir>/<name>.wav}
 * back and deletes it.
 *
 * @param localDir  the directory on FrontDoor's host
 * @param switchDir the same directory as Asterisk addresses it
 */
record AgiSpeechCapture(Path localDir, String switchDir) {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final AudioFormat TELEPHONE = new AudioFormat(Utterance.SAMPLE_RATE, 16, 1, true, false);

    AgiSpeechCapture {
        Objects.requireNonNull(localDir, "localDir");
        switchDir = switchDir == null || switchDir.isBlank() ? localDir.toString() : switchDir.replaceAll("/+$", "");
    }

    /** A file name no other recording uses (no extension: Asterisk adds {@code .wav}). */
    String newName(String callId) {
        String safe = callId == null ? "call" : callId.replaceAll("[^A-Za-z0-9.-]", "_");
        return "fd-" + safe + "-" + SEQUENCE.incrementAndGet();
    }

    String switchPath(String name) {
        return switchDir + "/" + name;
    }

    Path localFile(String name) {
        return localDir.resolve(name + ".wav");
    }

    /**
     * Reads a recording as 16-bit little-endian 8 kHz mono, converting sample format and byte
     * order when Asterisk wrote something else at 8 kHz.
     *
     * @throws IOException when the file is missing or not 8 kHz mono audio
     */
    static byte[] readPcm(Path wav) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = in.getFormat();
            if (f.getSampleRate() != Utterance.SAMPLE_RATE || f.getChannels() != 1) {
                throw new IOException(wav.getFileName() + " is " + f + ", not 8 kHz mono");
            }
            if (f.matches(TELEPHONE)) {
                return in.readAllBytes();
            }
            try (AudioInputStream converted = AudioSystem.getAudioInputStream(TELEPHONE, in)) {
                return converted.readAllBytes();
            }
        } catch (UnsupportedAudioFileException | IllegalArgumentException e) {
            throw new IOException(wav.getFileName() + " is not a readable WAV file: " + e.getMessage(), e);
        }
    }

    /** Creates the local directory if it is missing (Asterisk needs it to exist too). */
    void ensureDirectory() throws IOException {
        Files.createDirectories(localDir);
    }
}
