package io.frontdoor.ivr.server;

import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration key: its name in the YAML file ({@code agi.port}), the environment variable
 * that overrides it ({@code FRONTDOOR_AGI_PORT}), its default, a one-line description and a check.
 *
 * @param name        dotted key
 * @param defaultText default value; may name other keys as {@code ${key}}
 * @param description one line for {@code frontdoor config} and the docs
 * @param check       returns an error message for a bad value, or null
 */
record Setting(String name, String defaultText, String description, Function<String, String> check) {

    /** FRONTDOOR_ + the key upper-cased with dots and dashes as underscores. */
    String environmentVariable() {
        return "FRONTDOOR_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static Setting text(String name, String def, String description) {
        return new Setting(name, def, description, v -> null);
    }

    static Setting integer(String name, int def, int min, int max, String description) {
        return new Setting(name, Integer.toString(def), description, v -> {
            try {
                int n = Integer.parseInt(v.trim());
                return n < min || n > max ? "must be between " + min + " and " + max : null;
            } catch (NumberFormatException e) {
                return "must be a whole number";
            }
        });
    }

    static Setting bool(String name, boolean def, String description) {
        return new Setting(name, Boolean.toString(def), description,
                v -> v.trim().equalsIgnoreCase("true") || v.trim().equalsIgnoreCase("false") ? null : "must be true or false");
    }

    static Setting oneOf(String name, String def, String description, String... allowed) {
        return new Setting(name, def, description, v -> java.util.Arrays.asList(allowed).contains(v.trim())
                ? null : "must be one of " + String.join(", ", allowed));
    }
}
