package io.frontdoor.callback.sms;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.frontdoor.callback.dispatch.CallbackEvents;
import io.frontdoor.callback.dispatch.CallbackService;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import io.frontdoor.callback.queue.QueuePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS notices about callbacks, as a {@link CallbackEvents} listener: a confirmation when a request
 * is stored (place, expected wait, how to cancel; the chosen time for a timed one), "an adviser will
 * call you shortly, reference code NNNN" before each attempt dials (the agent reads the code out so
 * the customer knows the call is genuine), and a notice when a request is missed (not when the
 * customer declined), expired or cancelled elsewhere than by SMS.
 *
 * <p>Each notice has a dedupe key ({@code cb:<request>:requested}, {@code cb:<attempt>:soon},
 * {@code cb:<request>:closed}), so an event told twice (a restart) sends one message. Notices go
 * to mobile numbers only, respect opt-outs (not essential), and requests made by SMS get their
 * confirmation as the reply to the command instead.
 */
public final class CallbackSms implements CallbackEvents {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSms.class);
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** Origin of requests made by SMS ({@code sms:<inbound message id>}). */
    static final String SMS_ORIGIN = "sms:";
    /** Who cancels when the customer sends CANCEL. */
    static final String CANCELLED_BY_SMS = "the customer by SMS";

    private final SmsOutbox outbox;
    private final SmsTemplates templates;
    private final Function<String, QueuePolicy> policies;
    private final Clock clock;

    public CallbackSms(SmsOutbox outbox, SmsTemplates templates, Function<String, QueuePolicy> policies, Clock clock) {
        this.outbox = outbox;
        this.templates = templates;
        this.policies = policies;
        this.clock = clock;
    }

    @Override
    public void requested(CallbackRequest r, boolean updated, CallbackService.Offer offer) {
        if (r.originCall() != null && r.originCall().startsWith(SMS_ORIGIN)) {
            return; // the reply to the command confirms it
        }
        String key = "cb:" + r.id() + (updated ? ":updated:" + r.updatedAt().toEpochMilli() : ":requested");
        if (r.timed()) {
            send(r, "callback.confirm_timed", Map.of("time", time(r.dueAt(), zone(r), r.language(), clock)), key);
        } else {
            send(r, "callback.confirm", Map.of("position", offer.position(), "minutes", minutes(offer.expectedWait())),
                    key);
        }
    }

    @Override
    public void dialling(CallbackRequest r, CallbackAttempt attempt, String refCode) {
        send(r, "callback.soon", Map.of("ref", refCode), "cb:" + attempt.id() + ":soon");
    }

    @Override
    public void closed(CallbackRequest r, CallbackState state, String reason) {
        String why = reason == null ? "" : reason;
        String template = switch (state) {
            case MISSED -> why.startsWith("declined") ? null : "callback.missed";
            case EXPIRED -> "callback.expired";
            case CANCELLED -> why.endsWith(CANCELLED_BY_SMS) ? null : "callback.cancelled";
            default -> null;
        };
        if (template != null) {
            send(r, template, Map.of(), "cb:" + r.id() + ":closed");
        }
    }

    private void send(CallbackRequest r, String template, Map<String, ?> vars, String key) {
        if (!isMobile(r.phone())) {
            return;
        }
        String language = templates.language(r.language());
        SmsOutbox.Enqueued e = outbox.enqueue(new SmsOutbox.Message(r.customerId(), r.phone(),
                templates.render(template, language, vars), template, language, false, false, key));
        LOG.debug("callback {}: {} sms {} {}", r.id(), template, e.id(), e.status());
    }

    private ZoneId zone(CallbackRequest r) {
        return policies.apply(r.queue()).zone();
    }

    /** Whether an SMS can reach the number (mobile, or a region that does not tell fixed from mobile). */
    static boolean isMobile(String e164) {
        try {
            PhoneNumberType t = UTIL.getNumberType(UTIL.parse(e164, "ZZ"));
            return t == PhoneNumberType.MOBILE || t == PhoneNumberType.FIXED_LINE_OR_MOBILE;
        } catch (NumberParseException e) {
            return false;
        }
    }

    /** Whole minutes of a wait, at least 1. */
    static long minutes(Duration wait) {
        long s = wait == null ? 0 : Math.max(0, wait.toSeconds());
        return Math.max(1, (s + 59) / 60);
    }

    /** A callback time as a customer reads it: "14:30" today, else "Tue 24 Nov 14:30" / "11月24日 14:30". */
    static String time(Instant at, ZoneId zone, String language, Clock clock) {
        ZonedDateTime t = at.atZone(zone);
        boolean zh = "zh".equals(language);
        if (t.toLocalDate().equals(clock.instant().atZone(zone).toLocalDate())) {
            return DateTimeFormatter.ofPattern("HH:mm").format(t);
        }
        return zh ? DateTimeFormatter.ofPattern("M月d日 HH:mm", Locale.CHINA).format(t)
                : DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.UK).format(t);
    }
}
