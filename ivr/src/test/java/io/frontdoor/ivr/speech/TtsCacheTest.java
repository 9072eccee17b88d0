package io.frontdoor.ivr.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TtsCacheTest {
    @TempDir
    Path dir;

    private final CountingTts engine = new CountingTts();

    @Test
    void missSynthesisesOnceThenHits() {
        TtsCache cache = new TtsCache(engine, dir);
        assertFalse(cache.contains("Hello Mr Chen", "en"));
        TtsCache.Entry first = cache.get("Hello Mr Chen", "en");
        TtsCache.Entry second = cache.get("Hello Mr Chen", "en");
        assertEquals(1, engine.calls.get());
        assertEquals(first, second);
        assertEquals(dir.toAbsolutePath().resolve("en").resolve(first.key() + ".wav"), first.file());
        assertTrue(first.key().matches("[0-9a-f]{24}"), first.key());
        assertTrue(cache.contains("Hello Mr Chen", "en"));
        Wav.assertTelephoneAudio(first.file(), 0.5);
    }

    @Test
    void keyDependsOnLanguageVoiceAndText() {
        TtsCache cache = new TtsCache(engine, dir);
        assertNotEquals(cache.key("1", "en"), cache.key("1", "zh"));
        assertNotEquals(cache.key("Chen", "en"), cache.key("Chan", "en"));
        TtsCache slower = new TtsCache(new EspeakTts(EspeakTts.Options.defaults().withSpeed(120)), dir);
        assertNotEquals(cache.key("Chen", "en"), slower.key("Chen", "en"));
        assertEquals(cache.key("Chen", "en"), new TtsCache(new EspeakTts(), dir).key("Chen", "en"));
    }

    @Test
    void survivesARestart() {
        Path file = new TtsCache(engine, dir).get("陈先生您好", "zh").file();
        CountingTts after = new CountingTts();
        assertEquals(file, new TtsCache(after, dir).get("陈先生您好", "zh").file());
        assertEquals(0, after.calls.get());
    }

    @Test
    void concurrentRequestsForTheSameTextSynthesiseOnce() throws Exception {
        engine.delayMillis = 300; // keeps the first synthesis running while the others arrive
        TtsCache cache = new TtsCache(engine, dir);
        int callers = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TtsCache.Entry>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.get("Hello Miss Wang, welcome back.", "en");
                }));
            }
            start.countDown();
            TtsCache.Entry first = results.getFirst().get();
            for (Future<TtsCache.Entry> r : results) {
                assertEquals(first, r.get());
            }
        }
        assertEquals(1, engine.calls.get());
        try (Stream<Path> files = Files.list(dir.resolve("en"))) {
            assertEquals(1, files.count(), "no temp files left behind");
        }
    }

    @Test
    void failureIsNotCachedAndIsRetried() {
        TtsCache cache = new TtsCache(engine, dir);
        TtsException boom = new TtsException("engine down");
        engine.failNext = boom;
        assertSame(boom, assertThrows(TtsException.class, () -> cache.get("Goodbye", "en")));
        assertFalse(cache.contains("Goodbye", "en"));
        assertTrue(Files.isRegularFile(cache.get("Goodbye", "en").file()));
        assertEquals(2, engine.calls.get());
    }

    @Test
    void languageCannotEscapeTheCacheDirectory() {
        TtsCache cache = new TtsCache(engine, dir);
        assertThrows(IllegalArgumentException.class, () -> cache.get("x", "../etc"));
    }
}
