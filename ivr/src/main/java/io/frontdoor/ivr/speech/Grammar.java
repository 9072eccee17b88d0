package io.frontdoor.ivr.speech;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a caller may say at one menu: each choice (the branch key, e.g. the DTMF digits {@code "1"})
 * with its phrases ("balance", "account balance"). Phrases are lower-case words separated by
 * single spaces; the recognizer matches whole phrases only.
 *
 * @param choices branch key -> phrases, in menu order
 */
public record Grammar(Map<String, List<String>> choices) {

    public Grammar {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        choices.forEach((key, phrases) -> {
            List<String> clean = phrases.stream().map(Grammar::normalise).filter(p -> !p.isEmpty()).distinct().toList();
            if (!clean.isEmpty()) {
                copy.put(key, clean);
            }
        });
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a grammar needs at least one phrase");
        }
        choices = java.util.Collections.unmodifiableMap(copy);
    }

    /** Lower case, apostrophes kept, everything else that is not a letter or digit a word break. */
    public static String normalise(String phrase) {
        return phrase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9']+", " ").trim();
    }

    /** Every distinct word of every phrase (what the dictionary must know). */
    public Set<String> words() {
        Set<String> out = new LinkedHashSet<>();
        choices.values().forEach(ps -> ps.forEach(p -> out.addAll(List.of(p.split(" ")))));
        return out;
    }

    /** The choice a recognised phrase belongs to, or {@code null}. */
    public String choiceOf(String phrase) {
        String p = normalise(phrase);
        for (Map.Entry<String, List<String>> e : choices.entrySet()) {
            if (e.getValue().contains(p)) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * The grammar in JSGF under {@code name}: either one of the phrases, or a run of other words
     * ({@code garbage}, off when {@code garbageWeight} is 0) that soaks up
     * speech outside the grammar so it is not forced onto the nearest phrase. Garbage words that
     * are also choice words are left out.
     */
    public String jsgf(String name, List<String> garbage, double garbageWeight) {
        List<String> alternatives = new ArrayList<>();
        choices.values().forEach(alternatives::addAll);
        Set<String> own = words();
        List<String> other = garbage.stream().map(Grammar::normalise).filter(w -> !w.isEmpty() && !own.contains(w))
                .distinct().toList();
        StringBuilder out = new StringBuilder("#JSGF V1.0;\ngrammar ").append(name).append(";\n");
        if (other.isEmpty() || garbageWeight <= 0) {
            return out.append("public <utterance> = ").append(String.join(" | ", alternatives)).append(";\n").toString();
        }
        // Sphinx4 1.0.0 cannot read JSGF weights (a null LogMath in JSGFGrammar): plain alternatives
        return out.append("public <utterance> = <choice> | <other>+;\n")
                .append("<choice> = ").append(String.join(" | ", alternatives)).append(";\n")
                .append("<other> = ").append(String.join(" | ", other)).append(";\n").toString();
    }
}
