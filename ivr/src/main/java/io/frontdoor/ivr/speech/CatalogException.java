package io.frontdoor.ivr.speech;

/** The prompt catalog file is unreadable or invalid; the message starts with "file:line:". */
public class CatalogException extends RuntimeException {
    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
