package io.frontdoor.ivr.asterisk.ami;

import org.asteriskjava.manager.AsteriskMapping;
import org.asteriskjava.manager.event.QueueEntryEvent;

/**
 * The {@code QueueEntry} item of a QueueStatus list with the caller's queue {@code Priority},
 * which asterisk-java 3.42's own {@link QueueEntryEvent} drops. {@link AmiConnection} registers it
 * in place of the stock class, so every QueueEntry arrives as this type.
 */
@AsteriskMapping("QueueEntry")
public class AmiQueueEntryEvent extends QueueEntryEvent {
    private static final long serialVersionUID = 1L;

    private Integer priority;

    /** asterisk-java builds events reflectively through this constructor. */
    public AmiQueueEntryEvent(Object source) {
        super(source);
    }

    /** The caller's queue priority ({@code QUEUE_PRIO}); a higher one is answered first. */
    public Integer getPriority() {
        return priority;
    }

    /** Set by asterisk-java from the {@code Priority:} header. */
    public void setPriority(Integer priority) {
        this.priority = priority;
    }
}
