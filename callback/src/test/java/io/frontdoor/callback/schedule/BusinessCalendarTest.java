package io.frontdoor.callback.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static BusinessCalendar weekdaysAndSaturdayMorning(Set<LocalDate> holidays) {
        Map<DayOfWeek, List<BusinessCalendar.Range>> open = new HashMap<>();
        BusinessCalendar.parseDays("mon-fri").forEach(d -> open.put(d, BusinessCalendar.parseRanges("09:00-12:00,13:00-18:00")));
        open.put(DayOfWeek.SATURDAY, BusinessCalendar.parseRanges("09:00-12:00"));
        return new BusinessCalendar(open, holidays);
    }

    private static LocalDateTime at(Clock clock) {
        return LocalDateTime.ofInstant(clock.instant(), SHANGHAI);
    }

    @Test
    void openDuringOfficeHoursInTheFlowsZone() {
        BusinessCalendar cal = weekdaysAndSaturdayMorning(Set.of());
        // 01:30 UTC is 09:30 in Shanghai on Monday 2026-11-23
        assertTrue(cal.isOpen(at(Clock.fixed(Instant.parse("2026-11-23T01:30:00Z"), SHANGHAI))));
        assertFalse(cal.isOpen(at(Clock.fixed(Instant.parse("2026-11-23T00:59:00Z"), SHANGHAI))));
        assertFalse(cal.isOpen(at(Clock.fixed(Instant.parse("2026-11-23T04:30:00Z"), SHANGHAI))), "lunch break");
        assertFalse(cal.isOpen(at(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), SHANGHAI))), "18:00 is closed");
    }

    @Test
    void saturdayMorningOnlyAndSundayClosed() {
        BusinessCalendar cal = weekdaysAndSaturdayMorning(Set.of());
        assertTrue(cal.isOpen(LocalDateTime.of(2026, 11, 28, 11, 59)));
        assertFalse(cal.isOpen(LocalDateTime.of(2026, 11, 28, 12, 0)));
        assertFalse(cal.isOpen(LocalDateTime.of(2026, 11, 29, 10, 0)));
    }

    @Test
    void holidaysAreClosedAllDay() {
        BusinessCalendar cal = weekdaysAndSaturdayMorning(Set.of(LocalDate.of(2026, 10, 1)));
        assertFalse(cal.isOpen(LocalDateTime.of(2026, 10, 1, 10, 0)));
        assertTrue(cal.isOpen(LocalDateTime.of(2026, 10, 2, 10, 0)));
    }

    @Test
    void midnightEndCoversTheLastMinute() {
        BusinessCalendar cal = new BusinessCalendar(Map.of(DayOfWeek.MONDAY, BusinessCalendar.parseRanges("18:00-24:00")), Set.of());
        assertTrue(cal.isOpen(LocalDateTime.of(2026, 11, 23, 23, 59, 59)));
        assertFalse(cal.isOpen(LocalDateTime.of(2026, 11, 24, 0, 0)));
    }

    @Test
    void dayKeysParseRangesAndLists() {
        assertEquals(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), BusinessCalendar.parseDays("mon-fri"));
        assertEquals(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), BusinessCalendar.parseDays("sat, sun"));
        assertThrows(IllegalArgumentException.class, () -> BusinessCalendar.parseDays("fri-mon"));
        assertThrows(IllegalArgumentException.class, () -> BusinessCalendar.parseDays("funday"));
        assertThrows(IllegalArgumentException.class, () -> BusinessCalendar.parseRanges("9-5"));
        assertThrows(IllegalArgumentException.class, () -> BusinessCalendar.parseRanges("18:00-09:00"));
    }
}
