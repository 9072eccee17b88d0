package io.frontdoor.ivr.freeswitch;

/**
 * An inbound ESL command that did not succeed: FreeSWITCH answered {@code -ERR ...}, did not answer
 * in time, or the connection is down. The one place ESL command failures become a type.
 */
public final class EslCommandException extends RuntimeException {
    /** Why the command failed. */
    public enum Kind {
        /** FreeSWITCH replied {@code -ERR}: the message is its text. */
        REFUSED,
        /** No reply within the command timeout; the command may still have run. */
        NO_REPLY,
        /** Not connected (or not yet authenticated and subscribed): nothing was sent. */
        NOT_CONNECTED
    }

    private final Kind kind;

    public EslCommandException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public EslCommandException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
