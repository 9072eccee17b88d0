package io.frontdoor.ivr.speech;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code {name}} placeholders in prompt texts: finding, checking and filling them. */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private static final String PUNCTUATION = ",.!?;:，。！？；：";

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
        // By hand rather than with regular expressions: this runs for every greeting spoken.
        StringBuilder filled = new StringBuilder(text.length() + 16);
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '{') {
                int end = nameEnd(text, i + 1);
                if (end > i + 1 && end < n && text.charAt(end) == '}') {
                    String value = values == null ? null : values.get(text.substring(i + 1, end));
                    if (value != null) {
                        filled.append(value.strip());
                    }
                    i = end + 1;
                    continue;
                }
            }
            filled.append(c);
            i++;
        }
        return tidy(filled);
    }

    /** Where the name that may start at {@code from} ends ({@code from} itself if none starts). */
    private static int nameEnd(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == from || c < '0' || c > '9')) {
                break;
            }
            i++;
        }
        return i;
    }

    /** Runs of spaces and tabs become one space, a space before punctuation goes, ends stripped. */
    private static String tidy(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t') {
                out.append(c);
                i++;
                continue;
            }
            int end = i;
            while (end < n && (s.charAt(end) == ' ' || s.charAt(end) == '\t')) {
                end++;
            }
            char gap = end - i >= 2 ? ' ' : c;
            boolean beforePunctuation = end < n && PUNCTUATION.indexOf(s.charAt(end)) >= 0;
            if (!(gap == ' ' && beforePunctuation)) {
                out.append(gap);
            }
            i = end;
        }
        return out.toString().strip();
    }
}
