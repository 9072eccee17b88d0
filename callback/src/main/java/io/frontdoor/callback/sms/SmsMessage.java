package io.frontdoor.callback.sms;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A row of {@code sms_message}: one message FrontDoor sends (OUT) or received (IN).
 *
 * @param id            outbox id (UUID text); the gateway gets it as {@link OutboundSms#id()}
 * @param direction     out or in
 * @param customerId    the customer, or null when not known
 * @param phone         the customer's number, E.164
 * @param text          the whole text (blanked after sending when {@code sensitive})
 * @param template      the template key it was rendered from, or null for free text
 * @param language      language of the text, or null
 * @param state         where it is
 * @param essential     sent even to a number that opted out
 * @param sensitive     text is blanked once sent or given up (one-time codes)
 * @param attempts      submits tried
 * @param nextAttemptAt earliest time of the next submit
 * @param smscIds       the SMSC's ids of the parts once submitted
 * @param dedupeKey     idempotency key, or null
 * @param error         last error, or null
 */
public record SmsMessage(String id, Direction direction, String customerId, String phone, String text,
        String template, String language, State state, boolean essential, boolean sensitive, int attempts,
        Instant nextAttemptAt, List<String> smscIds, String dedupeKey, String error, Instant createdAt,
        Instant updatedAt) {

    public enum Direction { OUT, IN }

    /** Where a message is. */
    public enum State {
        /** Stored, waiting to be submitted (first time or a retry at {@code nextAttemptAt}). */
        QUEUED(false),
        /** Claimed by a sender; a crash leaves it here and the next start sends it again. */
        SENDING(false),
        /** Accepted by the SMSC, no receipt yet. */
        SENT(false),
        /** The SMSC reports every part delivered. */
        DELIVERED(true),
        /** Refused by the SMSC at submit, or undeliverable by receipt. */
        FAILED(true),
        /** Not submitted before its maximum age, or expired in the network by receipt. */
        EXPIRED(true),
        /** Not sent: the number opted out of non-essential messages. */
        SUPPRESSED(true),
        /** An inbound message. */
        RECEIVED(true);

        private final boolean end;

        State(boolean end) {
            this.end = end;
        }

        /** Whether nothing more happens to the message. */
        public boolean isFinal() {
            return end;
        }
    }

    public SmsMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(state, "state");
        smscIds = smscIds == null ? List.of() : List.copyOf(smscIds);
    }
}
