package io.frontdoor.ivr.flow;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionLog;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.customer.Pii;
import io.frontdoor.callback.dispatch.CallbackDispatcher;
import io.frontdoor.callback.dispatch.CallbackService;
import io.frontdoor.ivr.call.Call;
import io.frontdoor.ivr.call.CallHandler;
import io.frontdoor.ivr.call.CallHangupException;
import io.frontdoor.ivr.caller.Caller;
import io.frontdoor.ivr.caller.CallerIdentifier;
import io.frontdoor.ivr.speech.AudioCatalog;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a dialplan flow on each inbound call: picks the flow, identifies the caller, answers, then
 * runs steps until one ends the flow, and records the call on the customer's timeline. A hang-up
 * is caught here and nowhere else; the step running at that moment is where the call ended.
 *
 * <p>On failure (switch error, step budget used up) the call is left to the switch, whose own
 * dialplan continues after FrontDoor returns; the interaction says FAILED and why.
 *
 * <p>A call the switch starts with the flow name {@value CallbackCallFlow#FLOW_NAME} is the
 * answered leg of a callback: it goes to {@link CallbackCallFlow}, not to a dialplan.
 */
public final class FlowRunner implements CallHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FlowRunner.class);
    /** Steps a call may take before it is deemed stuck in a loop. */
    public static final int DEFAULT_STEP_BUDGET = 200;

    private final DialplanRegistry registry;
    private final CallerIdentifier identifier;
    private final AudioCatalog audio;
    private final InteractionLog log;
    private final Clock clock;
    private final int stepBudget;
    private final CallbackService callbacks;
    private final CallbackCallFlow callbackFlow;
    private volatile SmsSender sms;
    private volatile NumberVerifier verifier;
    private volatile io.frontdoor.ivr.speech.RecognizerPool speech;

    /**
     * @param stepBudget most steps one call may take (menus re-entered count each time); a call
     *                   that needs more ends FAILED
     */
    public FlowRunner(DialplanRegistry registry, CallerIdentifier identifier, AudioCatalog audio,
            InteractionLog log, Clock clock, int stepBudget) {
        this(registry, identifier, audio, log, clock, stepBudget, null, null);
    }

    /**
     * With callbacks: {@code offer_callback} steps use {@code callbacks}, and answered callback
     * calls (flow {@value CallbackCallFlow#FLOW_NAME}) are run against {@code dispatcher}. Either
     * may be {@code null} when callbacks are off: offers then go to their {@code declined} step and
     * a callback call is apologised to and hung up.
     */
    public FlowRunner(DialplanRegistry registry, CallerIdentifier identifier, AudioCatalog audio,
            InteractionLog log, Clock clock, int stepBudget, CallbackService callbacks,
            CallbackDispatcher dispatcher) {
        this.callbacks = callbacks;
        this.callbackFlow = new CallbackCallFlow(dispatcher, callbacks, audio, log, clock);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.identifier = Objects.requireNonNull(identifier, "identifier");
        this.audio = Objects.requireNonNull(audio, "audio");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (stepBudget < 1) {
            throw new IllegalArgumentException("stepBudget must be at least 1, not " + stepBudget);
        }
        this.stepBudget = stepBudget;
    }

    /** As above with the default budget of {@value #DEFAULT_STEP_BUDGET} steps. */
    public FlowRunner(DialplanRegistry registry, CallerIdentifier identifier, AudioCatalog audio,
            InteractionLog log, Clock clock) {
        this(registry, identifier, audio, log, clock, DEFAULT_STEP_BUDGET);
    }

    /** Lets {@code sms} steps send through {@code sender}; without it they note "off" and go on. */
    public FlowRunner sms(SmsSender sender) {
        this.sms = sender;
        return this;
    }

    /** Lets menus with spoken choices recognise speech with {@code pool}; without it they take keys only. */
    public FlowRunner speech(io.frontdoor.ivr.speech.RecognizerPool pool) {
        this.speech = pool;
        return this;
    }

    /** Lets callback offers prove a number not on file with an SMS code. */
    public FlowRunner verifier(NumberVerifier v) {
        this.verifier = v;
        return this;
    }

    @Override
    public void handle(Call call) {
        if (CallbackCallFlow.FLOW_NAME.equals(call.requestedFlow())) {
            callbackFlow.handle(call);
            return;
        }
        Instant startedAt = clock.instant();
        // captured once: a reload during the call does not change the flow it runs
        Optional<Dialplan> flow = registry.forCall(call.requestedFlow(), call.dialledNumber());
        if (flow.isEmpty()) {
            LOG.error("call {}: no flow for requested '{}' or dialled {}, and no '{}' flow", call.id(),
                    call.requestedFlow(), Pii.phone(call.dialledNumber()), DialplanRegistry.DEFAULT_FLOW);
            record(Interaction.builder(call.id(), Interaction.Channel.VOICE, startedAt)
                    .dialled(call.dialledNumber()).endedAt(clock.instant())
                    .outcome(Outcome.FAILED).detail("no dialplan flow for this call"));
            return;
        }
        CallSession session = new CallSession(call, flow.get(), identify(call), audio, identifier, clock,
                callbacks);
        session.sms(sms);
        session.verifier(verifier);
        session.speech(speech);
        String detail = null;
        try {
            call.answer();
            run(session);
        } catch (CallHangupException e) {
            if (e instanceof io.frontdoor.ivr.call.CallerLeftQueueException) {
                detail = e.getMessage(); // which queue and how long they waited
            }
            session.finish(Outcome.CALLER_HUNG_UP, session.route(), false);
        } catch (RuntimeException e) {
            detail = e.getClass().getSimpleName() + ": " + Pii.text(e.getMessage());
            LOG.error("call {} flow '{}' failed at step '{}': {}", call.id(), flow.get().name(),
                    session.currentStep(), detail);
            session.finish(Outcome.FAILED, session.route(), false);
        }
        LOG.info("call {} flow '{}' ended {} at '{}' after {} steps", call.id(), flow.get().name(),
                session.outcome(), session.currentStep(), session.steps());
        record(interaction(session, startedAt, detail));
    }

    /** The session loop: next step, execute, repeat, within the step budget. */
    private void run(CallSession session) {
        Dialplan flow = session.flow();
        String next = flow.start();
        while (!Step.END.equals(next)) {
            if (session.steps() >= stepBudget) {
                throw new IllegalStateException("step budget of " + stepBudget + " steps used up before step '"
                        + next + "' (is the flow looping?)");
            }
            Step step = flow.step(next);
            session.enter(next);
            next = step.execute(session);
        }
        if (session.outcome() == null) {
            // the flow ran out of steps without hanging up: the switch's dialplan takes over
            session.finish(Outcome.COMPLETED, "", true);
        }
    }

    private Caller identify(Call call) {
        try {
            return identifier.identify(call);
        } catch (RuntimeException e) {
            // the identifier promises not to throw; a call must still be served if it does
            LOG.warn("call {}: caller identification failed, treating caller as unknown: {}", call.id(),
                    Pii.text(e.getMessage()));
            return Caller.unknown(null, "identification failed");
        }
    }

    private Interaction.Builder interaction(CallSession s, Instant startedAt, String detail) {
        Caller caller = s.caller();
        return Interaction.builder(s.call().id(), Interaction.Channel.VOICE, startedAt)
                .customerId(caller.customer() == null ? null : caller.customer().id())
                .phone(caller.number())
                .dialled(s.call().dialledNumber())
                .flow(s.flow().name())
                .language(s.language())
                .greeting(caller.greeting().label())
                .endedAt(clock.instant())
                .outcome(s.outcome())
                .endStep(s.currentStep())
                .path(s.pathText())
                .choices(s.choicesText())
                .route(s.route().isEmpty() ? null : s.route())
                .detail(detail);
    }

    private void record(Interaction.Builder interaction) {
        try {
            log.record(interaction.build());
        } catch (RuntimeException e) {
            LOG.error("could not record interaction: {}", Pii.text(e.getMessage()));
        }
    }
}
