package io.frontdoor.callback.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opening hours of a dialplan calendar: time ranges per weekday plus closed dates. Times are
 * local to the flow's time zone; the caller of {@link #isOpen} converts first.
 */
public final class BusinessCalendar {

    /** A half-open range of the day, {@code [from, to)}. */
    public record Range(LocalTime from, LocalTime to) {
        boolean contains(LocalTime t) {
            return !t.isBefore(from) && t.isBefore(to);
        }
    }

    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    private final Map<DayOfWeek, List<Range>> open;
    private final Set<LocalDate> holidays;

    public BusinessCalendar(Map<DayOfWeek, List<Range>> open, Set<LocalDate> holidays) {
        this.open = new EnumMap<>(DayOfWeek.class);
        open.forEach((d, r) -> this.open.put(d, List.copyOf(r)));
        this.holidays = Set.copyOf(holidays);
    }

    /** Whether the calendar is open at a local date-time (closed all day on holidays). */
    public boolean isOpen(LocalDateTime at) {
        if (holidays.contains(at.toLocalDate())) {
            return false;
        }
        LocalTime t = at.toLocalTime();
        return open.getOrDefault(at.getDayOfWeek(), List.of()).stream().anyMatch(r -> r.contains(t));
    }

    /**
     * The first open moment at or after {@code from}: {@code from} itself when open, else the start
     * of the next open range (holidays skipped). Empty when nothing opens within a year.
     */
    public java.util.Optional<LocalDateTime> nextOpen(LocalDateTime from) {
        if (isOpen(from)) {
            return java.util.Optional.of(from);
        }
        for (int d = 0; d <= 366; d++) {
            LocalDate day = from.toLocalDate().plusDays(d);
            if (holidays.contains(day)) {
                continue;
            }
            LocalTime earliest = d == 0 ? from.toLocalTime() : LocalTime.MIN;
            java.util.Optional<LocalTime> start = open.getOrDefault(day.getDayOfWeek(), List.of()).stream()
                    .filter(r -> r.from().isAfter(earliest) || r.contains(earliest))
                    .map(r -> r.from().isAfter(earliest) ? r.from() : earliest)
                    .min(LocalTime::compareTo);
            if (start.isPresent()) {
                return java.util.Optional.of(day.atTime(start.get()));
            }
        }
        return java.util.Optional.empty();
    }

    /** A calendar that is always open. */
    public static BusinessCalendar alwaysOpen() {
        Map<DayOfWeek, List<Range>> all = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            all.put(d, List.of(new Range(LocalTime.MIN, LocalTime.MAX)));
        }
        return new BusinessCalendar(all, Set.of());
    }

    /**
     * Parses a day key: {@code mon}, a range {@code mon-fri}, or a list {@code sat,sun}.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static Set<DayOfWeek> parseDays(String key) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : key.trim().toLowerCase().split(",")) {
            String[] ends = part.trim().split("-", -1);
            if (ends.length > 2) {
                throw new IllegalArgumentException("bad day range '" + part.trim() + "'");
            }
            int from = dayIndex(ends[0]);
            int to = ends.length == 2 ? dayIndex(ends[1]) : from;
            if (to < from) {
                throw new IllegalArgumentException("day range '" + part.trim() + "' runs backwards");
            }
            for (int i = from; i <= to; i++) {
                days.add(DayOfWeek.of(i + 1));
            }
        }
        return days;
    }

    /**
     * Parses time ranges: {@code "09:00-18:00"} or {@code "09:00-12:00,13:00-18:00"}; {@code 24:00}
     * as an end means midnight.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static List<Range> parseRanges(String text) {
        List<Range> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] ends = part.trim().split("-");
            if (ends.length != 2) {
                throw new IllegalArgumentException("bad time range '" + part.trim() + "' (expected HH:MM-HH:MM)");
            }
            LocalTime from = time(ends[0]);
            LocalTime to = ends[1].trim().equals("24:00") ? LocalTime.MAX : time(ends[1]);
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("time range '" + part.trim() + "' is empty or runs backwards");
            }
            ranges.add(new Range(from, to));
        }
        return ranges;
    }

    private static int dayIndex(String day) {
        int i = DAYS.indexOf(day.trim());
        if (i < 0) {
            throw new IllegalArgumentException("unknown day '" + day.trim() + "' (expected mon..sun)");
        }
        return i;
    }

    private static LocalTime time(String text) {
        try {
            return LocalTime.parse(text.trim().length() == 4 ? "0" + text.trim() : text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad time '" + text.trim() + "' (expected HH:MM)");
        }
    }
}
