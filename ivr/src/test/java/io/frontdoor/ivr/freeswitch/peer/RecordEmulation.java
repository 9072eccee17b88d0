package io.frontdoor.ivr.freeswitch.peer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * FreeSWITCH's {@code record <path> [<time_limit_secs>] [<silence_thresh>] [<silence_hits>]} as the
 * caller's side of the channel behaves: {@code "say:<ms>"} speaks for that long (a 300 Hz tone at
 * 8 kHz, 16-bit mono, then the silence that ended it), {@code "speech"} records the next of the
 * channel's utterances (real words as 8 kHz PCM, then the silence that ended it), a digit ends the recording as a
 * {@code playback_terminators} key does (FreeSWITCH then keeps what it recorded and sets
 * {@code playback_terminator_used}), and {@code ""} stays silent until the silence hits, so
 * FreeSWITCH discards the file (nothing was said) and sets {@code record_ms} to 0.
 */
final class RecordEmulation {
    private RecordEmulation() {
    }

    static void record(String arg, String pressed, Map<String, String> variables, Path dir) throws IOException {
        record(arg, pressed, variables, dir, new java.util.ArrayDeque<>());
    }

    static void record(String arg, String pressed, Map<String, String> variables, Path dir,
            java.util.Queue<short[]> utterances) throws IOException {
        String[] a = arg.split(" ");
        Path file = Path.of(a[0]);
        if (dir != null && !file.isAbsolute()) {
            file = dir.resolve(a[0]);
        }
        int limitMs = a.length > 1 ? Integer.parseInt(a[1]) * 1000 : 60_000;
        variables.remove("playback_terminator_used");
        if (pressed.equals("speech")) {
            short[] said = utterances.remove();
            int keep = Math.min(said.length, limitMs * 8);
            short[] s = java.util.Arrays.copyOf(said, keep + 800 * 8); // then the 0.8 s of silence that ended it
            writeWav(file, s);
            variables.put("record_ms", Integer.toString(s.length / 8));
        } else if (pressed.startsWith("say:")) {
            int ms = Math.min(Integer.parseInt(pressed.substring(4)), limitMs);
            writeWav(file, tone(ms));
            variables.put("record_ms", Integer.toString(ms));
        } else if (!pressed.isEmpty()) {
            variables.put("playback_terminator_used", pressed.substring(0, 1));
            variables.put("record_ms", "0");
        } else {
            Files.deleteIfExists(file);
            variables.put("record_ms", "0");
        }
    }

    private static short[] tone(int ms) {
        int speech = ms * 8;
        short[] s = new short[speech + 800 * 8]; // the speech, then the 0.8 s of silence that ended it
        for (int i = 0; i < speech; i++) {
            s[i] = (short) (8000 * Math.sin(2 * Math.PI * 300 * i / 8000.0));
        }
        return s;
    }

    /** A canonical 44-byte-header WAV, as mod_sndfile writes {@code .wav} at 8 kHz. */
    static void writeWav(Path file, short[] samples) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples.length * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(samples.length * 2);
        for (short s : samples) {
            b.putShort(s);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, b.array());
    }
}
