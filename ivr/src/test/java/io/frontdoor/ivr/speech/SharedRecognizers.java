package io.frontdoor.ivr.speech;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One Sphinx4 pool for every test class in the JVM: each recognizer takes seconds and ~90 MB to
 * load, so tests share two (enough for the pool-busy cases) instead of loading their own.
 */
public final class SharedRecognizers {
    private static RecognizerPool pool;

    private SharedRecognizers() {
    }

    /** The shared pool of two recognizers, loaded on first use; never closed (the JVM ends it). */
    public static synchronized RecognizerPool pool() {
        if (pool == null) {
            try {
                Path grammars = Files.createTempDirectory("fd-grammars");
                pool = new RecognizerPool(2, Duration.ofSeconds(30),
                        () -> new SphinxRecognizer(grammars, SphinxRecognizer.Tuning.defaults())).warmUpNow();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return pool;
    }
}
