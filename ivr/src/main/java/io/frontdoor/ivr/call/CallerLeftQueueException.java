package io.frontdoor.ivr.call;

/**
 * The caller hung up while waiting on the line for an agent; the message says which queue and how
 * long they waited (it goes on the timeline).
 */
public class CallerLeftQueueException extends CallHangupException {
    private static final long serialVersionUID = 1L;

    public CallerLeftQueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
