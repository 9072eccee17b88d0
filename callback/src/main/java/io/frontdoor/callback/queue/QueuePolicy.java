package io.frontdoor.callback.queue;

import io.frontdoor.callback.schedule.BusinessCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How callbacks of one agent queue are run: dial mode, opening hours, retries, expiry.
 *
 * @param queue          queue name (as on the switch)
 * @param mode           who is called first
 * @param calendar       when the queue's agents work; nothing is dialled outside it
 * @param zone           time zone of the calendar
 * @param retryDelays    delay before each retry after a failed attempt; attempts = retries + 1
 * @param ringTimeout    how long a callback call rings
 * @param maxAge         an open request older than this is closed as expired
 * @param callerId       caller ID presented on callbacks (the hotline number), may be empty
 * @param slotLength     length of the time slots offered for a timed callback
 */
public record QueuePolicy(String queue, Mode mode, BusinessCalendar calendar, ZoneId zone, List<Duration> retryDelays,
        Duration ringTimeout, Duration maxAge, String callerId, Duration slotLength) {

    /** Customer first (default): dial the customer, then bridge the agent. Agent first: preview. */
    public enum Mode { CUSTOMER_FIRST, AGENT_FIRST }

    public QueuePolicy {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(calendar, "calendar");
        Objects.requireNonNull(zone, "zone");
        retryDelays = List.copyOf(retryDelays);
        callerId = callerId == null ? "" : callerId;
    }

    /** Attempts a request gets before it is closed as missed. */
    public int maxAttempts() {
        return retryDelays.size() + 1;
    }

    /** Whether the queue is open at an instant. */
    public boolean isOpen(Instant at) {
        return calendar.isOpen(at.atZone(zone).toLocalDateTime());
    }

    /** {@code at} when open, else the next opening time (empty when it never opens within a year). */
    public Optional<Instant> nextOpen(Instant at) {
        return calendar.nextOpen(at.atZone(zone).toLocalDateTime()).map(t -> t.atZone(zone).toInstant());
    }
}
