package io.frontdoor.callback.sms;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.CustomerDirectory;
import io.frontdoor.callback.customer.PhoneNumbers;
import io.frontdoor.callback.customer.Pii;
import io.frontdoor.callback.customer.Tier;
import io.frontdoor.callback.dispatch.CallbackService;
import io.frontdoor.callback.queue.CallbackNumberPolicy;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands customers send by SMS: call me back ({@code CALL ME}, {@code CALLBACK}, {@code 回电}),
 * cancel ({@code CANCEL}, {@code 取消}), status ({@code STATUS}, {@code 查询}), stop
 * ({@code STOP}, {@code 退订}, {@code TD}), start again ({@code START}); anything else gets help.
 * Keywords are matched on the whole message, case-, width- (全角) and punctuation-insensitive.
 *
 * <p>Every inbound message is recorded (once per SMSC id: a repeat is ignored) and put on the
 * timeline; replies are essential messages through the outbox, at most
 * {@code repliesPerHour} to one number (an auto-responder on the other side cannot start a storm).
 */
public final class SmsCommands {
    private static final Logger LOG = LoggerFactory.getLogger(SmsCommands.class);
    /** Longer messages are not read for keywords (they get help). */
    static final int MAX_COMMAND = 64;

    /** Who may ask for a callback by SMS. */
    public enum Policy { VIP_ONLY, KNOWN_CUSTOMERS, EVERYONE }

    /** What a message asks for. */
    public enum Command { CALL_ME, CANCEL, STATUS, STOP, START, HELP }

    /**
     * @param queue           agent queue of callbacks requested by SMS
     * @param policy          who may request one
     * @param vipPriority     queue priority of VIP customers
     * @param priority        queue priority of everyone else
     * @param defaultLanguage reply language for unknown senders writing no Chinese
     * @param repliesPerHour  outbound messages to one number per hour above which commands get no reply
     */
    public record Settings(String queue, Policy policy, int vipPriority, int priority, String defaultLanguage,
            int repliesPerHour) {
        public Settings {
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(policy, "policy");
            defaultLanguage = defaultLanguage == null ? "en" : defaultLanguage;
        }
    }

    /**
     * What was done with a message.
     *
     * @param command   what it asked (null when it was not read: duplicate, bad sender)
     * @param reply     template key of the reply, or null when none was sent
     * @param messageId the inbound message's id, or null
     * @param duplicate the SMSC id was seen before: nothing was done
     */
    public record Handled(Command command, String reply, String messageId, boolean duplicate) {
    }

    private final SmsOutbox outbox;
    private final SmsTemplates templates;
    private final CustomerDirectory customers;
    private final CallbackService callbacks;
    private final PhoneNumbers phones;
    private final Settings settings;
    private final Clock clock;

    public SmsCommands(SmsOutbox outbox, SmsTemplates templates, CustomerDirectory customers,
            CallbackService callbacks, PhoneNumbers phones, Settings settings, Clock clock) {
        this.outbox = outbox;
        this.templates = templates;
        this.customers = customers;
        this.callbacks = callbacks;
        this.phones = phones;
        this.settings = settings;
        this.clock = clock;
    }

    /** The keyword a text is, or HELP. */
    public static Command parse(String text) {
        if (text == null) {
            return Command.HELP;
        }
        String t = SmsOutbox.clean(text, MAX_COMMAND + 1);
        if (t.length() > MAX_COMMAND) {
            return Command.HELP;
        }
        String n = Normalizer.normalize(t, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT)
                .replaceAll("[\\s\\p{P}\\p{S}\\p{Z}]+", "");
        return switch (n) {
            case "CALLME", "CALLBACK", "CALLMEBACK", "回电", "回电话", "请回电" -> Command.CALL_ME;
            case "CANCEL", "取消" -> Command.CANCEL;
            case "STATUS", "查询" -> Command.STATUS;
            case "STOP", "UNSUBSCRIBE", "退订", "TD" -> Command.STOP;
            case "START", "SUBSCRIBE" -> Command.START;
            default -> Command.HELP;
        };
    }

    /** Handles one inbound message: the gateway's {@code onInbound} handler. Never throws. */
    public Handled handle(InboundSms sms) {
        try {
            return handleOrThrow(sms);
        } catch (RuntimeException e) {
            LOG.error("inbound sms not handled: {}", Pii.text(String.valueOf(e.getMessage())));
            return new Handled(null, null, null, false);
        }
    }

