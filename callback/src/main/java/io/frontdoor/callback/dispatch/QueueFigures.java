package io.frontdoor.callback.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Live figures of one switch queue (Asterisk QueueSummary/QueueStatus and queue events).
 *
 * @param queue        queue name
 * @param loggedIn     members logged in (paused or not)
 * @param available    members free to take a call now
 * @param averageHold  the switch's average hold time
 * @param averageTalk  the switch's average talk time
 * @param liveCallers  callers waiting on the line in the switch queue, head first
 * @param known        false when the switch could not be asked (disconnected): figures are zeros
 */
public record QueueFigures(String queue, int loggedIn, int available, Duration averageHold, Duration averageTalk,
        List<LiveCaller> liveCallers, boolean known) {

    /** A caller waiting on the line in the switch's queue. */
    public record LiveCaller(String callId, Instant arrivedAt, int priority) {
    }

    public QueueFigures {
        liveCallers = List.copyOf(liveCallers);
    }

    public static QueueFigures unknown(String queue) {
        return new QueueFigures(queue, 0, 0, Duration.ZERO, Duration.ZERO, List.of(), false);
    }
}
