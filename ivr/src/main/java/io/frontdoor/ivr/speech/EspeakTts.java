package io.frontdoor.ivr.speech;

import io.frontdoor.callback.customer.Pii;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link TextToSpeech} on espeak-ng and sox: espeak-ng writes a 22 kHz WAV, sox turns it into
 * telephone audio (8 kHz, 16-bit, mono, normalised to -3 dBFS). Text goes to espeak-ng on stdin
 * as SSML, never through a shell; mixed Han/Latin text is split between the Mandarin and English
 * voices (see {@link SpeechMarkup}). Each process is killed after {@link Options#timeout()}.
 * sox runs with {@code -R} (fixed dither seed) so the same text always gives the same bytes and
 * regenerated prompts do not churn in git.
 */
public final class EspeakTts implements TextToSpeech {

    /**
     * @param voices  espeak-ng voice per language ("en" → "en-us", "zh" → "cmn-latn-pinyin")
     * @param speed   words per minute (espeak-ng's default is 175; 150 is clearer on a phone)
     * @param timeout longest time one espeak-ng or sox run may take
     * @param lexicon per voice, words respelled before speaking (fixes misread characters)
     * @param espeak  espeak-ng executable
     * @param sox     sox executable
     */
    public record Options(Map<String, String> voices, int speed, Duration timeout,
                          Map<String, Map<String, String>> lexicon, String espeak, String sox) {
        public Options {
            voices = Map.copyOf(voices);
            lexicon = Map.copyOf(lexicon);
            Objects.requireNonNull(timeout, "timeout");
            if (speed < 80 || speed > 450) {
                throw new IllegalArgumentException("espeak-ng speed must be 80..450 wpm, not " + speed);
            }
        }

        /**
         * English on {@code en-us}; Mandarin on {@code cmn-latn-pinyin}, the only espeak-ng 1.51
         * voice that reads Chinese characters as Mandarin ({@code cmn} reads their pinyin
         * spelling as English words); 150 wpm; 10 s timeout; 银行 respelled as yín háng.
         */
        public static Options defaults() {
            return new Options(Map.of("en", "en-us", "zh", "cmn-latn-pinyin"), 150, Duration.ofSeconds(10),
                    Map.of("cmn-latn-pinyin", Map.of("银行", "yin2hang2")), "espeak-ng", "sox");
        }

        /** The same options with other voices. */
        public Options withVoices(Map<String, String> newVoices) {
            return new Options(newVoices, speed, timeout, lexicon, espeak, sox);
        }

        /** The same options at another speed. */
        public Options withSpeed(int newSpeed) {
            return new Options(voices, newSpeed, timeout, lexicon, espeak, sox);
        }
    }

    private final Options options;
    /** Voice names espeak-ng knows, read once from {@code espeak-ng --voices}. */
    private volatile Set<String> knownVoices;

    public EspeakTts(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public EspeakTts() {
        this(Options.defaults());
    }

    public Options options() {
        return options;
    }

    @Override
    public String voiceKey(String language) {
        String voice = voice(language);
        // sorted, so the key does not depend on map iteration order
        return "espeak-ng/" + voice + "/s" + options.speed() + "/lex"
                + HexFormat.of().toHexDigits(new TreeMap<>(options.lexicon()).toString().hashCode());
    }

    @Override
    public void synthesize(String text, String language, Path wavOut) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            // espeak-ng writes a header-only WAV that sox cannot normalise; say so plainly instead
            throw new TtsException("TTS failed for [" + language + "]: nothing to speak (blank text)");
        }
        String voice = voice(language);
        String han = options.voices().getOrDefault("zh", voice);
        String latin = options.voices().getOrDefault("en", voice);
        if (language.equals("zh")) {
            han = voice;
        } else {
            latin = voice;
        }
        String ssml = SpeechMarkup.ssml(text, han, latin, options.lexicon());
        Path raw = null;
        try {
            checkVoice(voice, language, text);
            checkVoice(han, language, text);
            checkVoice(latin, language, text);
            Path dir = wavOut.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            raw = Files.createTempFile(dir, ".espeak-", ".wav");
            run(List.of(options.espeak(), "-m", "-b", "1", "-v", voice, "-s", Integer.toString(options.speed()),
                    "-w", raw.toString(), "--stdin"), ssml, text, language);
            run(List.of(options.sox(), "-q", "-R", raw.toString(), "-r", "8000", "-b", "16", "-c", "1", "-e", "signed-integer", "-t", "wav",
                    wavOut.toString(), "gain", "-n", "-3", "rate", "8000"), null, text, language);
        } catch (IOException e) {
            throw new TtsException(describe(language, text) + ": " + e.getMessage(), e);
        } finally {
            if (raw != null) {
                try {
                    Files.deleteIfExists(raw);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private String voice(String language) {
        String voice = options.voices().get(language);
        if (voice == null) {
            throw new TtsException("no espeak-ng voice configured for language '" + language + "' (configured: "
                    + new TreeMap<>(options.voices()).keySet() + ")");
        }
        return voice;
    }

    /**
     * Fails unless espeak-ng knows the voice: fed on stdin or as SSML, espeak-ng 1.51 falls back
     * to its default voice without an error, so a typo in the configuration would silently speak
     * Mandarin with an English voice.
     */
    private void checkVoice(String voice, String language, String text) throws IOException {
        Set<String> known = knownVoices;
        if (known == null) {
            known = new HashSet<>();
            String list = run(List.of(options.espeak(), "--voices"), null, text, language);
            for (String line : list.split("\n")) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length >= 5 && cols[0].matches("\\d+")) {
                    known.add(cols[1].toLowerCase(Locale.ROOT));
                    known.add(cols[3].toLowerCase(Locale.ROOT));
                    known.add(cols[4].toLowerCase(Locale.ROOT));
                    known.add(cols[4].substring(cols[4].lastIndexOf('/') + 1).toLowerCase(Locale.ROOT));
                }
            }
            knownVoices = known;
        }
        String base = voice.toLowerCase(Locale.ROOT).split("\\+", 2)[0]; // "en-us+f3" is voice en-us, variant f3
        if (!known.contains(base)) {
            throw new TtsException(describe(language, text) + ": espeak-ng has no voice '" + voice
                    + "' (see espeak-ng --voices)");
        }
    }

    private String run(List<String> command, String stdin, String text, String language) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(new ArrayList<>(command)).start();
        } catch (IOException e) {
            throw new TtsException(describe(language, text) + ": cannot start " + command.getFirst()
                    + " (is it installed? scripts/test installs espeak-ng and sox): " + e.getMessage(), e);
        }
        // drain stderr while the process runs so a chatty tool never blocks on a full pipe
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()),
                Thread::startVirtualThread);
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()),
                Thread::startVirtualThread);
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process died early; its exit code and stderr below say why
        }
        try {
            if (!process.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TtsException(describe(language, text) + ": " + command.getFirst() + " took longer than "
                        + options.timeout().toMillis() + " ms and was killed");
            }
            int exit = process.exitValue();
            String err = stderr.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS).strip();
            if (exit != 0 || err.contains("Error")) {
                // espeak-ng 1.51 exits 0 on an unknown voice inside SSML; only its "Error: ..." line tells
                throw new TtsException(describe(language, text) + ": " + command.getFirst() + " exited " + exit
                        + (err.isEmpty() ? "" : ": " + Pii.text(err)));
            }
            return stdout.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TtsException(describe(language, text) + ": interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new TtsException(describe(language, text) + ": cannot read " + command.getFirst() + " errors", e);
        }
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The error prefix: language and masked text. Text may hold a caller's name or number, so
     * every word keeps only its first letter and digit runs are masked.
     */
    static String describe(String language, String text) {
        String masked = Pii.name(Pii.text(text));
        if (masked.length() > 60) {
            masked = masked.substring(0, 57) + "...";
        }
        return "TTS failed for [" + language + "] \"" + masked + "\"";
    }
}
