package io.frontdoor.ivr.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Times and numbers as the TTS voices of each language read them. */
class SpokenTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static ZonedDateTime at(int day, int hour, int minute) {
        return ZonedDateTime.of(2026, 11, day, hour, minute, 0, 0, ZONE);
    }

    @Test
    void timesAreOnATwelveHourClockRelativeToToday() {
        assertEquals("today at 9 AM", Spoken.when(at(23, 9, 0), TODAY, "en"));
        assertEquals("tomorrow at 2:30 PM", Spoken.when(at(24, 14, 30), TODAY, "en"));
        assertEquals("on November 25 at 12:05 PM", Spoken.when(at(25, 12, 5), TODAY, "en"));
        assertEquals("今天上午9点", Spoken.when(at(23, 9, 0), TODAY, "zh"));
        assertEquals("明天下午2点半", Spoken.when(at(24, 14, 30), TODAY, "zh"));
        assertEquals("11月25日中午12点零5分", Spoken.when(at(25, 12, 5), TODAY, "zh"));
        assertEquals("今天晚上7点45分", Spoken.when(at(23, 19, 45), TODAY, "zh"));
        assertEquals("明天凌晨0点", Spoken.when(at(24, 0, 0), TODAY, "zh"));
    }

    @Test
    void numbersAreReadDigitByDigitInTheirHomeGrouping() {
        assertEquals("1 3 8, 0 0 1 3, 8 0 0 0", Spoken.digits("+8613800138000"));
        assertEquals("0 7 7 0 0, 9 0 0 1 2 3", Spoken.digits("+447700900123"));
        assertEquals("1 2 3", Spoken.digits("not a number 123"));
    }
}
