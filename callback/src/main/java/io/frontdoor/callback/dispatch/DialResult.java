package io.frontdoor.callback.dispatch;

/**
 * How dialling ended.
 *
 * @param attemptId the attempt dialled
 * @param outcome   answered or why not
 * @param detail    the switch's own words (reason code, response message), for the record
 */
public record DialResult(String attemptId, Outcome outcome, String detail) {

    /** Dialling outcomes, as the switches report them. */
    public enum Outcome {
        /** Answered; the callback flow runs on the call. */
        ANSWERED,
        /** Rang until the timeout. */
        NO_ANSWER,
        /** Busy. */
        BUSY,
        /** The network could not route it now (congestion); worth retrying. */
        CONGESTION,
        /** Refused: no such destination, switch error. */
        FAILED
    }
}
