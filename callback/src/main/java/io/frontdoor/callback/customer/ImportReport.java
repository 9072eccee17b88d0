package io.frontdoor.callback.customer;

import java.util.List;

/**
 * What an import did.
 *
 * @param imported customers written (new or updated)
 * @param rejected lines refused
 * @param errors   one {@code line N: reason} per refused line (the first 1,000), safe to print
 * @param warnings file-level remarks that refused nothing (unknown columns)
 */
public record ImportReport(int imported, int rejected, List<String> errors, List<String> warnings) {
    public ImportReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }
}
