package io.frontdoor.callback.store;

/** The database did not answer or refused a write; what was asked of it did not happen. */
public class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
