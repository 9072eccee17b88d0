package io.frontdoor.ivr.freeswitch;

import io.frontdoor.ivr.call.Audio;
import io.frontdoor.ivr.call.Heard;
import io.frontdoor.ivr.call.Listening;
import io.frontdoor.ivr.call.Utterance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * {@link io.frontdoor.ivr.call.Call#listen} over outbound ESL with FreeSWITCH's own applications:
 * the prompt plays with every key as a terminator (a key stops it and is the answer); then
 * {@code record <dir>/<file>.wav <maxSpeech s> 200 <endSilence s>} captures the caller, with
 * {@code record_initial_timeout_ms} (the no-input wait) and {@code record_final_timeout_ms} (the
 * end-of-speech silence) set on the channel and {@code playback_terminators} so a key ends the
 * recording. The WAV FreeSWITCH wrote is read back as 16-bit 8 kHz mono PCM and deleted.
 *
 * <p>Barge-in is not offered: {@code record} starts after the prompt, so speech over the prompt is
 * not heard (keys are). Hearing the caller during the prompt needs {@code play_and_detect_speech}
 * and an ASR module inside FreeSWITCH, which FrontDoor does not require.
 */
final class EslListen {
    static final String KEYS = "0123456789*#";
    /** FreeSWITCH's energy threshold for silence (its documented example value). */
    static final int SILENCE_THRESHOLD = 200;

    private EslListen() {
    }

    static Heard listen(EslCall call, EslRecording where, Audio prompt, Listening how, String file) {
        if (prompt != null) {
            String key = call.play(prompt, KEYS);
            if (!key.isEmpty()) {
                return keyed(call, key, how);
            }
        }
        long initial = Math.max(1, how.noInput().toMillis());
        long end = Math.max(1, how.endSilence().toMillis());
        call.execute("set", "playback_terminators=" + KEYS);
        call.execute("unset", "playback_terminator_used");
        call.execute("multiset", "record_initial_timeout_ms=" + initial + " record_final_timeout_ms=" + end);
        String name = file + ".wav";
        Path local = where.localDir().resolve(name);
        try {
            EslMessage done = call.execute("record", where.switchDir() + "/" + name + " " + seconds(how.maxSpeech())
                    + " " + SILENCE_THRESHOLD + " " + seconds(how.endSilence()));
            String used = done.header("variable_playback_terminator_used");
            if (used != null && !used.isEmpty() && KEYS.contains(used)) {
                return keyed(call, used.substring(0, 1), how);
            }
            String ms = done.header("variable_record_ms");
            if (!Files.exists(local) || "0".equals(ms)) {
                return Heard.nothing();
            }
            byte[] pcm = pcm8k(local);
            return pcm.length == 0 ? Heard.nothing() : Heard.said(new Utterance(pcm, false));
        } finally {
            try {
                Files.deleteIfExists(local); // caller audio is personal data: kept no longer than needed
            } catch (IOException ignored) {
                // a leftover file is overwritten by name next time; nothing else to do
            }
        }
    }

    private static Heard keyed(EslCall call, String first, Listening how) {
        if (first.equals("#")) {
            return Heard.nothing();
        }
        String more = how.maxDigits() > 1 ? call.collectDigits(null, how.maxDigits() - 1, how.noInput()) : "";
        return Heard.keyed(first + more);
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /** A WAV file as signed 16-bit little-endian mono at 8 kHz (16 kHz halved). */
    static byte[] pcm8k(Path wav) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = in.getFormat();
            float rate = f.getSampleRate();
            if (rate != 8000f && rate != 16000f) {
                throw new IOException("recorded at " + rate + " Hz; FrontDoor reads 8 or 16 kHz");
            }
            AudioFormat target = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, f.getChannels(),
                    2 * f.getChannels(), rate, false);
            byte[] data;
            try (AudioInputStream pcm = AudioSystem.getAudioInputStream(target, in)) {
                data = pcm.readAllBytes();
            }
            int step = 2 * f.getChannels() * (rate == 16000f ? 2 : 1); // keep the first channel, every other frame at 16 kHz
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / step * 2);
            for (int i = 0; i + 1 < data.length; i += step) {
                out.write(data[i]);
                out.write(data[i + 1]);
            }
            return out.toByteArray();
        } catch (UnsupportedAudioFileException e) {
            throw new UncheckedIOException(new IOException("not a WAV FrontDoor can read: " + wav.getFileName(), e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recording " + wav.getFileName(), e);
        }
    }
}
