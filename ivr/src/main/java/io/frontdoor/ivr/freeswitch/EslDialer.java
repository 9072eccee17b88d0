package io.frontdoor.ivr.freeswitch;

import io.frontdoor.callback.customer.Pii;
import io.frontdoor.callback.dispatch.DialRequest;
import io.frontdoor.callback.dispatch.DialResult;
import io.frontdoor.callback.dispatch.Dialer;
import io.frontdoor.callback.dispatch.DialerUnavailableException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Dialer} over inbound ESL: one {@code bgapi originate} per attempt, whose answered leg runs
 * the {@code socket} application back to FrontDoor's outbound ESL listener, where the
 * {@code callback} flow runs on it.
 *
 * <p><b>On the wire:</b> {@code bgapi originate {<variables>}<dial string> &socket(<listener> async full)}
 * with the variables {@code frontdoor_flow=callback}, {@value DialRequest#CALLBACK_VARIABLE},
 * {@value DialRequest#ATTEMPT_VARIABLE}, {@value DialRequest#LEG_VARIABLE}, {@code frontdoor_handback}
 * (the dialplan context the callback call is transferred to for its bridge, since an originated
 * call has no dialplan after {@code socket}), {@code originate_timeout} (the ring time) and, when
 * set, {@code origination_caller_id_number}. The dial string of a customer is
 * {@link Options#customerDialString()} with {@code {number}}/{@code {digits}}; of an agent, the agent's
 * contact as mod_callcenter lists it.
 *
 * <p><b>Outcome,</b> from the {@code BACKGROUND_JOB} with the Job-UUID FreeSWITCH gave the bgapi:
 * {@code +OK <uuid>} ANSWERED; {@code -ERR NO_ANSWER}, {@code NO_USER_RESPONSE},
 * {@code ORIGINATOR_CANCEL} and {@code ALLOTTED_TIMEOUT} NO_ANSWER; {@code USER_BUSY} and
 * {@code CALL_REJECTED} BUSY; {@code NORMAL_CIRCUIT_CONGESTION}, {@code SWITCH_CONGESTION} CONGESTION;
 * anything else FAILED, with FreeSWITCH's words as the detail. {@code onResult} runs once, on a
 * virtual thread of its own.
 *
 * <p><b>When things go wrong:</b> not connected, or {@code bgapi} refused: {@link DialerUnavailableException},
 * nothing dialled. No Job-UUID reply in time: the originate may have started, so the attempt waits
 * for its result. The connection drops before the BACKGROUND_JOB: FAILED {@value #CONNECTION_LOST}
 * (FreeSWITCH does not cancel the originate, and does not replay the result to the next session).
 * No result within ring time + grace: FAILED {@value #NO_RESPONSE}.
 */
public final class EslDialer implements Dialer, EslConnection.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EslDialer.class);
    public static final String CONNECTION_LOST = "ESL connection lost";
    public static final String NO_RESPONSE = "no BACKGROUND_JOB";
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{2,15}");
    /** A dial string: no spaces, nothing that opens another leg or variable block. */
    private static final Pattern CONTACT = Pattern.compile("(\\[[^\\]\\s{}]*])?[A-Za-z0-9]+/[^\\s&,|{}'\\[\\]]+");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.:+@-]+");

    /**
     * @param customerDialString dial string of a customer with {@code {number}} or {@code {digits}},
     *                           e.g. {@code sofia/gateway/carrier/{digits}}
     * @param socket             FrontDoor's outbound ESL listener as FreeSWITCH reaches it ({@code 127.0.0.1:8084})
     * @param handbackContext    the dialplan context a callback call is transferred to for its bridge
     * @param resultGrace        how long after the ring time a BACKGROUND_JOB is still awaited
     */
    public record Options(String customerDialString, String socket, String handbackContext, Duration resultGrace) {
        public Options {
            Objects.requireNonNull(customerDialString, "customerDialString");
            if (!customerDialString.contains("/")
                    || !(customerDialString.contains("{number}") || customerDialString.contains("{digits}"))) {
                throw new IllegalArgumentException("customer dial string needs an endpoint and {number} or {digits}: "
                        + customerDialString);
            }
            if (!WORD.matcher(socket).matches() || !WORD.matcher(handbackContext).matches()) {
                throw new IllegalArgumentException("bad socket or hand-back context: " + socket + " " + handbackContext);
            }
            Objects.requireNonNull(resultGrace, "resultGrace");
        }

        public static Options defaults() {
            return new Options("loopback/{digits}/frontdoor-outbound", "127.0.0.1:8084", "frontdoor-handback",
                    Duration.ofSeconds(30));
        }
    }

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

    private final EslConnection connection;
    private final Options options;
    /** Job-UUID → attempt. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Results that came before their bgapi reply was read (Job-UUID → body), kept briefly. */
    private final Map<String, String> early = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timers;

    public EslDialer(EslConnection connection, Options options) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.options = Objects.requireNonNull(options, "options");
        timers = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("esl-dial-deadline").factory());
        timers.setRemoveOnCancelPolicy(true);
        connection.addListener(this);
    }

    @Override
    public void dial(DialRequest request, Consumer<DialResult> onResult) {
        Objects.requireNonNull(onResult, "onResult");
        String command = originate(request);
        if (!connection.isConnected()) {
            throw new DialerUnavailableException("ESL not connected; attempt " + request.attemptId() + " not dialled");
        }
        Pending p = new Pending(request, onResult, connection.epoch());
        String job;
        try {
            job = connection.bgapi(command);
        } catch (EslCommandException e) {
            if (e.kind() == EslCommandException.Kind.NO_REPLY) {
                // it may be ringing: without its Job-UUID only the deadline settles it
                log.warn("originate {} to {}: {}; outcome unknown", request.attemptId(), masked(request), e.getMessage());
                schedule(request.attemptId() + "?", p);
                pending.put(request.attemptId() + "?", p);
                return;
            }
            throw new DialerUnavailableException("originate " + request.attemptId() + " not placed: " + e.getMessage(), e);
        }
        pending.put(job, p);
        schedule(job, p);
        log.info("originate {} queued as job {}: {} leg, {}", request.attemptId(), job, request.leg(), masked(request));
        String result = early.remove(job);
        if (result != null) {
            finish(job, result);
        }
    }

    private void schedule(String key, Pending p) {
        Duration bound = p.request.timeout().plus(options.resultGrace());
        p.deadline = timers.schedule(() -> finish(key, p, DialResult.Outcome.FAILED,
                NO_RESPONSE + " within " + bound.toMillis() + " ms"), bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The originate command (without {@code bgapi}), checked so nothing but one leg is ever dialled. */
    String originate(DialRequest r) {
        for (String v : new String[] {r.attemptId(), r.callbackId()}) {
            if (!WORD.matcher(v).matches()) {
                throw new IllegalArgumentException("bad id for a channel variable: " + v);
            }
        }
        StringBuilder vars = new StringBuilder("{frontdoor_flow=callback");
        vars.append(',').append(DialRequest.CALLBACK_VARIABLE).append('=').append(r.callbackId());
        vars.append(',').append(DialRequest.ATTEMPT_VARIABLE).append('=').append(r.attemptId());
        vars.append(',').append(DialRequest.LEG_VARIABLE).append('=').append(r.leg().name().toLowerCase(Locale.ROOT));
        vars.append(",frontdoor_handback=").append(options.handbackContext());
        vars.append(",originate_timeout=").append(Math.max(1, r.timeout().toSeconds()));
        if (!r.callerId().isEmpty()) {
            if (!NUMBER.matcher(r.callerId()).matches()) {
                throw new IllegalArgumentException("caller ID is not a number: " + r.callerId());
            }
            vars.append(",origination_caller_id_number=").append(r.callerId());
        }
        vars.append('}');
        return "originate " + vars + dialString(r) + " &socket(" + options.socket() + " async full)";
    }

    String dialString(DialRequest r) {
        String d = r.destination();
        if (r.leg() == DialRequest.Leg.AGENT) {
            if (!CONTACT.matcher(d).matches()) {
                throw new IllegalArgumentException("not an agent contact: " + d);
            }
            return d;
        }
        if (!NUMBER.matcher(d).matches()) {
            throw new IllegalArgumentException("not an E.164 number: " + Pii.phone(d));
        }
        String digits = d.startsWith("+") ? d.substring(1) : d;
        return options.customerDialString().replace("{number}", d).replace("{digits}", digits);
    }

    @Override
    public void event(EslMessage event) {
        if (!"BACKGROUND_JOB".equals(event.header("Event-Name")) || !"originate".equals(event.header("Job-Command"))) {
            return;
        }
        String job = event.header("Job-UUID");
        if (job == null) {
            return;
        }
        String body = event.bodyText().strip();
        if (pending.containsKey(job)) {
            finish(job, body);
        } else {
            early.put(job, body);
            timers.schedule(() -> early.remove(job), 60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void disconnected() {
        long now = connection.epoch();
        pending.forEach((job, p) -> {
            if (p.epoch < now) {
                finish(job, p, DialResult.Outcome.FAILED, CONNECTION_LOST
                        + " before the BACKGROUND_JOB; the call may still be ringing or up on FreeSWITCH");
            }
        });
    }

    private void finish(String job, String body) {
        Pending p = pending.get(job);
        if (p != null) {
            finish(job, p, outcome(body), "BACKGROUND_JOB " + body);
        }
    }

    static DialResult.Outcome outcome(String body) {
        if (body.startsWith("+OK")) {
            return DialResult.Outcome.ANSWERED;
        }
        String cause = body.startsWith("-ERR") ? body.substring(4).strip() : body;
        return switch (cause) {
            case "NO_ANSWER", "NO_USER_RESPONSE", "ORIGINATOR_CANCEL", "ALLOTTED_TIMEOUT", "RECOVERY_ON_TIMER_EXPIRE" ->
                    DialResult.Outcome.NO_ANSWER;
            case "USER_BUSY", "CALL_REJECTED" -> DialResult.Outcome.BUSY;
            case "NORMAL_CIRCUIT_CONGESTION", "SWITCH_CONGESTION", "NETWORK_OUT_OF_ORDER" -> DialResult.Outcome.CONGESTION;
            default -> DialResult.Outcome.FAILED;
        };
    }

    private void finish(String key, Pending p, DialResult.Outcome outcome, String detail) {
        if (!pending.remove(key, p)) {
            return;
        }
        if (p.deadline != null) {
            p.deadline.cancel(false);
        }
        DialResult result = new DialResult(p.request.attemptId(), outcome, detail);
        if (outcome == DialResult.Outcome.FAILED) {
            log.warn("originate {} to {}: {} ({})", p.request.attemptId(), masked(p.request), outcome, detail);
        } else {
            log.info("originate {} to {}: {} ({})", p.request.attemptId(), masked(p.request), outcome, detail);
        }
        Thread.ofVirtual().name("esl-dial-result").start(() -> {
            try {
                p.onResult.accept(result);
            } catch (RuntimeException e) {
                log.error("dial result handler failed for attempt {}", p.request.attemptId(), e);
            }
        });
    }

    /** Attempts dialling now. */
    public int pendingAttempts() {
        return pending.size();
    }

    @Override
    public void close() {
        connection.removeListener(this);
        pending.forEach((job, p) -> finish(job, p, DialResult.Outcome.FAILED,
                "dialer closed before the BACKGROUND_JOB; the call may still be in progress on FreeSWITCH"));
        timers.shutdown();
    }

    private static String masked(DialRequest r) {
        return r.leg() == DialRequest.Leg.CUSTOMER ? Pii.phone(r.destination()) : r.destination();
    }
}
