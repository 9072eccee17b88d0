package io.frontdoor.ivr.speech;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Records every fixed prompt of the catalog into {@code <out>/<lang>/<id>.wav} with the same TTS
 * engine the server uses at run time, so recorded and dynamic prompts sound alike. Prompts with
 * placeholders are skipped: they are spoken at run time. Run by {@code scripts/gen-prompts}.
 *
 * <pre>PromptGenerator [--catalog prompts/catalog.yaml] [--out prompts] [--speed 150] [--voice zh=cmn-latn-pinyin]</pre>
 */
public final class PromptGenerator {
    private PromptGenerator() {
    }

    /** What one run did. */
    public record Result(int written, int skipped) {
    }

    public static void main(String[] args) {
        Path catalog = Path.of("prompts/catalog.yaml");
        Path out = null;
        EspeakTts.Options options = EspeakTts.Options.defaults();
        Map<String, String> voices = new HashMap<>(options.voices());
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (arg) {
                case "--catalog" -> catalog = Path.of(need(arg, value));
                case "--out" -> out = Path.of(need(arg, value));
                case "--speed" -> options = options.withSpeed(Integer.parseInt(need(arg, value)));
                case "--voice" -> {
                    String[] kv = need(arg, value).split("=", 2);
                    if (kv.length != 2) {
                        usage("--voice takes lang=voice, e.g. zh=cmn-latn-pinyin");
                    }
                    voices.put(kv[0], kv[1]);
                }
                case "-h", "--help" -> usage(null);
                default -> usage("unknown argument " + arg);
            }
            i++;
        }
        try {
            Result r = generate(catalog, out != null ? out : catalog.toAbsolutePath().getParent(),
                    new EspeakTts(options.withVoices(voices)));
            System.out.println("gen-prompts: wrote " + r.written() + " recordings, skipped " + r.skipped()
                    + " prompts with placeholders (spoken at run time)");
        } catch (CatalogException | TtsException e) {
            System.err.println("gen-prompts: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Writes {@code <out>/<lang>/<id>.wav} for every prompt text without placeholders. */
    public static Result generate(Path catalogFile, Path out, TextToSpeech tts) {
        CatalogLoader.Texts texts = CatalogLoader.load(catalogFile);
        int written = 0;
        int skipped = 0;
        TreeSet<Path> expected = new TreeSet<>();
        for (Map.Entry<String, Map<String, String>> prompt : texts.prompts().entrySet()) {
            for (Map.Entry<String, String> t : prompt.getValue().entrySet()) {
                if (Placeholders.has(t.getValue())) {
                    skipped++;
                    continue;
                }
                Path wav = out.resolve(t.getKey()).resolve(prompt.getKey() + ".wav");
                expected.add(wav.toAbsolutePath().normalize());
                write(tts, t.getValue(), t.getKey(), wav);
                System.out.println("  " + t.getKey() + "/" + prompt.getKey() + ".wav");
                written++;
            }
        }
        reportStale(out, texts, expected);
        return new Result(written, skipped);
    }

    private static void write(TextToSpeech tts, String text, String language, Path wav) {
        try {
            Files.createDirectories(wav.getParent());
            Path tmp = Files.createTempFile(wav.getParent(), ".gen-", ".wav.tmp");
            try {
                tts.synthesize(text, language, tmp);
                try {
                    Files.move(tmp, wav, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, wav, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new TtsException("cannot write " + wav + ": " + e.getMessage(), e);
        }
    }

    /** Recordings whose prompt is gone or now has placeholders would play stale audio: say so. */
    private static void reportStale(Path out, CatalogLoader.Texts texts, TreeSet<Path> expected) {
        for (String lang : texts.languages()) {
            Path dir = out.resolve(lang);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".wav"))
                        .filter(f -> !expected.contains(f.toAbsolutePath().normalize()))
                        .forEach(f -> System.out.println("  stale (not in the catalog, delete it?): " + f));
            } catch (IOException e) {
                System.err.println("gen-prompts: cannot list " + dir + ": " + e.getMessage());
            }
        }
    }

    private static String need(String arg, String value) {
        if (value == null) {
            usage(arg + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println("gen-prompts: " + problem);
        }
        System.err.println("usage: gen-prompts [--catalog FILE] [--out DIR] [--speed WPM] [--voice LANG=VOICE]...");
        System.exit(problem == null ? 0 : 2);
    }
}
