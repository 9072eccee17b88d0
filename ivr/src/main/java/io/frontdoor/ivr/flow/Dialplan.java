package io.frontdoor.ivr.flow;

import io.frontdoor.callback.schedule.BusinessCalendar;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One validated, immutable flow loaded from one dialplan file. A call keeps the instance it started
 * with, so a reload never changes a call in progress.
 */
public final class Dialplan {

    /** The languages a flow may speak. */
    public static final Set<String> LANGUAGES = Set.of("en", "zh");

    private final String name;
    private final Path source;
    private final Map<String, Integer> hotlines;
    private final String language;
    private final ZoneId zone;
    private final Map<String, BusinessCalendar> calendars;
    private final String start;
    private final Map<String, Step> steps;

    Dialplan(String name, Path source, Map<String, Integer> hotlines, String language, ZoneId zone,
            Map<String, BusinessCalendar> calendars, String start, Map<String, Step> steps) {
        this.name = name;
        this.source = source;
        this.hotlines = Map.copyOf(hotlines);
        this.language = language;
        this.zone = zone;
        this.calendars = Map.copyOf(calendars);
        this.start = start;
        this.steps = Map.copyOf(steps);
    }

    /** The flow's name (the file name without {@code .yaml} unless the file says otherwise). */
    public String name() { return name; }

    /** The file it was loaded from. */
    public Path source() { return source; }

    /** Dialled numbers bound to the flow, as digits only (no {@code +}, spaces or dashes). */
    public List<String> hotlines() { return hotlines.keySet().stream().sorted().toList(); }

    /** The language the flow starts in (en or zh). */
    public String language() { return language; }

    /** Time zone of the flow's calendars and time rules. */
    public ZoneId zone() { return zone; }

    /** Business-hours calendars by name (rules read them as {@code hours.NAME}). */
    public Map<String, BusinessCalendar> calendars() { return calendars; }

    /** Name of the first step. */
    public String start() { return start; }

    /** Names of all steps. */
    public Set<String> stepNames() { return steps.keySet(); }

    /** Whether a menu of the flow lets callers say their choice (needs the speech recognizers). */
    public boolean takesSpeech() {
        return steps.values().stream().anyMatch(s -> s instanceof MenuStep m && m.takesSpeech());
    }

    Step step(String stepName) {
        return steps.get(stepName);
    }

    /** Line of a hotline in the file, for duplicate reports across files. */
    int hotlineLine(String digits) {
        return hotlines.getOrDefault(digits, 1);
    }

    /** Dialled number as compared with hotlines: digits only; '+', spaces and dashes dropped. */
    public static String digits(String number) {
        if (number == null) {
            return "";
        }
        StringBuilder out = null; // a plain number (the usual case) is returned as it is
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            boolean drop = c == '+' || c == '-' || Character.isWhitespace(c);
            if (drop && out == null) {
                out = new StringBuilder(number.length()).append(number, 0, i);
            } else if (!drop && out != null) {
                out.append(c);
            }
        }
        return out == null ? number : out.toString();
    }

    /** Reads a language value (en or zh), reporting anything else. */
    static String language(Node node, Problems problems, String where) {
        String value = node instanceof org.yaml.snakeyaml.nodes.ScalarNode s ? s.getValue().trim() : null;
        if (value != null && LANGUAGES.contains(value)) {
            return value;
        }
        problems.at(node, where + ": language '" + (value == null ? "" : value) + "' is not supported (expected en or zh)");
        return null;
    }

    @Override
    public String toString() {
        return "Dialplan[" + name + " from " + source + ", " + steps.size() + " steps]";
    }
}
