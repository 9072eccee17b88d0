package io.frontdoor.ivr.call;

import java.util.Objects;

/**
 * What a call heard when it listened: the digits keyed, or an utterance, or nothing.
 *
 * @param digits    DTMF digits keyed (empty when none)
 * @param utterance what the caller said, or {@code null} when they keyed or said nothing
 */
public record Heard(String digits, Utterance utterance) {

    public Heard {
        Objects.requireNonNull(digits, "digits");
    }

    public static Heard nothing() {
        return new Heard("", null);
    }

    public static Heard keyed(String digits) {
        return new Heard(digits, null);
    }

    public static Heard said(Utterance utterance) {
        return new Heard("", Objects.requireNonNull(utterance, "utterance"));
    }

    public boolean keyed() {
        return !digits.isEmpty();
    }

    public boolean spoke() {
        return utterance != null;
    }
}
