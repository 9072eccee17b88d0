package io.frontdoor.ivr.speech;

/** Text-to-speech failed; the message names the language and the masked text, never raw PII. */
public class TtsException extends RuntimeException {
    public TtsException(String message) {
        super(message);
    }

    public TtsException(String message, Throwable cause) {
        super(message, cause);
    }
}
