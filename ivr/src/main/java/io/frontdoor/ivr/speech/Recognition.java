package io.frontdoor.ivr.speech;

/**
 * What a recognizer made of one utterance.
 *
 * @param choice      the grammar choice recognised, or {@code null} for no match
 * @param text        the words recognised (empty when none could be told)
 * @param confidence  0 to 1: how sure the recognizer is of {@code choice} (0 on no match)
 * @param heardSpeech whether there was speech at all (false: silence or line noise only)
 */
public record Recognition(String choice, String text, double confidence, boolean heardSpeech) {

    public Recognition {
        text = text == null ? "" : text;
    }

    /** A phrase of the grammar. */
    public static Recognition of(String choice, String text, double confidence) {
        return new Recognition(choice, text, confidence, true);
    }

    /** Nothing the recognizer could call speech. */
    public static Recognition silence() {
        return new Recognition(null, "", 0, false);
    }

    /** Speech that is not one of the grammar's phrases (the words, when any could be told). */
    public static Recognition noMatch(String text) {
        return new Recognition(null, text, 0, true);
    }

    public boolean matched() {
        return choice != null;
    }
}
