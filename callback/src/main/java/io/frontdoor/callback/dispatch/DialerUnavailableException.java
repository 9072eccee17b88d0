package io.frontdoor.callback.dispatch;

/** The switch could not be asked to dial (not connected, refused the action): nothing was dialled. */
public class DialerUnavailableException extends RuntimeException {
    public DialerUnavailableException(String message) {
        super(message);
    }

    public DialerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
