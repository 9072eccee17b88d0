package io.frontdoor.ivr.speech;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Test helper: a real engine that counts its invocations, optionally slowed to widen races. */
final class CountingTts implements TextToSpeech {
    final TextToSpeech delegate;
    final AtomicInteger calls = new AtomicInteger();
    volatile long delayMillis;
    volatile RuntimeException failNext;

    CountingTts(TextToSpeech delegate) {
        this.delegate = delegate;
    }

    CountingTts() {
        this(new EspeakTts());
    }

    @Override
    public void synthesize(String text, String language, Path wavOut) {
        calls.incrementAndGet();
        RuntimeException fail = failNext;
        if (fail != null) {
            failNext = null;
            throw fail;
        }
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        delegate.synthesize(text, language, wavOut);
    }

    @Override
    public String voiceKey(String language) {
        return delegate.voiceKey(language);
    }
}
