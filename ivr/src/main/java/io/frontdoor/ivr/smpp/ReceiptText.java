package io.frontdoor.ivr.smpp;

import io.frontdoor.callback.sms.DeliveryReceipt;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the SMPP 3.4 (Appendix B) delivery receipt text:
 * {@code id:IIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:...}.
 * Field order and case vary between SMSCs; only {@code id} and {@code stat} are required.
 */
final class ReceiptText {
    private static final Pattern ID = Pattern.compile("(?i)(?:^|\\s)id:(\\S+)");
    private static final Pattern STAT = Pattern.compile("(?i)(?:^|\\s)stat:(\\S+)");
    private static final Pattern ERR = Pattern.compile("(?i)(?:^|\\s)err:(\\S+)");
    private static final Pattern DONE = Pattern.compile("(?i)(?:^|\\s)done date:(\\d{10}(?:\\d{2})?)");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyMMddHHmm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyMMddHHmmss");

    private ReceiptText() {
    }

    /**
     * @return the receipt, or empty when the text has no id or stat, or the state is not final
     *         (ENROUTE, ACCEPTD are not reported)
     */
    static Optional<DeliveryReceipt> parse(String text, Instant receivedAt) {
        Matcher id = ID.matcher(text);
        Matcher stat = STAT.matcher(text);
        if (!id.find() || !stat.find()) {
            return Optional.empty();
        }
        DeliveryReceipt.State state = state(stat.group(1));
        if (state == null) {
            return Optional.empty();
        }
        Matcher err = ERR.matcher(text);
        String error = state == DeliveryReceipt.State.DELIVERED || !err.find() ? "" : err.group(1);
        return Optional.of(new DeliveryReceipt(id.group(1), state, doneDate(text, receivedAt), error));
    }

    /** Maps a stat value; null for states that are not final. */
    static DeliveryReceipt.State state(String stat) {
        return switch (stat.toUpperCase(Locale.ROOT)) {
            case "DELIVRD", "DELIVERED" -> DeliveryReceipt.State.DELIVERED;
            case "EXPIRED" -> DeliveryReceipt.State.EXPIRED;
            case "DELETED" -> DeliveryReceipt.State.DELETED;
            case "UNDELIV" -> DeliveryReceipt.State.UNDELIVERABLE;
            case "REJECTD", "REJECTED" -> DeliveryReceipt.State.REJECTED;
            case "ENROUTE", "ACCEPTD" -> null;
            default -> DeliveryReceipt.State.UNKNOWN;
        };
    }

    /** The message_state TLV (SMPP 3.4 5.3.2.35) as a final state; null when not final. */
    static DeliveryReceipt.State state(int messageState) {
        return switch (messageState) {
            case 2 -> DeliveryReceipt.State.DELIVERED;
            case 3 -> DeliveryReceipt.State.EXPIRED;
            case 4 -> DeliveryReceipt.State.DELETED;
            case 5 -> DeliveryReceipt.State.UNDELIVERABLE;
            case 8 -> DeliveryReceipt.State.REJECTED;
            case 1, 6 -> null;
            default -> DeliveryReceipt.State.UNKNOWN;
        };
    }

    /** The done date read as UTC (SMSCs do not say their zone), else when it was received. */
    private static Instant doneDate(String text, Instant receivedAt) {
        Matcher m = DONE.matcher(text);
        if (!m.find()) {
            return receivedAt;
        }
        String v = m.group(1);
        try {
            return LocalDateTime.parse(v, v.length() == 10 ? MINUTES : SECONDS).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return receivedAt;
        }
    }
}
