package io.frontdoor.callback.sms;

/** A submit that did not succeed, and whether it is worth retrying. */
public class SmsException extends Exception {

    /** What went wrong, as the outbox needs to know it. */
    public enum Kind {
        /** Not bound, connection lost, timeout: retry later. */
        UNAVAILABLE,
        /** The SMSC asked to slow down (ESME_RTHROTTLED, ESME_RMSGQFUL): retry after a pause. */
        THROTTLED,
        /** The SMSC refused this message (bad number, bad text): do not retry. */
        REJECTED
    }

    private final Kind kind;

    public SmsException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SmsException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
