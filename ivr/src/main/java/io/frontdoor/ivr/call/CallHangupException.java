package io.frontdoor.ivr.call;

/**
 * The caller hung up. Thrown from any blocking {@link Call} method and caught only at the session
 * boundary, which records where the call ended.
 */
public class CallHangupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CallHangupException(String message) {
        super(message);
    }

    public CallHangupException(String message, Throwable cause) {
        super(message, cause);
    }
}
