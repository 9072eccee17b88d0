package io.frontdoor.ivr.asterisk.ami.peer;

import java.time.Duration;
import java.util.List;

/**
 * What happens to an originated call, chosen by the test per dialled channel: the
 * {@code OriginateResponse} reason code (Asterisk's AST_CONTROL_* values, as recorded in ami-03,
 * ami-04 and ami-05), after how long, and optionally channel events to replay verbatim before
 * and after it (the peer does not model Newchannel, Dial*, Hangup and friends).
 *
 * @param reason {@code Reason:} value: 4 answered, 3 no answer/timeout, 5 busy, 8 congestion, 0 no such
 *               extension; {@value #LOST} (not an Asterisk code) sends no OriginateResponse at all
 * @param delay how long after the {@code queued} response the OriginateResponse follows
 * @param eventsBefore raw event messages (CRLF, blank line included) sent before the OriginateResponse
 * @param eventsAfter raw event messages sent after it
 */
public record OriginateOutcome(int reason, Duration delay, List<String> eventsBefore, List<String> eventsAfter) {

    /** The {@link #reason} of {@link #lost()}: nothing is sent after the queued response. */
    public static final int LOST = -1;

    /** The far end answered: {@code Response: Success}, {@code Reason: 4}. */
    public static OriginateOutcome answered() {
        return new OriginateOutcome(4, Duration.ZERO, List.of(), List.of());
    }

    /** Nobody answered within the Timeout: {@code Reason: 3} (also without Ringing, per ami-05). */
    public static OriginateOutcome noAnswer() {
        return new OriginateOutcome(3, Duration.ZERO, List.of(), List.of());
    }

    /** The far end was busy: {@code Reason: 5}. */
    public static OriginateOutcome busy() {
        return new OriginateOutcome(5, Duration.ZERO, List.of(), List.of());
    }

    /** The network was congested: {@code Reason: 8} (AST_CONTROL_CONGESTION; not recorded, same framing). */
    public static OriginateOutcome congestion() {
        return new OriginateOutcome(8, Duration.ZERO, List.of(), List.of());
    }

    /**
     * No OriginateResponse ever follows the queued response, as when the event is lost: for
     * testing a client's own upper bound. Not something a healthy Asterisk does.
     */
    public static OriginateOutcome lost() {
        return new OriginateOutcome(LOST, Duration.ZERO, List.of(), List.of());
    }

    /** The extension does not exist: {@code Reason: 0}, {@code Uniqueid: <unknown>} (ami-04). */
    public static OriginateOutcome noSuchExtension() {
        return new OriginateOutcome(0, Duration.ZERO, List.of(), List.of());
    }

    /** The same outcome, reported after {@code delay}. */
    public OriginateOutcome after(Duration delay) {
        return new OriginateOutcome(reason, delay, eventsBefore, eventsAfter);
    }

    /** The same outcome, surrounded by raw events replayed verbatim. */
    public OriginateOutcome withEvents(List<String> before, List<String> after) {
        return new OriginateOutcome(reason, delay, List.copyOf(before), List.copyOf(after));
    }

    boolean success() {
        return reason == 4;
    }

    boolean lostResponse() {
        return reason == LOST;
    }
}
