package io.frontdoor.callback.customer;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;

/**
 * Normalises phone numbers to E.164 with libphonenumber, from whatever an import file or a switch's
 * caller ID delivers: "+86 138 0013 8000", "013800138000", "8613800138000", "13800138000".
 */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    /** @param defaultRegion ISO 3166 region for numbers written without a country code ("CN", "GB") */
    public PhoneNumbers(String defaultRegion) {
        String region = defaultRegion.toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("unknown phone region '" + defaultRegion + "'");
        }
        this.defaultRegion = region;
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    /**
     * The number in E.164, or empty when it is withheld, malformed or not a valid number.
     * A switch that drops the "+" (8613800138000) is understood too.
     */
    public Optional<String> toE164(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String text = raw.trim();
        if (text.isEmpty() || !text.chars().anyMatch(Character::isDigit)) {
            return Optional.empty(); // "unknown", "anonymous", "Restricted"
        }
        Optional<String> asDialled = parse(text, defaultRegion);
        if (asDialled.isPresent()) {
            return asDialled;
        }
        // caller IDs often carry the country code without the "+"
        String digits = text.replaceAll("[^0-9]", "");
        if (!text.startsWith("+") && !digits.startsWith("0") && digits.length() > 7) {
            return parse("+" + digits, defaultRegion);
        }
        return Optional.empty();
    }

    /** Like {@link #toE164} but explains why a number was refused, for import errors. */
    public String toE164OrExplain(String raw) throws InvalidNumberException {
        try {
            PhoneNumber number = UTIL.parse(raw.trim(), defaultRegion);
            if (UTIL.isValidNumber(number)) {
                return UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            }
        } catch (NumberParseException e) {
            Optional<String> retry = toE164(raw);
            if (retry.isPresent()) {
                return retry.get();
            }
            throw new InvalidNumberException("'" + Pii.phone(raw.trim()) + "' is not a phone number ("
                    + e.getErrorType().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
        }
        return toE164(raw).orElseThrow(() -> new InvalidNumberException(
                "'" + Pii.phone(raw.trim()) + "' is not a valid number for region " + defaultRegion));
    }

    private static Optional<String> parse(String text, String region) {
        try {
            PhoneNumber number = UTIL.parse(text, region);
            return UTIL.isValidNumber(number)
                    ? Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** A phone number that cannot be used; the message is safe to log (the number is masked). */
    public static final class InvalidNumberException extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidNumberException(String message) {
            super(message);
        }
    }
}
