package io.frontdoor.ivr.flow;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionLog;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.customer.Pii;
import io.frontdoor.callback.dispatch.CallbackDispatcher;
import io.frontdoor.callback.dispatch.CallbackDispatcher.AnsweredCall;
import io.frontdoor.callback.dispatch.CallbackService;
import io.frontdoor.callback.dispatch.DialRequest;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.ivr.call.Call;
import io.frontdoor.ivr.call.CallFailedException;
import io.frontdoor.ivr.call.CallHangupException;
import io.frontdoor.ivr.speech.AudioCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answered leg of a callback call: the switch runs FastAGI flow {@value #FLOW_NAME} on it with
 * the channel variables {@code FRONTDOOR_CALLBACK_ID} and {@code FRONTDOOR_ATTEMPT_ID} that the
 * dialer set.
 *
 * <ul>
 * <li>Customer first: in the request's language the customer hears {@code callback.announce}
 *     ("This is Example Bank returning your call. Press 1 to be connected now.", two tries); 1
 *     connects them to the agent reserved for the attempt ({@code call.transfer(agent)}); anything
 *     else is recorded as declined, a hang-up as hung up.</li>
 * <li>Agent first (preview): the agent hears {@code callback.agent_preview} with the customer's
 *     name (TTS) and tier; 1 dials the customer ({@code call.transfer(<customer E.164>)}, the
 *     switch context dials it); anything else, or the agent hanging up, is "agent unavailable".</li>
 * <li>An unknown or finished attempt hears {@code callback.apology} and is hung up.</li>
 * </ul>
 * The dispatcher is told every outcome; the call itself goes on the customer's timeline (channel
 * CALLBACK, ref the call's id, outcome CONNECTED or NOT_CONNECTED, the path it took).
 */
final class CallbackCallFlow {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackCallFlow.class);
    /** The flow name (FastAGI script) the switch runs on an answered callback call. */
    static final String FLOW_NAME = "callback";
    static final String ANNOUNCE = "callback.announce";
    static final String APOLOGY = "callback.apology";
    static final String DECLINED = "callback.declined";
    static final String CONNECTING = "queue.transfer";
    static final String AGENT_PREVIEW = "callback.agent_preview";
    static final String AGENT_PREVIEW_UNKNOWN = "callback.agent_preview_unknown";
    static final String AGENT_DIALLING = "callback.agent_dialling";
    static final String TIER_PREFIX = "callback.tier_";
    private static final Duration KEY_TIMEOUT = Duration.ofSeconds(5);
    private static final int TRIES = 2;
    /** Language of the apology when the request cannot be found. */
    private static final String FALLBACK_LANGUAGE = "en";

    private final CallbackDispatcher dispatcher;
    private final CallbackService service;
    private final AudioCatalog audio;
    private final InteractionLog log;
    private final Clock clock;

    /** @param dispatcher null when callbacks are off (every callback call is apologised to) */
    CallbackCallFlow(CallbackDispatcher dispatcher, CallbackService service, AudioCatalog audio, InteractionLog log,
            Clock clock) {
        this.dispatcher = dispatcher;
        this.service = service;
        this.audio = audio;
        this.log = log;
        this.clock = clock;
    }

    /** What happened on the call, for the log, the dispatcher and the timeline. */
    private static final class Run {
        final List<String> path = new ArrayList<>();
        final Instant startedAt;
        String language = FALLBACK_LANGUAGE;
        String choice = "";
        CallbackAttempt.Outcome outcome;
        String detail;

        Run(Instant startedAt) {
            this.startedAt = startedAt;
        }
    }

    void handle(Call call) {
        Run run = new Run(clock.instant());
        String requestId = blankToNull(call.variable(DialRequest.CALLBACK_VARIABLE));
        String attemptId = blankToNull(call.variable(DialRequest.ATTEMPT_VARIABLE));
        Optional<AnsweredCall> answered = Optional.empty();
        try {
            if (dispatcher == null) {
                LOG.warn("call {}: callback call, but callbacks are off", call.id());
            } else if (requestId == null || attemptId == null) {
                LOG.warn("call {}: callback call without {} / {}", call.id(), DialRequest.CALLBACK_VARIABLE,
                        DialRequest.ATTEMPT_VARIABLE);
            } else {
                answered = dispatcher.answered(requestId, attemptId);
            }
        } catch (RuntimeException e) {
            LOG.error("call {}: callback {} attempt {} not found: {}", call.id(), requestId, attemptId,
                    Pii.text(e.getMessage()));
        }
        if (answered.isEmpty()) {
            apologise(call, run, requestId, attemptId);
            return;
        }
        AnsweredCall a = answered.get();
        run.language = a.request().language();
        boolean connected = false;
        try {
            call.answer();
            connected = a.leg() == DialRequest.Leg.AGENT ? agentFirst(call, a, run) : customerFirst(call, a, run);
        } catch (CallHangupException e) {
            // a hang-up after the answer was given (during the goodbye) does not change the answer
            String at = run.path.isEmpty() ? "answer" : run.path.get(run.path.size() - 1);
            run.path.add("hung_up");
            if (run.outcome == null) {
                run.outcome = a.leg() == DialRequest.Leg.AGENT ? CallbackAttempt.Outcome.AGENT_UNAVAILABLE
                        : CallbackAttempt.Outcome.HUNG_UP;
                run.detail = (a.leg() == DialRequest.Leg.AGENT ? "agent" : "customer") + " hung up at " + at;
            }
        } catch (CallFailedException e) {
            run.path.add("failed");
            if (run.outcome == null) {
                run.outcome = CallbackAttempt.Outcome.FAILED;
                run.detail = "switch refused: " + e.getMessage();
            }
        } catch (RuntimeException e) {
            run.path.add("failed");
            String why = e.getClass().getSimpleName() + ": " + Pii.text(e.getMessage());
            LOG.error("call {}: callback flow failed: {}", call.id(), why);
            if (run.outcome == null) {
                run.outcome = CallbackAttempt.Outcome.FAILED;
                run.detail = why;
            }
        }
        String attempt = a.attempt().id();
        if (connected) {
            dispatcher.connected(attempt);
        } else {
            dispatcher.notConnected(attempt, run.outcome, run.detail);
        }
        LOG.info("call {}: callback {} attempt {} {} ({})", call.id(), a.request().id(), a.attempt().number(),
                connected ? "connected" : run.outcome.name().toLowerCase(Locale.ROOT), String.join(">", run.path));
        record(call, run, a.request(), a, connected);
    }

    /** Customer first: announce, 1 connects to the reserved agent. */
    private boolean customerFirst(Call call, AnsweredCall a, Run run) {
        run.path.add("announce");
        String key = collect(call, audio.prompt(ANNOUNCE, run.language, Map.of()));
        run.choice = key;
        if (!key.equals("1")) {
            run.path.add("declined");
            run.outcome = CallbackAttempt.Outcome.DECLINED;
            run.detail = key.isEmpty() ? "customer pressed nothing" : "customer pressed " + key;
            call.play(audio.prompt(DECLINED, run.language, Map.of()), "");
            call.hangup();
            return false;
        }
        return connect(call, a, run, a.agent().id(), CONNECTING);
    }

    /** Agent first: preview to the agent, 1 dials the customer. */
    private boolean agentFirst(Call call, AnsweredCall a, Run run) {
        run.path.add("preview");
        Customer c = a.customer();
        var prompt = c == null ? audio.prompt(AGENT_PREVIEW_UNKNOWN, run.language, Map.of())
                : audio.prompt(AGENT_PREVIEW, run.language, Map.of("name", c.name(), "tier",
                        audio.text(TIER_PREFIX + c.tier().name().toLowerCase(Locale.ROOT), run.language)
                                .orElse(c.tier().name())));
        String key = collect(call, prompt);
        run.choice = key;
        if (!key.equals("1")) {
            run.path.add("agent_declined");
            run.outcome = CallbackAttempt.Outcome.AGENT_UNAVAILABLE;
            run.detail = key.isEmpty() ? "agent did not take the preview" : "agent pressed " + key;
            call.hangup();
            return false;
        }
        return connect(call, a, run, a.request().phone(), AGENT_DIALLING);
    }

    /** Tells the dispatcher, then hands the call to the switch to bridge to {@code target}. */
    private boolean connect(Call call, AnsweredCall a, Run run, String target, String prompt) {
        run.path.add("connect");
        if (!dispatcher.connecting(a.attempt().id())) {
            // the attempt timed out or was closed meanwhile: the dispatcher has already recorded it
            run.path.add("too_late");
            run.outcome = CallbackAttempt.Outcome.INTERRUPTED;
            run.detail = "attempt no longer live when the call was to be connected";
            call.play(audio.prompt(APOLOGY, run.language, Map.of()), "");
            call.hangup();
            return false;
        }
        call.play(audio.prompt(prompt, run.language, Map.of()), "");
        call.transfer(target);
        run.path.add("connected");
        run.outcome = CallbackAttempt.Outcome.CONNECTED;
        run.detail = "bridged to " + (a.leg() == DialRequest.Leg.AGENT ? Pii.phone(target) : a.agent().name());
        return true;
    }

    /** One key, two tries; "" when nothing was keyed. */
    private static String collect(Call call, io.frontdoor.ivr.call.Audio prompt) {
        String key = "";
        for (int i = 0; i < TRIES && key.isEmpty(); i++) {
            key = call.collectDigits(prompt, 1, KEY_TIMEOUT);
        }
        return key;
    }

    private void apologise(Call call, Run run, String requestId, String attemptId) {
        Optional<CallbackRequest> request = Optional.empty();
        if (requestId != null && service != null) {
            try {
                request = service.find(requestId);
            } catch (RuntimeException e) {
                LOG.warn("call {}: callback {} not readable: {}", call.id(), requestId, Pii.text(e.getMessage()));
            }
        }
        request.ifPresent(r -> run.language = r.language());
        run.path.add("apology");
        run.outcome = CallbackAttempt.Outcome.FAILED;
        run.detail = "unknown or finished callback attempt " + attemptId;
        try {
            call.answer();
            call.play(audio.prompt(APOLOGY, run.language, Map.of()), "");
            call.hangup();
        } catch (CallHangupException | CallFailedException e) {
            run.path.add("hung_up");
        }
        LOG.info("call {}: callback {} attempt {} is not live: apologised", call.id(), requestId, attemptId);
        record(call, run, request.orElse(null), null, false);
    }

    private void record(Call call, Run run, CallbackRequest r, AnsweredCall a, boolean connected) {
        StringBuilder detail = new StringBuilder("callback ").append(r == null ? "?" : r.id());
        if (a != null) {
            detail.append(" attempt ").append(a.attempt().number());
        }
        detail.append(": ").append(run.outcome.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        if (run.detail != null && !run.detail.isBlank()) {
            detail.append(" (").append(run.detail).append(')');
        }
        Interaction.Builder b = Interaction.builder(call.id(), Interaction.Channel.CALLBACK, run.startedAt)
                .customerId(r == null ? null : r.customerId())
                .phone(r == null ? null : r.phone())
                .flow(FLOW_NAME)
                .language(run.language)
                .endedAt(clock.instant())
                .outcome(connected ? Outcome.CONNECTED : Outcome.NOT_CONNECTED)
                .endStep(run.path.isEmpty() ? null : run.path.get(run.path.size() - 1))
                .path(String.join(">", run.path))
                .choices(run.choice.isEmpty() ? null : (run.path.get(0) + "=" + run.choice))
                .route(a == null ? null : a.agent().id())
                .detail(detail.toString());
        try {
            log.record(b.build());
        } catch (RuntimeException e) {
            LOG.error("could not record callback call {}: {}", call.id(), Pii.text(e.getMessage()));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
