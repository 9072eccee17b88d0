package io.frontdoor.ivr.flow;

import io.frontdoor.callback.schedule.BusinessCalendar;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads {@code calendars: { main: { open: { mon-fri: "09:00-18:00" }, holidays: ["2026-10-01"] } }}.
 */
final class CalendarParser {
    private CalendarParser() {
    }

    static Map<String, BusinessCalendar> parse(Node node, Problems problems) {
        Map<String, BusinessCalendar> out = new LinkedHashMap<>();
        Fields all = Fields.of(node, "calendars", problems);
        if (all == null) {
            return out;
        }
        for (String name : all.names()) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                problems.at(all.keyNode(name), "calendar name '" + name + "' must be letters, digits and _");
            }
            Fields cal = Fields.of(all.get(name), "calendar '" + name + "'", problems);
            if (cal != null) {
                cal.allowOnly(Set.of("open", "holidays"));
                out.put(name, new BusinessCalendar(open(name, cal, problems), holidays(name, cal, problems)));
            }
        }
        return out;
    }

    private static Map<DayOfWeek, List<BusinessCalendar.Range>> open(String name, Fields cal, Problems problems) {
        Map<DayOfWeek, List<BusinessCalendar.Range>> open = new EnumMap<>(DayOfWeek.class);
        Fields days = cal.has("open") ? Fields.of(cal.get("open"), "calendar '" + name + "' open", problems) : null;
        if (!cal.has("open")) {
            problems.at(cal.node(), "calendar '" + name + "' is missing 'open'");
        }
        if (days == null) {
            return open;
        }
        for (String key : days.names()) {
            try {
                Set<DayOfWeek> which = BusinessCalendar.parseDays(key);
                String ranges = days.optText(key, null);
                if (ranges != null) {
                    List<BusinessCalendar.Range> parsed = BusinessCalendar.parseRanges(ranges);
                    which.forEach(d -> open.computeIfAbsent(d, x -> new ArrayList<>()).addAll(parsed));
                }
            } catch (IllegalArgumentException e) {
                problems.at(days.get(key), "calendar '" + name + "': " + e.getMessage());
            }
        }
        return open;
    }

    private static Set<LocalDate> holidays(String name, Fields cal, Problems problems) {
        Set<LocalDate> out = new HashSet<>();
        for (ScalarNode n : cal.texts("holidays")) {
            try {
                out.add(LocalDate.parse(n.getValue().trim()));
            } catch (DateTimeParseException e) {
                problems.at(n, "calendar '" + name + "': holiday '" + n.getValue() + "' is not a date (YYYY-MM-DD)");
            }
        }
        return out;
    }
}
