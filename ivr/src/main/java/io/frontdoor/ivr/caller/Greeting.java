package io.frontdoor.ivr.caller;

import java.util.Locale;

/** Who the caller is, for greeting purposes (FRONTDOOR_GREETING), whether or not a name was spoken. */
public enum Greeting {
    /** A known customer calling for the first time. */
    FIRST,
    /** A known customer who has called (or been called) before. */
    RETURNING,
    /** Unknown, withheld, shared or unverifiable number. */
    UNKNOWN;

    /** The lower-case form used in channel variables and the timeline: first, returning, unknown. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
