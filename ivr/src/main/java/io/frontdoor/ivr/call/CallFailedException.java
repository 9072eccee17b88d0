package io.frontdoor.ivr.call;

/**
 * The switch refused or failed a command on a call that is still up (unknown command, bad syntax,
 * missing application, lost connection). Fatal to the flow unless a step chooses to recover.
 */
public class CallFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CallFailedException(String message) {
        super(message);
    }

    public CallFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
