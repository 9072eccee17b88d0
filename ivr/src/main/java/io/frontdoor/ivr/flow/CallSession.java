package io.frontdoor.ivr.flow;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.dispatch.CallbackService;
import io.frontdoor.ivr.call.Audio;
import io.frontdoor.ivr.call.Call;
import io.frontdoor.ivr.caller.Caller;
import io.frontdoor.ivr.caller.CallerIdentifier;
import io.frontdoor.ivr.rules.RuleVariables;
import io.frontdoor.ivr.call.Utterance;
import io.frontdoor.ivr.speech.AudioCatalog;
import io.frontdoor.ivr.speech.Grammar;
import io.frontdoor.ivr.speech.Recognition;
import io.frontdoor.ivr.speech.RecognizerPool;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The state of one call running one flow: who is calling, the current language, flow variables,
 * choices made and steps taken, and how the call ended. Used by one thread (the call's own).
 */
final class CallSession {
    private final Call call;
    private final Dialplan flow;
    private final AudioCatalog audio;
    private final CallerIdentifier identifier;
    private final Clock clock;
    private final Instant startedAt;
    private final List<String> path = new ArrayList<>();
    private final Map<String, String> choices = new LinkedHashMap<>();
    private final Map<String, String> vars = new LinkedHashMap<>();
    private final Map<String, Integer> queuePriorities = new HashMap<>();
    private final CallbackService callbacks;
    private final List<String> heard = new ArrayList<>();
    private RecognizerPool speech;
    private SmsSender sms;
    private NumberVerifier verifier;
    private Caller caller;
    private String language;
    private String lastChoice = "";
    private String currentStep;
    private Outcome outcome;
    private String route = "";
    private boolean callbackRequested;

    CallSession(Call call, Dialplan flow, Caller caller, AudioCatalog audio, CallerIdentifier identifier,
            Clock clock) {
        this(call, flow, caller, audio, identifier, clock, null);
    }

    /** @param callbacks the callback service, or {@code null} when callbacks are off */
    CallSession(Call call, Dialplan flow, Caller caller, AudioCatalog audio, CallerIdentifier identifier,
            Clock clock, CallbackService callbacks) {
        this.callbacks = callbacks;
        this.call = call;
        this.flow = flow;
        this.caller = caller;
        this.audio = audio;
        this.identifier = identifier;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.language = flow.language();
    }

    Call call() { return call; }
    Dialplan flow() { return flow; }
    Caller caller() { return caller; }
    CallerIdentifier identifier() { return identifier; }
    String language() { return language; }
    Instant startedAt() { return startedAt; }
    Clock clock() { return clock; }
    String currentStep() { return currentStep; }
    int steps() { return path.size(); }
    Map<String, String> vars() { return vars; }
    Outcome outcome() { return outcome; }
    String route() { return route; }
    String lastChoice() { return lastChoice; }
    /** The callback service, or {@code null} when callbacks are off. */
    CallbackService callbacks() { return callbacks; }
    SmsSender sms() { return sms; }
    NumberVerifier verifier() { return verifier; }

    /** Lets callback offers prove a number not on file by SMS code (null: not available). */
    void verifier(NumberVerifier v) {
        this.verifier = v;
    }

    /** Lets menus with spoken choices recognise speech (null: speech is off). */
    void speech(RecognizerPool pool) {
        this.speech = pool;
    }

    /**
     * Whether a menu may listen for speech now: speech is on and warmed up, the adapter captures
     * caller audio, and the call is in English (the only language with a recognizer).
     */
    boolean canHearSpeech() {
        return speech != null && speech.ready() && "en".equals(language) && call.hearsSpeech();
    }

    /** Recognises an utterance; empty when no recognizer was free in time. */
    Optional<Recognition> recognize(Utterance utterance, Grammar grammar) {
        return speech == null ? Optional.empty() : speech.recognize(utterance, grammar);
    }

    /**
     * Notes a recognition on the call's timeline: what was heard, how sure, and what came of it
     * (the choice key, {@code no_match}, {@code not_confirmed}, {@code recognizer_busy} ...).
     */
    void recordHeard(String step, Recognition r, String outcome) {
        String said = r == null ? "" : String.format(java.util.Locale.ROOT, "\"%s\" %.2f ", r.text(), r.confidence());
        heard.add(step + ":heard " + said + "-> " + outcome);
    }

    /** Lets {@code sms} steps send (null: SMS is off). */
    void sms(SmsSender sender) {
        this.sms = sender;
    }
    boolean callbackRequested() { return callbackRequested; }

    /**
     * A callback request was stored (or updated) on this call: the interaction ends
     * CALLBACK_REQUESTED, even when the caller hangs up or the flow then runs to its end.
     */
    void callbackRequested(String queue) {
        this.callbackRequested = true;
        this.route = queue;
    }

    /** Raises the priority a later {@code queue} step gives this caller in {@code queue} (never lowers it). */
    void raiseQueuePriority(String queue, int priority) {
        queuePriorities.merge(queue, priority, Math::max);
    }

    /** The priority to queue this caller with in {@code queue}: the step's own, or a raised one. */
    int queuePriority(String queue, int stepPriority) {
        return Math.max(stepPriority, queuePriorities.getOrDefault(queue, stepPriority));
    }

    /** A shared-number caller said who they are. */
    void identifiedAs(Caller identified) {
        this.caller = identified;
    }

    void language(String language) {
        this.language = language;
    }

    /** Notes that a step starts: it joins the path and becomes where a hang-up is recorded. */
    void enter(String step) {
        currentStep = step;
        path.add(step);
    }

    void recordChoice(String step, String digits) {
        choices.put(step, digits);
        lastChoice = digits;
    }

    /** A catalog prompt in the current language. */
    Audio prompt(String promptId, Map<String, String> values) {
        return audio.prompt(promptId, language, values);
    }

    /** Plays a catalog prompt in the current language to the end. */
    void play(String promptId) {
        call.play(prompt(promptId, Map.of()), "");
    }

    /** Speaks text by TTS in the current language. */
    void say(String text) {
        call.play(audio.speak(text, language), "");
    }

    /** The variables rules see now. */
    Map<String, Object> ruleVariables() {
        return new RuleVariables()
                .customer(caller.customer())
                .caller(caller)
                .call(call.dialledNumber(), flow.name(), call.entryPoint(), language, path.size())
                .time(clock.instant().atZone(flow.zone()), flow.calendars())
                .choices(choices, lastChoice)
                .vars(vars)
                .asMap();
    }

    /**
     * Ends the flow. When the call goes back to the switch (queue, transfer, flow end without
     * hang-up) the admin's dialplan gets the FRONTDOOR_* channel variables first.
     */
    void finish(Outcome how, String routeTo, boolean handBack) {
        boolean keepCallback = callbackRequested && (how == Outcome.COMPLETED || how == Outcome.CALLER_HUNG_UP);
        this.outcome = keepCallback ? Outcome.CALLBACK_REQUESTED : how;
        if (!keepCallback || routeTo != null && !routeTo.isEmpty()) {
            this.route = routeTo == null ? "" : routeTo;
        }
        if (handBack) {
            Customer c = caller.customer();
            call.setVariable("FRONTDOOR_CUSTOMER_ID", c == null ? "" : c.id());
            call.setVariable("FRONTDOOR_TIER", c == null ? "" : c.tier().name());
            call.setVariable("FRONTDOOR_LANGUAGE", language);
            call.setVariable("FRONTDOOR_GREETING", caller.greeting().label());
            call.setVariable(io.frontdoor.ivr.call.HandBack.ROUTE, route);
        }
    }

    String pathText() {
        return String.join(">", path);
    }

    String choicesText() {
        String keyed = choices.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
        if (heard.isEmpty()) {
            return keyed;
        }
        return keyed + (keyed.isEmpty() ? "" : ";") + String.join(";", heard);
    }
}
