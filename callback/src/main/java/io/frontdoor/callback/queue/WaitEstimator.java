package io.frontdoor.callback.queue;

import io.frontdoor.callback.dispatch.QueueFigures;
import java.time.Duration;

/**
 * Expected wait from the switch's live queue figures: the callers ahead are served by the agents
 * logged in, each call taking the queue's average talk time. {@code ewt = ceil(position / agents)
 * × talk time}, where the talk time is the switch's average, or the configured default while the
 * switch has no history. With no agent logged in the wait is unknown, reported as {@link #UNKNOWN}.
 */
public final class WaitEstimator {
    /** Reported when no agent is logged in or the switch cannot say. */
    public static final Duration UNKNOWN = Duration.ofHours(1);

    private final Duration defaultTalk;

    /** @param defaultTalk talk time assumed while the switch reports none */
    public WaitEstimator(Duration defaultTalk) {
        this.defaultTalk = defaultTalk;
    }

    /** Expected wait of the caller at {@code position} (1 = next). */
    public Duration estimate(QueueFigures figures, int position) {
        if (!figures.known() || figures.loggedIn() == 0) {
            return UNKNOWN;
        }
        if (position <= figures.available()) {
            return Duration.ZERO;
        }
        Duration talk = figures.averageTalk().isZero() ? defaultTalk : figures.averageTalk();
        long rounds = (position - figures.available() + figures.loggedIn() - 1) / figures.loggedIn();
        return talk.multipliedBy(rounds);
    }
}
