package io.frontdoor.ivr.asterisk.ami;

/**
 * An AMI action did not succeed. {@link #kind()} says whether Asterisk may have acted on it, which
 * matters for actions with effects (a QueuePause or an Originate that timed out may still have
 * been carried out).
 */
public final class AmiActionException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the action failed. */
    public enum Kind {
        /** Not connected (or the connection changed): the action was not sent. */
        NOT_CONNECTED,
        /** Sent, but no reply in time or the connection dropped first: Asterisk may have acted on it. */
        NO_RESPONSE,
        /** Asterisk answered {@code Response: Error}: nothing was done. */
        REFUSED
    }

    private final Kind kind;

    AmiActionException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    AmiActionException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** Why the action failed. */
    public Kind kind() {
        return kind;
    }
}
