package io.frontdoor.ivr.sip.media;

import java.nio.ByteBuffer;

/**
 * RFC 4733 telephone-events for DTMF: the 4-byte payload (event, end bit, volume, duration) and
 * the event codes 0-15 for {@code 0-9 * # A-D}.
 */
public final class TelephoneEvent {
    private static final String DIGITS = "0123456789*#ABCD";

    private TelephoneEvent() {
    }

    /** The DTMF character of an event code, or 0 for codes that are not DTMF (tones, flash). */
    public static char digit(int event) {
        return event >= 0 && event < DIGITS.length() ? DIGITS.charAt(event) : 0;
    }

    /** The event code of a DTMF character; -1 when it is none. */
    public static int event(char digit) {
        return DIGITS.indexOf(Character.toUpperCase(digit));
    }

    /** Writes one event payload. */
    public static void write(ByteBuffer out, int event, boolean end, int volume, int duration) {
        out.put((byte) event);
        out.put((byte) ((end ? 0x80 : 0) | (volume & 0x3f)));
        out.putShort((short) duration);
    }

    /**
     * Turns a stream of event packets into digits, each reported once: an event is identified by
     * its RTP timestamp (all packets of one key press share it), so retransmitted end packets and
     * later updates of a reported event are ignored. A digit is reported when its end packet
     * arrives, or, if every end packet was lost, when an event with a new timestamp starts.
     */
    public static final class Receiver {
        private long current = -1;
        private int currentEvent = -1;
        private boolean reported;

        /**
         * Feeds one packet of the telephone-event payload type.
         *
         * @return the digits this packet completes (usually none or one), never {@code null}
         */
        public String accept(RtpPacket p) {
            if (p.payloadLength() < 4) {
                return "";
            }
            byte[] d = p.data();
            int event = d[p.payloadOffset()] & 0xff;
            boolean end = (d[p.payloadOffset() + 1] & 0x80) != 0;
            StringBuilder out = new StringBuilder(2);
            if (p.timestamp() != current) {
                if (current != -1 && !reported && digit(currentEvent) != 0) {
                    out.append(digit(currentEvent)); // its end packets never came
                }
                current = p.timestamp();
                currentEvent = event;
                reported = false;
            }
            if (end && !reported) {
                reported = true;
                if (digit(event) != 0) {
                    out.append(digit(event));
                }
            }
            return out.toString();
        }
    }
}
