package io.frontdoor.ivr.flow;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Values spoken inside catalog prompts ({@code {when}}, {@code {number}}), written the way the
 * TTS voice of each language reads them naturally: times on a 12-hour clock ("2:30 PM",
 * "下午2点半") with the day relative to today, and phone numbers digit by digit in the national
 * grouping ("1 3 8, 0 0 1 3, 8 0 0 0").
 */
final class Spoken {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private Spoken() {
    }

    /** A date and time relative to {@code today}: "today at 2:30 PM", "明天上午10点". */
    static String when(ZonedDateTime at, LocalDate today, String language) {
        LocalDate day = at.toLocalDate();
        int h = at.getHour();
        int m = at.getMinute();
        if ("zh".equals(language)) {
            String d = day.equals(today) ? "今天" : day.equals(today.plusDays(1)) ? "明天"
                    : day.getMonthValue() + "月" + day.getDayOfMonth() + "日";
            String part = h < 6 ? "凌晨" : h < 12 ? "上午" : h < 13 ? "中午" : h < 18 ? "下午" : "晚上";
            int h12 = h < 6 ? h : h % 12 == 0 ? 12 : h % 12; // 凌晨0点, 中午12点
            String min = m == 0 ? "点" : m == 30 ? "点半" : m < 10 ? "点零" + m + "分" : "点" + m + "分";
            return d + part + h12 + min;
        }
        String d = day.equals(today) ? "today" : day.equals(today.plusDays(1)) ? "tomorrow"
                : "on " + at.getMonth().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH)
                        + " " + day.getDayOfMonth();
        int h12 = h % 12 == 0 ? 12 : h % 12;
        String time = h12 + (m == 0 ? "" : String.format(":%02d", m)) + (h < 12 ? " AM" : " PM");
        return d + " at " + time;
    }

    /**
     * A phone number read out digit by digit, grouped as it is written at home: "+8613800138000"
     * becomes "1 3 8, 0 0 1 3, 8 0 0 0"; a number libphonenumber cannot read is read whole.
     */
    static String digits(String e164) {
        String national;
        try {
            national = PHONES.format(PHONES.parse(e164, "ZZ"), PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
        } catch (NumberParseException e) {
            national = e164.replaceAll("[^0-9]", "");
        }
        return Arrays.stream(national.split("[^0-9]+"))
                .filter(g -> !g.isEmpty())
                .map(g -> g.chars().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining(" ")))
                .collect(Collectors.joining(", "));
    }
}
