package io.frontdoor.ivr.server;

import io.frontdoor.ivr.speech.RecognizerPool;
import io.frontdoor.ivr.speech.SphinxRecognizer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The speech settings turned into a recognizer pool. The pool loads its models only once an
 * adapter that can capture caller audio is switched on ({@link RecognizerPool#warmUp()}), in the
 * background: start-up stays fast, and speech menus take keys until a recognizer is ready.
 */
final class SpeechSetup {
    private SpeechSetup() {
    }

    static RecognizerPool pool(Settings s) {
        Path grammars = s.path("data-dir").resolve("speech-grammars");
        return new RecognizerPool(s.integer("speech.pool-size"), Duration.ofMillis(s.integer("speech.acquire-timeout-ms")),
                () -> new SphinxRecognizer(grammars, SphinxRecognizer.Tuning.defaults()));
    }

    /** Whether Asterisk calls can be listened to: a recording directory shared with Asterisk is set. */
    static boolean recordsForAsterisk(Settings s) {
        return !s.text("speech.record-dir").isEmpty();
    }
}