    private Handled handleOrThrow(InboundSms sms) {
        Optional<String> from = phones.toE164(sms.from());
        if (from.isEmpty()) {
            LOG.warn("inbound sms from {} ignored: not a phone number", Pii.phone(sms.from()));
            return new Handled(null, null, null, false);
        }
        String phone = from.get();
        List<Customer> owners = customers.findByPhone(phone);
        Customer customer = owners.stream().filter(c -> c.tier() == Tier.VIP).findFirst()
                .orElse(owners.isEmpty() ? null : owners.get(0));
        String text = sms.text() == null ? "" : sms.text();
        String language = templates.language(customer != null ? customer.language() : guessLanguage(text));
        Optional<SmsMessage> in = outbox.received(sms, phone, customer == null ? null : customer.id(), language);
        if (in.isEmpty()) {
            LOG.info("inbound sms {} from {} seen before: ignored", sms.smscId(), Pii.phone(phone));
            return new Handled(null, null, null, true);
        }
        String id = in.get().id();
        Command command = parse(text);
        LOG.info("inbound sms {} from {}: {}", id, Pii.phone(phone), command);
        Reply reply = switch (command) {
            case CALL_ME -> callMe(customer, phone, language, id);
            case CANCEL -> cancel(owners, phone);
            case STATUS -> status(owners, phone, language);
            case STOP -> {
                outbox.store().optOut(phone, clock.instant());
                yield new Reply("stopped", Map.of());
            }
            case START -> {
                outbox.store().optIn(phone);
                yield new Reply("started", Map.of());
            }
            case HELP -> new Reply("help", Map.of());
        };
        if (outbox.store().countOutSince(phone, clock.instant().minus(Duration.ofHours(1))) >= settings.repliesPerHour()) {
            LOG.warn("inbound sms {}: no reply, {} already had {} messages this hour", id, Pii.phone(phone),
                    settings.repliesPerHour());
            return new Handled(command, null, id, false);
        }
        String body = templates.render(reply.key(), language, reply.vars());
        outbox.enqueue(new SmsOutbox.Message(customer == null ? null : customer.id(), phone, body, reply.key(),
                language, true, false, "reply:" + id));
        return new Handled(command, reply.key(), id, false);
    }

    private record Reply(String key, Map<String, Object> vars) {
    }

    private boolean allowed(Customer c) {
        return switch (settings.policy()) {
            case EVERYONE -> true;
            case KNOWN_CUSTOMERS -> c != null;
            case VIP_ONLY -> c != null && c.tier() == Tier.VIP;
        };
    }

    private Reply callMe(Customer customer, String phone, String language, String messageId) {
        if (!allowed(customer)) {
            return new Reply("refused.not_allowed", Map.of());
        }
        CallbackNumberPolicy.Verdict v = callbacks.checkNumber(phone, customer, phone);
        if (!v.accepted()) {
            return new Reply("refused.number", Map.of());
        }
        Instant now = clock.instant();
        int priority = customer != null && customer.tier() == Tier.VIP ? settings.vipPriority() : settings.priority();
        CallbackService.Result r = callbacks.request(new CallbackService.NewRequest(customer == null ? null
                : customer.id(), settings.queue(), v.e164(), language, priority, now, null, CallbackSms.SMS_ORIGIN
                + messageId, phone));
        if (!r.accepted()) {
            return new Reply("refused." + r.refusal().name().toLowerCase(Locale.ROOT), Map.of());
        }
        return new Reply("callback.confirm", Map.of("position", r.offer().position(),
                "minutes", CallbackSms.minutes(r.offer().expectedWait())));
    }

    private List<CallbackRequest> open(List<Customer> owners, String phone) {
        Map<String, CallbackRequest> open = new LinkedHashMap<>();
        for (Customer c : owners) {
            callbacks.openFor(c.id(), null).forEach(r -> open.put(r.id(), r));
        }
        callbacks.openFor(null, phone).forEach(r -> open.put(r.id(), r));
        return new ArrayList<>(open.values());
    }

    private Reply cancel(List<Customer> owners, String phone) {
        List<CallbackRequest> open = open(owners, phone);
        String cancelled = null;
        boolean dialling = false;
        for (CallbackRequest r : open) {
            switch (callbacks.cancel(r.id(), CallbackSms.CANCELLED_BY_SMS)) {
                case CANCELLED -> cancelled = cancelled == null ? r.id() : cancelled;
                case BEING_DIALLED -> dialling = true;
                default -> { }
            }
        }
        if (cancelled != null) {
            return new Reply("callback.cancelled", Map.of()); // CallbackSms sends no notice for these
        }
        return new Reply(dialling ? "callback.being_dialled" : "callback.none", Map.of());
    }

    private Reply status(List<Customer> owners, String phone, String language) {
        List<CallbackRequest> open = open(owners, phone);
        if (open.isEmpty()) {
            return new Reply("callback.none", Map.of());
        }
        CallbackRequest r = open.get(0);
        if (r.state() == CallbackState.DIALING) {
            return new Reply("callback.status_dialling", Map.of());
        }
        if (r.timed()) {
            return new Reply("callback.status_timed", Map.of("time",
                    CallbackSms.time(r.dueAt(), callbacks.policy(r.queue()).zone(), language, clock)));
        }
        CallbackService.Offer o = callbacks.offer(r);
        return new Reply("callback.status", Map.of("position", o.position(), "minutes",
                CallbackSms.minutes(o.expectedWait())));
    }

    private String guessLanguage(String text) {
        boolean han = text.codePoints().limit(200)
                .anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
        return han ? "zh" : settings.defaultLanguage();
    }
}
