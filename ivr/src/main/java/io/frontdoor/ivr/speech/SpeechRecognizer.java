package io.frontdoor.ivr.speech;

import io.frontdoor.ivr.call.Utterance;

/**
 * Recognises what a caller said against a small grammar of choices, offline. The Sphinx4 engine
 * implements it; a better engine can be added behind the same port.
 *
 * <p>One instance serves one recognition at a time; {@link RecognizerPool} shares several between
 * calls.
 */
public interface SpeechRecognizer {

    /**
     * Recognises one end-pointed utterance.
     *
     * @return the best choice with its confidence, or a no-match (with the words heard), or silence
     */
    Recognition recognize(Utterance utterance, Grammar grammar);
}
