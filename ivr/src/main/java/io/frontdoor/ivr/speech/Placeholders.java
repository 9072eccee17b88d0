package io.frontdoor.ivr.speech;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code {name}} placeholders in prompt texts: finding, checking and filling them. */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private Placeholders() {
    }

    /** Names of the placeholders in a text, in order of first use. */
    public static Set<String> names(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    public static boolean has(String text) {
        return text.indexOf('{') >= 0 && PLACEHOLDER.matcher(text).find();
    }

    /** A brace that is not part of a well-formed placeholder, or null if there is none. */
    static String malformed(String text) {
        String rest = PLACEHOLDER.matcher(text).replaceAll("");
        int brace = Math.max(rest.indexOf('{'), rest.indexOf('}'));
        return brace < 0 ? null : rest.substring(brace, Math.min(rest.length(), brace + 12));
    }

    /**
     * Fills placeholders from {@code values}; a missing (or null) value becomes empty, and the
     * double spaces that leaves ("Hello  Chen") collapse, as do spaces left before punctuation.
     */
    public static String fill(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values == null ? null : values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value.strip()));
        }
        m.appendTail(out);
        return out.toString().replaceAll("[ \\t]{2,}", " ").replaceAll(" +([,.!?;:，。！？；：])", "$1").strip();
    }
}
