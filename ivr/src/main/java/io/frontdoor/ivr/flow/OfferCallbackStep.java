package io.frontdoor.ivr.flow;

import static io.frontdoor.ivr.flow.CallbackPrompts.*;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.dispatch.CallbackService;
import io.frontdoor.callback.dispatch.CallbackService.NewRequest;
import io.frontdoor.callback.dispatch.CallbackService.Offer;
import io.frontdoor.callback.queue.CallbackNumberPolicy;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.WaitEstimator;
import io.frontdoor.callback.store.StoreUnavailableException;
import io.frontdoor.ivr.call.Audio;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code offer_callback: { queue: vip, threshold: 60, priority: 5, timed: true, accepted: bye, declined: agent }}
 * — offers a caller facing a long wait to keep their place and be called back.
 *
 * <ul>
 * <li>A caller who already has an open request for the queue hears their place and chooses: 1 keep
 *     it, 2 cancel it (both go to {@code accepted}), 3 cancel it and hold now (goes to
 *     {@code declined}; a later {@code queue} step for the same queue puts them one priority up when
 *     nobody of their priority was waiting before their original arrival).</li>
 * <li>Otherwise, when the expected wait is below {@code threshold} seconds the call goes to
 *     {@code declined} at once. Else the caller hears their place and wait and chooses: 1 call me
 *     back as soon as an agent is free, 2 at a time I choose (with {@code timed: true}, when the
 *     queue has open slots), 3 keep waiting ({@code declined}).</li>
 * <li>The number: the caller ID when the number policy accepts it (1 confirm, 2 another one), or
 *     one keyed in (up to 15 digits, {@code #} ends), checked against toll fraud.</li>
 * <li>The request is stored before the caller is told anything; then {@code accepted}, and the
 *     call's interaction ends CALLBACK_REQUESTED.</li>
 * </ul>
 * Silence and wrong keys are asked again twice, then the call goes to {@code declined} (for the
 * pending-request menu: the request is kept). A refusal (rate limit, time no longer open, store
 * down) is explained and goes to {@code declined}: the caller is still on the line, so they wait.
 * With callbacks off or the store down the step goes to {@code declined}.
 */
record OfferCallbackStep(String name, String queue, int threshold, int priority, boolean timed, String accepted,
        String declined) implements Step {

    private static final Logger LOG = LoggerFactory.getLogger(OfferCallbackStep.class);
    private static final AtomicBoolean WARNED_OFF = new AtomicBoolean();
    private static final Set<String> KEYS = Set.of("queue", "threshold", "priority", "timed", "accepted", "declined");
    static final int RETRIES = 2;
    static final int MAX_NUMBER_DIGITS = 15;
    static final int MAX_SLOTS = 9;
    private static final Duration KEY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration NUMBER_TIMEOUT = Duration.ofSeconds(10);

    static Step parse(StepContext ctx) {
        Fields body = ctx.body("offer_callback", KEYS);
        if (body == null) {
            return new OfferCallbackStep(ctx.step, null, 60, 0, false, null, null);
        }
        String queue = body.text("queue");
        int threshold = number(ctx, body.get("threshold"), "threshold", 60, 86_400, "of seconds (0-86400)");
        int priority = number(ctx, body.get("priority"), "priority", 0, 999, "0-999");
        boolean timed = false;
        Node t = body.get("timed");
        if (t != null) {
            String text = ctx.scalar(t, "offer_callback 'timed'");
            if ("true".equals(text) || "false".equals(text)) {
                timed = Boolean.parseBoolean(text);
            } else if (text != null) {
                ctx.problems.at(t, "step '" + ctx.step + "': timed '" + text + "' must be true or false");
            }
        }
        String accepted = target(ctx, body, "accepted");
        String declined = target(ctx, body, "declined");
        Node at = ctx.fields.get("offer_callback");
        PROMPTS.forEach(id -> ctx.notePrompt(id, at));
        if (timed) {
            TIMED_PROMPTS.forEach(id -> ctx.notePrompt(id, at));
        }
        return new OfferCallbackStep(ctx.step, queue, threshold, priority, timed, accepted, declined);
    }

    private static int number(StepContext ctx, Node node, String key, int fallback, int max, String what) {
        if (node == null) {
            return fallback;
        }
        String text = ctx.scalar(node, "offer_callback '" + key + "'");
        if (text != null && text.matches("\\d{1,6}") && Integer.parseInt(text) <= max) {
            return Integer.parseInt(text);
        }
        if (text != null) {
            ctx.problems.at(node, "step '" + ctx.step + "': " + key + " '" + text + "' must be a whole number " + what);
        }
        return fallback;
    }

    private static String target(StepContext ctx, Fields body, String key) {
        if (!body.has(key)) {
            ctx.problems.at(body.node(), "step '" + ctx.step + "' offer_callback is missing '" + key + "'");
            return null;
        }
        return ctx.target(body.get(key), "'" + key + "'");
    }

    @Override
    public String execute(CallSession session) {
        CallbackService service = session.callbacks();
        if (service == null) {
            if (WARNED_OFF.compareAndSet(false, true)) {
                LOG.warn("flow '{}' step '{}' offers callbacks but callbacks are off: callers go to '{}'",
                        session.flow().name(), name, declined);
            }
            session.recordChoice(name, "off");
            return declined;
        }
        Customer customer = session.caller().customer();
        String callerE164 = session.caller().number();
        Optional<CallbackRequest> open;
        Offer offer;
        try {
            open = service.openFor(customer == null ? null : customer.id(), callerE164).stream()
                    .filter(r -> r.queue().equals(queue)).findFirst();
            offer = open.isPresent() ? service.offer(open.get()) : service.offer(queue, priority, session.startedAt());
        } catch (StoreUnavailableException e) {
            LOG.warn("call {}: no callback offer, store unavailable: {}", session.call().id(), e.getMessage());
            session.recordChoice(name, "unavailable");
            return declined;
        }
        if (open.isPresent()) {
            return pending(session, service, open.get(), offer);
        }
        if (!offer.switchKnown() || offer.expectedWait().toSeconds() < threshold) {
            session.recordChoice(name, "not_offered");
            return declined;
        }
        return offer(session, service, customer, callerE164, offer);
    }

    // ---- a new request

    private String offer(CallSession session, CallbackService service, Customer customer, String callerE164,
            Offer offer) {
        ZoneId zone = service.policy(queue).zone();
        List<Instant> slots = timed ? service.slots(queue, MAX_SLOTS) : List.of();
        boolean offerTimed = !slots.isEmpty();
        speakPlace(session, offer, WAIT, POSITION);
        String key = menu(session, session.prompt(offerTimed ? MENU : MENU_ASAP, Map.of()), offerTimed ? "123" : "13");
        if (key == null || key.equals("3")) {
            session.recordChoice(name, key == null ? "no_choice" : "wait");
            return declined;
        }
        Instant at = null;
        if (key.equals("2")) {
            at = chooseSlot(session, slots, zone);
            if (at == null) {
                session.recordChoice(name, "no_time");
                return declined;
            }
        }
        String kind = at == null ? "asap" : "timed";
        String number = chooseNumber(session, service, customer, callerE164);
        if (number == null) {
            session.recordChoice(name, kind + ",no_number");
            return declined;
        }
        String numberNote = number.equals(callerE164) ? "" : ",other_number";
        CallbackService.Result result = service.request(new NewRequest(customer == null ? null : customer.id(), queue,
                number, session.language(), priority, session.startedAt(), at, session.call().id(), callerE164));
        if (!result.accepted()) {
            session.recordChoice(name, kind + numberNote + ",refused_" + result.refusal().name().toLowerCase());
            session.play(result.refusal().prompt());
            return declined;
        }
        session.callbackRequested(queue);
        session.recordChoice(name, kind + numberNote + (result.updated() ? ",updated" : ""));
        if (at != null) {
            session.call().play(session.prompt(ACCEPTED_TIMED, Map.of("when", when(session, at, zone))), "");
        } else {
            speakPlace(session, result.offer(), ACCEPTED, ACCEPTED_SOON);
        }
        return accepted;
    }

    /**
     * Place and wait: {@code withMinutes} ({position}, {minutes}) when the wait is a real estimate of
     * two minutes or more, else {@code placeOnly} ({position}): nobody logged in (the estimator's
     * {@link WaitEstimator#UNKNOWN}) or a wait too short to count in minutes.
     */
    private static void speakPlace(CallSession session, Offer offer, String withMinutes, String placeOnly) {
        long minutes = (offer.expectedWait().toSeconds() + 59) / 60;
        String position = String.valueOf(offer.position());
        if (minutes >= 2 && !offer.expectedWait().equals(WaitEstimator.UNKNOWN)) {
            session.call().play(session.prompt(withMinutes, Map.of("position", position,
                    "minutes", String.valueOf(minutes))), "");
        } else {
            session.call().play(session.prompt(placeOnly, Map.of("position", position)), "");
        }
    }

    /** "Press 1 for today at 2 PM, 2 for ...": the chosen slot, or null. */
    private Instant chooseSlot(CallSession session, List<Instant> slots, ZoneId zone) {
        StringBuilder keys = new StringBuilder();
        List<Audio> options = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            String key = String.valueOf(i + 1);
            keys.append(key);
            options.add(session.prompt(SLOT, Map.of("when", when(session, slots.get(i), zone), "key", key)));
        }
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            String heard = session.call().play(session.prompt(CHOOSE_TIME, Map.of()), keys.toString());
            for (int i = 0; i < options.size() - 1 && heard.isEmpty(); i++) {
                heard = session.call().play(options.get(i), keys.toString());
            }
            if (heard.isEmpty()) {
                heard = session.call().collectDigits(options.get(options.size() - 1), 1, KEY_TIMEOUT);
            }
            if (heard.length() == 1 && keys.indexOf(heard) >= 0) {
                return slots.get(Integer.parseInt(heard) - 1);
            }
            if (attempt < RETRIES) {
                session.play(heard.isEmpty() ? NO_INPUT : INVALID);
            }
        }
        return null;
    }

    /** The number to call back, E.164, checked; null when the caller gave none that may be called. */
    private static String chooseNumber(CallSession session, CallbackService service, Customer customer,
            String callerE164) {
        String number = null;
        if (callerE164 != null && service.checkNumber(callerE164, customer, callerE164).accepted()) {
            number = callerE164;
        }
        int entries = 0;
        while (true) {
            if (number != null) {
                String key = menu(session, session.prompt(CONFIRM_NUMBER, Map.of("number", Spoken.digits(number))),
                        "12");
                if (key == null) {
                    return null;
                }
                if (key.equals("1")) {
                    return number;
                }
                number = null;
            }
            while (number == null) {
                if (entries++ > RETRIES) {
                    return null;
                }
                String keyed = session.call().collectDigits(session.prompt(ENTER_NUMBER, Map.of()),
                        MAX_NUMBER_DIGITS, NUMBER_TIMEOUT);
                if (keyed.isEmpty()) {
                    if (entries <= RETRIES) {
                        session.play(NO_INPUT);
                    }
                    continue;
                }
                CallbackNumberPolicy.Verdict v = service.checkNumber(keyed, customer, callerE164);
                if (v.accepted() && service.needsCode(v.e164(), customer, callerE164)) {
                    if (proven(session, v.e164(), customer)) {
                        number = v.e164();
                    } else {
                        LOG.info("call {}: callback number not proven by SMS code", session.call().id());
                        session.play(CallbackNumberPolicy.Refusal.NOT_ON_FILE.prompt());
                    }
                } else if (v.accepted()) {
                    number = v.e164();
                } else {
                    LOG.info("call {}: callback number refused: {}", session.call().id(), v.reason());
                    session.play(v.refusal().prompt());
                }
            }
        }
    }

    /** Sends a one-time code to a number not on file and lets the caller key it in (two tries). */
    private static boolean proven(CallSession session, String number, Customer customer) {
        NumberVerifier verifier = session.verifier();
        if (verifier == null) {
            return false;
        }
        String id = verifier.send(number, customer == null ? null : customer.id(), session.language());
        if (id == null) {
            return false;
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            String code = session.call().collectDigits(session.prompt(ENTER_CODE, Map.of()), 6, NUMBER_TIMEOUT);
            if (!code.isEmpty() && verifier.verify(id, code)) {
                session.recordChoice("verified_number", "sms_code");
                return true;
            }
            session.play(CODE_WRONG);
        }
        return false;
    }

    // ---- the caller has a request already

    private String pending(CallSession session, CallbackService service, CallbackRequest r, Offer offer) {
        ZoneId zone = service.policy(queue).zone();
        if (r.timed()) {
            session.call().play(session.prompt(PENDING_TIMED, Map.of("when", when(session, r.dueAt(), zone))), "");
        } else {
            session.call().play(session.prompt(PENDING, Map.of("position", String.valueOf(offer.position()))), "");
        }
        String key = menu(session, session.prompt(PENDING_MENU, Map.of()), "123");
        if (key == null || key.equals("1")) {
            session.recordChoice(name, "keep");
            session.play(KEPT);
            return accepted;
        }
        CallbackService.Cancelled c;
        try {
            c = service.cancel(r.id(), "caller on call " + session.call().id());
        } catch (StoreUnavailableException e) {
            LOG.warn("call {}: callback {} not cancelled, store unavailable: {}", session.call().id(), r.id(),
                    e.getMessage());
            session.recordChoice(name, "cancel_failed");
            session.play("callback.unavailable");
            return accepted;
        }
        if (c == CallbackService.Cancelled.BEING_DIALLED) {
            session.recordChoice(name, "being_dialled");
            session.play(BEING_DIALLED);
            return accepted;
        }
        if (key.equals("2")) {
            session.recordChoice(name, "cancel");
            session.play(CANCELLED);
            return accepted;
        }
        session.raiseQueuePriority(queue, holdPriority(service, r));
        session.recordChoice(name, "hold");
        session.play(HOLD_NOW);
        return declined;
    }

    /**
     * The priority of a caller who gives up their request to hold on the line now: one above the
     * request's own when nobody of that priority (on the line or in the virtual queue) was waiting
     * before their original arrival, so they do not lose the place they had; else their own.
     */
    private int holdPriority(CallbackService service, CallbackRequest r) {
        int atOriginalArrival = service.offer(queue, r.priority(), r.arrivedAt()).position();
        int atTheFront = service.offer(queue, r.priority(), Instant.EPOCH).position();
        return atOriginalArrival == atTheFront ? r.priority() + 1 : r.priority();
    }

    // ---- helpers

    /** A one-key menu: the key, or null after the first try and {@link #RETRIES} more fail. */
    private static String menu(CallSession session, Audio prompt, String keys) {
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            String key = session.call().collectDigits(prompt, 1, KEY_TIMEOUT);
            if (key.length() == 1 && keys.contains(key)) {
                return key;
            }
            if (attempt < RETRIES) {
                session.play(key.isEmpty() ? NO_INPUT : INVALID);
            }
        }
        return null;
    }

    private static String when(CallSession session, Instant at, ZoneId zone) {
        LocalDate today = session.clock().instant().atZone(zone).toLocalDate();
        return Spoken.when(at.atZone(zone), today, session.language());
    }

    @Override
    public boolean waitsForInput() {
        // it may go straight to 'declined' (short wait, callbacks off): not a wait for the loop check
        return false;
    }
}
