package io.frontdoor.ivr.asterisk.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a FastAGI env block line by line as it arrives, because asterisk-java's reader silently
 * skips garbage lines and treats EOF like the blank line that ends the block. A connection whose
 * block fails here never reaches a call handler.
 *
 * <p>Reasons never quote line content: it may carry a caller's number or name.
 */
final class EnvBlockCheck {
    /** Asterisk sends 22 lines plus one per argument; anything far beyond that is not Asterisk. */
    private static final int MAX_LINES = 256;
    private static final int MAX_LINE_CHARS = 4096;
    private static final List<String> REQUIRED = List.of("agi_channel", "agi_uniqueid", "agi_request");

    /** The required keys seen with a value (only those: this lives as long as the call). */
    private final Set<String> keysWithValues = new HashSet<>(4);
    private int lines;
    private String rejection;

    /** Takes one non-empty env line; returns false (and remembers why) when it is not valid. */
    boolean accept(String line) {
        lines++;
        if (lines > MAX_LINES) {
            return reject("more than " + MAX_LINES + " env lines");
        }
        if (line.length() > MAX_LINE_CHARS) {
            return reject("env line " + lines + " is longer than " + MAX_LINE_CHARS + " characters");
        }
        int separator = line.indexOf(": ");
        if (separator <= 0) {
            return reject("env line " + lines + " has no 'name: value' shape");
        }
        if (separator + 2 < line.length()) {
            for (String key : REQUIRED) {
                if (separator == key.length() && line.startsWith(key)) {
                    keysWithValues.add(key);
                }
            }
        }
        return true;
    }

    /** Called at the blank line that ends the block; false when a required field is missing. */
    boolean finish() {
        for (String key : REQUIRED) {
            if (!keysWithValues.contains(key)) {
                return reject("env block lacks " + key);
            }
        }
        return true;
    }

    /** Called when the connection ended or stalled before the blank line. */
    boolean truncated(String how) {
        return reject("env block truncated after " + lines + " lines (" + how + ")");
    }

    String rejection() {
        return rejection;
    }

    private boolean reject(String reason) {
        if (rejection == null) {
            rejection = reason;
        }
        return false;
    }
}
