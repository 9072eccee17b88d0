package io.frontdoor.ivr.call;

/**
 * The channel variables every switch adapter sets when it gives a call back to the switch's own
 * dialplan (queue or transfer): the contract the shipped Asterisk and FreeSWITCH snippets read.
 */
public final class HandBack {
    private HandBack() {
    }

    /** {@code queue} or {@code transfer}: what the dialplan should do next. */
    public static final String ACTION = "FRONTDOOR_ACTION";
    /** The queue name or the transfer target. */
    public static final String ROUTE = "FRONTDOOR_ROUTE";
    /** The queue priority of the caller (Asterisk's app_queue reads this name). */
    public static final String QUEUE_PRIO = "QUEUE_PRIO";
}
