package io.frontdoor.ivr.speech;

import io.frontdoor.callback.customer.Pii;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-disk cache of spoken text: {@code <cacheDir>/<lang>/<key>.wav}, where the key is a prefix
 * of the SHA-256 of (language, voice, text). It is only files, so it survives restarts and can
 * be shared with the switch over a mount. Many calls asking for the same new text at the same
 * moment (a mass callback greeting the same name) synthesise it once: the first caller runs the
 * engine, the others wait for its result.
 */
public final class TtsCache {
    private static final Logger log = LoggerFactory.getLogger(TtsCache.class);
    /** 96 bits of SHA-256: no collision in any realistic cache, short switch paths. */
    private static final int KEY_HEX_CHARS = 24;
    private static final int KNOWN_ENTRIES = 100_000;

    /** A cached recording. {@code key} is the file name without {@code .wav}. */
    public record Entry(String language, String key, Path file) {
    }

    private final TextToSpeech tts;
    private final Path cacheDir;
    private final ConcurrentHashMap<String, CompletableFuture<Path>> inFlight = new ConcurrentHashMap<>();
    /**
     * Recordings known to be on disk, by language and text: a hot entry (a regular caller's name)
     * costs no hashing and no file-system check. Bounded, so a long-running server greeting
     * millions of different names keeps only the recent ones in memory; the files stay.
     */
    private final com.github.benmanes.caffeine.cache.Cache<String, Entry> known =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(KNOWN_ENTRIES).build();

    public TtsCache(TextToSpeech tts, Path cacheDir) {
        this.tts = Objects.requireNonNull(tts, "tts");
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
    }

    public Path cacheDir() {
        return cacheDir;
    }

    public TextToSpeech engine() {
        return tts;
    }

    /** The cache key of a text: same language, voice and text give the same key, across restarts. */
    public String key(String text, String language) {
        checkLanguage(language);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {language, tts.voiceKey(language), text}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0); // separator: ("ab","c") and ("a","bc") must differ
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, KEY_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String knownKey(String text, String language) {
        return language + '\0' + text;
    }

    /** Whether the text is already on disk (no synthesis). */
    public boolean contains(String text, String language) {
        return known.getIfPresent(knownKey(text, language)) != null
                || Files.isRegularFile(file(language, key(text, language)));
    }

    /**
     * The recording of {@code text} in {@code language}, synthesised now if it is not cached.
     *
     * @throws TtsException when synthesis fails (nothing is cached then; the next call retries)
     */
    public Entry get(String text, String language) {
        String knownKey = knownKey(text, language);
        Entry hot = known.getIfPresent(knownKey);
        if (hot != null) {
            return hot;
        }
        String key = key(text, language);
        Path file = file(language, key);
        if (Files.isRegularFile(file)) {
            Entry entry = new Entry(language, key, file);
            known.put(knownKey, entry);
            return entry;
        }
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> running = inFlight.putIfAbsent(file.toString(), mine);
        if (running != null) {
            return new Entry(language, key, await(running, language, text));
        }
        try {
            // another caller may have finished between our file check and putIfAbsent
            if (!Files.isRegularFile(file)) {
                synthesize(text, language, file);
            }
            Entry entry = new Entry(language, key, file);
            known.put(knownKey, entry);
            mine.complete(file);
            return entry;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(file.toString(), mine);
        }
    }

    private void synthesize(String text, String language, Path file) {
        try {
            Files.createDirectories(file.getParent());
            // write beside the target, then move: a reader (or the switch) never sees half a WAV
            Path tmp = Files.createTempFile(file.getParent(), ".tts-", ".wav.tmp");
            try {
                long started = System.nanoTime();
                tts.synthesize(text, language, tmp);
                move(tmp, file);
                log.debug("TTS [{}] \"{}\" -> {} in {} ms", language, Pii.name(Pii.text(text)), file.getFileName(),
                        (System.nanoTime() - started) / 1_000_000);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("TTS cache " + cacheDir + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path await(CompletableFuture<Path> running, String language, String text) {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TtsException(EspeakTts.describe(language, text) + ": interrupted while waiting", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new TtsException(EspeakTts.describe(language, text) + ": " + e.getCause(), e.getCause());
        }
    }

    private static void checkLanguage(String language) {
        if (language == null || !language.matches("[a-z]{2,3}(-[A-Za-z0-9]+)*")) {
            // the language becomes a directory name: keep "../" and friends out
            throw new IllegalArgumentException("bad language code '" + language + "'");
        }
    }

    private Path file(String language, String key) {
        return cacheDir.resolve(language).resolve(key + ".wav");
    }
}
