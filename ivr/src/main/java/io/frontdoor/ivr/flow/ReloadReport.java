package io.frontdoor.ivr.flow;

import java.util.List;

/**
 * What one (re)load of the dialplan directory did.
 *
 * @param serving flow names serving after the reload
 * @param errors  every problem found, as {@code file:line: reason}; a file with errors was not
 *                loaded (its previous good version, if any, keeps serving)
 */
public record ReloadReport(List<String> serving, List<String> errors) {
    public ReloadReport {
        serving = List.copyOf(serving);
        errors = List.copyOf(errors);
    }

    /** Whether every file loaded. */
    public boolean ok() {
        return errors.isEmpty();
    }
}
