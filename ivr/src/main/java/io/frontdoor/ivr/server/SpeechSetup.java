package io.frontdoor.ivr.server;

import io.frontdoor.ivr.speech.RecognizerPool;
import io.frontdoor.ivr.speech.SphinxRecognizer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The speech settings turned into a recognizer pool. The pool loads its models (seconds of CPU and
 * ~90 MB each) only when they can be used: a serving flow has a menu callers may speak to, and an
 * adapter that can capture caller audio is on (the embedded SIP endpoint always can; FastAGI and
 * ESL when their record directory is set). It loads in the background
 * ({@link RecognizerPool#warmUp()}): start-up stays fast, and speech menus take keys until a
 * recognizer is ready. A dialplan reload that adds the first speech menu starts the loading then.
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

    /** Whether some call can be listened to: SIP is on, or FastAGI or ESL with a record directory. */
    static boolean capturesSpeech(Settings s) {
        return s.bool("sip.enabled") || s.bool("agi.enabled") && recordsForAsterisk(s)
                || s.bool("esl.enabled") && !s.text("esl.record-dir").isEmpty();
    }
}
