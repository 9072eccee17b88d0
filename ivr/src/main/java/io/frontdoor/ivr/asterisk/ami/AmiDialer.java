package io.frontdoor.ivr.asterisk.ami;

import io.frontdoor.callback.customer.Pii;
import io.frontdoor.callback.dispatch.DialRequest;
import io.frontdoor.callback.dispatch.DialResult;
import io.frontdoor.callback.dispatch.Dialer;
import io.frontdoor.callback.dispatch.DialerUnavailableException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Dialer} over AMI: one async {@code Originate} per attempt, into the dialplan context that
 * runs FrontDoor's {@code callback} flow over FastAGI (see {@code dialplans/asterisk/}).
 *
 * <p><b>On the wire:</b> {@code ActionID} = the attempt id; {@code Channel} = for the customer leg
 * {@link Options#customerChannel()} with {@code {number}} replaced by the E.164 number and
 * {@code {digits}} by the same without {@code +}, for the agent leg the agent's interface as is;
 * {@code Context}/{@code Exten}/{@code Priority} from {@link Options}; {@code Timeout} = the
 * request's ring timeout; {@code CallerID} = the request's caller ID when set; {@code Async: true};
 * and the variables {@value DialRequest#CALLBACK_VARIABLE}, {@value DialRequest#ATTEMPT_VARIABLE}
 * and {@value DialRequest#LEG_VARIABLE} ({@code customer} or {@code agent}).
 *
 * <p><b>Outcome,</b> from the {@code OriginateResponse} event with the same ActionID: Reason 4
 * (answered) ANSWERED, 3 (rang out; also sent when the far end never rang) NO_ANSWER, 5 BUSY, 8
 * CONGESTION, anything else (0: no such extension or the channel could not be made, 1: hung up
 * before answer) FAILED. {@code onResult} is called exactly once per attempt, on a virtual thread of
 * its own, never on asterisk-java's threads.
 *
 * <p><b>When things go wrong:</b>
 * <ul>
 *   <li>Not logged in, or {@code Response: Error} to the Originate: {@link DialerUnavailableException}
 *       from {@link #dial}; nothing was dialled and {@code onResult} is never called.</li>
 *   <li>No reply to the Originate within the action timeout: the call may have been queued, so
 *       {@code dial} returns normally and the attempt waits for its OriginateResponse.</li>
 *   <li>The AMI session drops before the OriginateResponse: FAILED with a detail starting
 *       {@value #CONNECTION_LOST}. Asterisk does not cancel an Originate when the manager session
 *       that sent it goes away, so the call may still ring, and if answered run the callback flow:
 *       the flow must check that its attempt is still open. The result of that call is not
 *       learnt over AMI after a reconnect (OriginateResponse is not replayed).</li>
 *   <li>No OriginateResponse within ring timeout + {@link Options#responseGrace()}: FAILED
 *       {@value #NO_RESPONSE}.</li>
 * </ul>
 */
public final class AmiDialer implements Dialer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AmiDialer.class);

    /** Detail prefix of an attempt failed because the AMI session dropped before its outcome. */
    public static final String CONNECTION_LOST = "AMI connection lost";
    /** Detail prefix of an attempt failed because Asterisk never reported its outcome. */
    public static final String NO_RESPONSE = "no OriginateResponse";

    /** An E.164 number with or without its {@code +}; nothing else may reach a dial string. */
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{2,15}");
    /** An interface: no spaces, and none of {@code & , |} that would dial several channels or split arguments. */
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9]+/[^\\s&,|]+");

    /**
     * Where the calls go.
     *
     * @param customerChannel dial string of a customer leg, with {@code {number}} (E.164, with
     *                        {@code +}) or {@code {digits}} (without), e.g. {@code PJSIP/{digits}@trunk}
     * @param context         dialplan context an answered call enters (runs the callback flow)
     * @param exten           extension in that context
     * @param priority        priority in that context
     * @param responseGrace   how long after the ring timeout an OriginateResponse is still awaited
     */
    public record Options(String customerChannel, String context, String exten, int priority, Duration responseGrace) {
        public Options {
            Objects.requireNonNull(customerChannel, "customerChannel");
            if (!customerChannel.contains("/")
                    || !(customerChannel.contains("{number}") || customerChannel.contains("{digits}"))) {
                throw new IllegalArgumentException(
                        "customerChannel needs a technology and {number} or {digits}: " + customerChannel);
            }
            requireWord(context, "context");
            requireWord(exten, "exten");
            if (priority < 1) {
                throw new IllegalArgumentException("priority must be 1 or more");
            }
            Objects.requireNonNull(responseGrace, "responseGrace");
        }

        /** {@code Local/{number}@frontdoor-outbound}, {@code frontdoor-callback,s,1}, 30 s grace. */
        public static Options defaults() {
            return new Options("Local/{number}@frontdoor-outbound", "frontdoor-callback", "s", 1, Duration.ofSeconds(30));
        }

        /** The same options with another customer dial string template. */
        public Options withCustomerChannel(String template) {
            return new Options(template, context, exten, priority, responseGrace);
        }

        /** The same options with another context, extension and priority for answered calls. */
        public Options withTarget(String newContext, String newExten, int newPriority) {
            return new Options(customerChannel, newContext, newExten, newPriority, responseGrace);
        }

        /** The same options with another wait for a late OriginateResponse. */
        public Options withResponseGrace(Duration grace) {
            return new Options(customerChannel, context, exten, priority, grace);
        }

        private static void requireWord(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isBlank() || !value.matches("[A-Za-z0-9_+.-]+")) {
                throw new IllegalArgumentException("bad " + name + ": " + value);
            }
        }
    }

    /** One attempt between dial and its result; whoever removes it from the map reports it. */
    private static final class Pending {
        final DialRequest request;
        final Consumer<DialResult> onResult;
        final long epoch;
        volatile ScheduledFuture<?> deadline;

        Pending(DialRequest request, Consumer<DialResult> onResult, long epoch) {
            this.request = request;
            this.onResult = onResult;
            this.epoch = epoch;
        }
    }

    private final AmiConnection connection;
    private final Options options;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor deadlines;
    private final Executor results;
    private final AmiConnection.Listener connectionListener = new AmiConnection.Listener() {
        @Override
        public void disconnected() {
            onDisconnected();
        }

        @Override
        public void event(ManagerEvent event) {
            if (event instanceof OriginateResponseEvent response) {
                onOriginateResponse(response);
            }
        }
    };

    /** A dialer with {@link Options#defaults()}. */
    public AmiDialer(AmiConnection connection) {
        this(connection, Options.defaults());
    }

    /** Dials through {@code connection}; add it before the connection starts. */
    public AmiDialer(AmiConnection connection, Options options) {
        this(connection, options, task -> Thread.ofVirtual().name("ami-dial-result").start(task));
    }

    /** As above, with the executor {@code onResult} runs on (tests pass a direct one). */
    AmiDialer(AmiConnection connection, Options options, Executor results) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.options = Objects.requireNonNull(options, "options");
        this.results = Objects.requireNonNull(results, "results");
        deadlines = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("ami-dial-deadline").factory());
        deadlines.setRemoveOnCancelPolicy(true);
        connection.addListener(connectionListener);
    }

    @Override
    public void dial(DialRequest request, Consumer<DialResult> onResult) {
        Objects.requireNonNull(onResult, "onResult");
        String channel = channel(request);
        requireOneLine(request.callerId(), "callerId");
        requireOneLine(request.attemptId(), "attemptId");
        requireOneLine(request.callbackId(), "callbackId");
        String id = request.attemptId();
        if (!connection.isConnected()) {
            throw new DialerUnavailableException("AMI not connected; attempt " + id + " not dialled");
        }
        Pending p = new Pending(request, onResult, connection.epoch());
        if (pending.putIfAbsent(id, p) != null) {
            throw new IllegalStateException("attempt " + id + " is already being dialled");
        }
        // Registered before sending: the OriginateResponse may come before send() returns.
        Duration bound = request.timeout().plus(options.responseGrace());
        p.deadline = deadlines.schedule(() -> finish(id, p, DialResult.Outcome.FAILED,
                NO_RESPONSE + " within " + bound.toMillis() + " ms"), bound.toMillis(), TimeUnit.MILLISECONDS);

        OriginateAction originate = new OriginateAction();
        originate.setActionId(id);
        originate.setChannel(channel);
        originate.setContext(options.context());
        originate.setExten(options.exten());
        originate.setPriority(options.priority());
        originate.setTimeout(request.timeout().toMillis());
        if (!request.callerId().isEmpty()) {
            originate.setCallerId(request.callerId());
        }
        originate.setAsync(Boolean.TRUE);
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(DialRequest.CALLBACK_VARIABLE, request.callbackId());
        variables.put(DialRequest.ATTEMPT_VARIABLE, id);
        variables.put(DialRequest.LEG_VARIABLE, request.leg().name().toLowerCase(Locale.ROOT));
        originate.setVariables(variables);
        try {
            connection.send(originate, p.epoch);
        } catch (AmiActionException e) {
            if (e.kind() == AmiActionException.Kind.NO_RESPONSE) {
                // It may have been queued: the OriginateResponse, a drop or the deadline settles it.
                log.warn("Originate {} to {}: {}; outcome pending", id, masked(request), e.getMessage());
                return;
            }
            if (pending.remove(id, p)) {
                p.deadline.cancel(false);
                log.warn("Originate {} to {} not placed: {}", id, masked(request), e.getMessage());
                throw new DialerUnavailableException(e.getMessage(), e);
            }
            return; // The drop was already reported to onResult.
        }
        log.info("Originate {} queued: {} leg, {} via {}", id, request.leg(), masked(request), maskedChannel(request, channel));
    }

    /** Reports FAILED for attempts still open and stops the deadline thread. */
    @Override
    public void close() {
        connection.removeListener(connectionListener);
        pending.forEach((id, p) -> finish(id, p, DialResult.Outcome.FAILED,
                "dialer closed before the OriginateResponse; the call may still be in progress on Asterisk"));
        deadlines.shutdown();
    }

    /** Attempts dialling now (for health pages and tests). */
    public int pendingAttempts() {
        return pending.size();
    }

    private void onOriginateResponse(OriginateResponseEvent event) {
        String id = event.getActionId();
        Pending p = id == null ? null : pending.get(id);
        if (p == null) {
            // Another client's Originate, or one already reported (lost connection, deadline).
            log.debug("OriginateResponse for unknown ActionID {}", id);
            return;
        }
        Integer reason = event.getReason();
        boolean success = "Success".equalsIgnoreCase(event.getResponse());
        DialResult.Outcome outcome = outcome(success, reason);
        String detail = "OriginateResponse " + event.getResponse() + ", Reason " + reason + " (" + meaning(reason) + ")";
        finish(id, p, outcome, detail);
    }

    private void onDisconnected() {
        long now = connection.epoch();
        pending.forEach((id, p) -> {
            if (p.epoch < now) {
                finish(id, p, DialResult.Outcome.FAILED, CONNECTION_LOST
                        + " before the OriginateResponse; the call may still be ringing or up on Asterisk");
            }
        });
    }

    private void finish(String id, Pending p, DialResult.Outcome outcome, String detail) {
        if (!pending.remove(id, p)) {
            return;
        }
        ScheduledFuture<?> deadline = p.deadline;
        if (deadline != null) {
            deadline.cancel(false);
        }
        DialResult result = new DialResult(id, outcome, detail);
        if (outcome == DialResult.Outcome.FAILED) {
            log.warn("Originate {} to {}: {} ({})", id, masked(p.request), outcome, detail);
        } else {
            log.info("Originate {} to {}: {} ({})", id, masked(p.request), outcome, detail);
        }
        results.execute(() -> {
            try {
                p.onResult.accept(result);
            } catch (RuntimeException e) {
                log.error("Dial result handler failed for attempt {}", id, e);
            }
        });
    }

    static DialResult.Outcome outcome(boolean success, Integer reason) {
        int code = reason == null ? -1 : reason;
        return switch (code) {
            case 4 -> success ? DialResult.Outcome.ANSWERED : DialResult.Outcome.FAILED;
            case 3 -> DialResult.Outcome.NO_ANSWER;
            case 5 -> DialResult.Outcome.BUSY;
            case 8 -> DialResult.Outcome.CONGESTION;
            default -> DialResult.Outcome.FAILED;
        };
    }

    /** Asterisk's AST_CONTROL_* codes as Originate reports them. */
    private static String meaning(Integer reason) {
        int code = reason == null ? -1 : reason;
        return switch (code) {
            case 0 -> "failed: no such extension, or the channel could not be created";
            case 1 -> "hung up before answer";
            case 3 -> "no answer";
            case 4 -> "answered";
            case 5 -> "busy";
            case 8 -> "congestion";
            default -> "unexpected reason";
        };
    }

    /** The dial string of a request, checked so that nothing but one channel is ever dialled. */
    String channel(DialRequest request) {
        String destination = request.destination();
        if (request.leg() == DialRequest.Leg.AGENT) {
            if (!INTERFACE.matcher(destination).matches()) {
                throw new IllegalArgumentException("not an agent interface: " + destination);
            }
            return destination;
        }
        if (!NUMBER.matcher(destination).matches()) {
            throw new IllegalArgumentException("not an E.164 number: " + Pii.phone(destination));
        }
        String digits = destination.startsWith("+") ? destination.substring(1) : destination;
        return options.customerChannel().replace("{number}", destination).replace("{digits}", digits);
    }

    private static String masked(DialRequest request) {
        return request.leg() == DialRequest.Leg.CUSTOMER ? Pii.phone(request.destination()) : request.destination();
    }

    private String maskedChannel(DialRequest request, String channel) {
        if (request.leg() == DialRequest.Leg.AGENT) {
            return channel;
        }
        String number = Pii.phone(request.destination());
        return options.customerChannel().replace("{number}", number)
                .replace("{digits}", number.startsWith("+") ? number.substring(1) : number);
    }

    private static void requireOneLine(String value, String name) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(name + " must be one line");
        }
    }
}
