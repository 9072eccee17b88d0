package io.frontdoor.callback.queue;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether FrontDoor may dial a number for a callback: toll-fraud protection. A number is
 * accepted only when libphonenumber finds it valid, it belongs to an allowed country, and its type
 * is one a bank calls back (fixed line, mobile, either). Premium-rate, shared-cost, pagers, UAN,
 * personal, voicemail and VoIP numbers are refused.
 */
public final class CallbackNumberPolicy {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Set<PhoneNumberType> DIALLABLE = Set.of(PhoneNumberType.FIXED_LINE,
            PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE);

    /** Why a number is refused; each has a prompt that tells the caller. */
    public enum Refusal {
        /** Not a phone number, or not a valid one. */
        INVALID("callback.number_invalid"),
        /** A premium-rate number. */
        PREMIUM_RATE("callback.number_premium"),
        /** A shared-cost number. */
        SHARED_COST("callback.number_premium"),
        /** Another type the bank does not call (pager, UAN, VoIP, personal, voicemail, toll-free). */
        NOT_DIALLABLE("callback.number_not_allowed"),
        /** A country the bank does not call. */
        FOREIGN("callback.number_foreign"),
        /** Not one of the customer's numbers on file, and policy calls back numbers on file only. */
        NOT_ON_FILE("callback.number_not_on_file");

        private final String prompt;

        Refusal(String prompt) {
            this.prompt = prompt;
        }

        /** The catalog prompt that explains the refusal to the caller. */
        public String prompt() {
            return prompt;
        }
    }

    /** The verdict: the number in E.164 when accepted, else why not. */
    public record Verdict(String e164, Refusal refusal, String reason) {
        public boolean accepted() {
            return refusal == null;
        }
    }

    private final String defaultRegion;
    private final Set<String> allowedRegions;

    /**
     * @param defaultRegion  region of numbers keyed without a country code (the hotline's)
     * @param allowedRegions regions whose numbers may be called back; empty means the default region only
     */
    public CallbackNumberPolicy(String defaultRegion, Set<String> allowedRegions) {
        this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(this.defaultRegion)) {
            throw new IllegalArgumentException("unknown phone region '" + defaultRegion + "'");
        }
        Set<String> allowed = new TreeSet<>();
        for (String r : allowedRegions) {
            String region = r.trim().toUpperCase(Locale.ROOT);
            if (!UTIL.getSupportedRegions().contains(region)) {
                throw new IllegalArgumentException("unknown phone region '" + r + "' in allowed countries");
            }
            allowed.add(region);
        }
        if (allowed.isEmpty()) {
            allowed.add(this.defaultRegion);
        }
        this.allowedRegions = Set.copyOf(allowed);
    }

    public Set<String> allowedRegions() {
        return allowedRegions;
    }

    /**
     * Checks a number as keyed by a caller or delivered as caller ID: digits with or without a
     * country code ({@code 00} or {@code +} prefix), or E.164.
     */
    public Verdict check(String raw) {
        if (raw == null || raw.isBlank()) {
            return new Verdict(null, Refusal.INVALID, "no number");
        }
        String text = raw.trim();
        if (text.startsWith("00")) {
            text = "+" + text.substring(2);
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(text, defaultRegion);
        } catch (NumberParseException e) {
            return new Verdict(null, Refusal.INVALID,
                    e.getErrorType().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        if (!UTIL.isValidNumber(number)) {
            return new Verdict(null, Refusal.INVALID, "not a valid number");
        }
        String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        String region = UTIL.getRegionCodeForNumber(number);
        if (region == null || !allowedRegions.contains(region)) {
            return new Verdict(e164, Refusal.FOREIGN, "country " + region + " is not in " + allowedRegions);
        }
        PhoneNumberType type = UTIL.getNumberType(number);
        return switch (type) {
            case PREMIUM_RATE -> new Verdict(e164, Refusal.PREMIUM_RATE, "premium-rate number");
            case SHARED_COST -> new Verdict(e164, Refusal.SHARED_COST, "shared-cost number");
            default -> DIALLABLE.contains(type) ? new Verdict(e164, null, "")
                    : new Verdict(e164, Refusal.NOT_DIALLABLE,
                            type.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " number");
        };
    }
}
