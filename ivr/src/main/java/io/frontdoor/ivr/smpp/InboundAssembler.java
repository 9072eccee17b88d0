package io.frontdoor.ivr.smpp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns mobile-originated deliver_sm payloads into text: reads the concatenation header (UDH IE
 * 0x00 with an 8-bit reference, IE 0x08 with a 16-bit one, or the sar_* TLVs), keeps parts in a
 * bounded buffer until the message is whole, and decodes by data_coding.
 *
 * <p>Policy for hostile or broken input: a message larger than {@code maxBytes}, with an
 * unreadable header, in a coding that is not text, or whose parts do not all arrive within the
 * timeout, is dropped (the caller logs it). Bytes that do not decode in a text coding (an octet
 * above 0x7F in GSM 7-bit or ASCII, an odd UCS-2 byte count, a lone surrogate) become U+FFFD and
 * the rest of the text is handed on: a customer's "call me back" should not vanish over one bad
 * byte. Thread-safe.
 */
final class InboundAssembler {
    static final int MAX_PARTS = 64;

    /** What became of one deliver_sm. */
    sealed interface Outcome permits Complete, Pending, Dropped {
    }

    /**
     * A whole message. {@code key} is non-null for a reassembled one: call {@link #done} once it
     * was handed on, so a handler failure leaves the parts for the SMSC's redelivery.
     */
    record Complete(String text, int parts, int replaced, Object key) implements Outcome {
    }

    /** A part was stored; the message is not whole yet. */
    record Pending(int have, int total) implements Outcome {
    }

    /** Not handed on, and why. */
    record Dropped(String reason) implements Outcome {
    }

    private record Key(String from, String to, int ref, int total) {
    }

    private static final class Group {
        final byte[][] parts;
        final int dataCoding;
        final long startedNanos;
        int have;
        int bytes;

        Group(int total, int dataCoding, long startedNanos) {
            this.parts = new byte[total][];
            this.dataCoding = dataCoding;
            this.startedNanos = startedNanos;
        }
    }

    private final int maxBytes;
    private final int maxGroups;
    private final long timeoutNanos;
    private final Map<Key, Group> groups = new LinkedHashMap<>();

    InboundAssembler(int maxBytes, int maxGroups, long timeoutNanos) {
        this.maxBytes = maxBytes;
        this.maxGroups = maxGroups;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * @param udhi     whether esm_class has the UDHI bit (payload starts with a UDH)
     * @param sarRef   sar_msg_ref_num, or -1 when absent (likewise sarTotal, sarSeq)
     */
    Outcome accept(String from, String to, int dataCoding, boolean udhi, byte[] payload,
                   int sarRef, int sarTotal, int sarSeq, long nowNanos) {
        if (payload.length > maxBytes) {
            return new Dropped("oversized: " + payload.length + " bytes (limit " + maxBytes + ")");
        }
        int ref = -1;
        int total = 1;
        int seq = 1;
        byte[] body = payload;
        if (udhi) {
            if (payload.length == 0 || (payload[0] & 0xFF) + 1 > payload.length) {
                return new Dropped("UDH longer than the message");
            }
            int udhl = payload[0] & 0xFF;
            for (int i = 1; i + 1 < udhl + 1; ) {
                int iei = payload[i] & 0xFF;
                int len = payload[i + 1] & 0xFF;
                if (i + 2 + len > udhl + 1) {
                    return new Dropped("truncated UDH element 0x" + Integer.toHexString(iei));
                }
                if (iei == 0x00 && len == 3) {
                    ref = payload[i + 2] & 0xFF;
                    total = payload[i + 3] & 0xFF;
                    seq = payload[i + 4] & 0xFF;
                } else if (iei == 0x08 && len == 4) {
                    ref = ((payload[i + 2] & 0xFF) << 8) | (payload[i + 3] & 0xFF);
                    total = payload[i + 4] & 0xFF;
                    seq = payload[i + 5] & 0xFF;
                }
                i += 2 + len;
            }
            body = java.util.Arrays.copyOfRange(payload, udhl + 1, payload.length);
        } else if (sarRef >= 0 && sarTotal > 0 && sarSeq > 0) {
            ref = sarRef;
            total = sarTotal;
            seq = sarSeq;
        }
        if (total == 1 && (ref < 0 || seq == 1)) {
            return decodeWhole(dataCoding, body, 1, null);
        }
        if (total == 0 || seq == 0 || seq > total) {
            return new Dropped("bad concatenation header: part " + seq + " of " + total);
        }
        if (total > MAX_PARTS) {
            return new Dropped("oversized: " + total + " parts (limit " + MAX_PARTS + ")");
        }
        Key key = new Key(from, to, ref, total);
        synchronized (this) {
            Group g = groups.get(key);
            if (g == null) {
                if (groups.size() >= maxGroups) {
                    Iterator<Map.Entry<Key, Group>> oldest = groups.entrySet().iterator();
                    oldest.next();
                    oldest.remove();
                }
                g = new Group(total, dataCoding, nowNanos);
                groups.put(key, g);
            }
            byte[] previous = g.parts[seq - 1];
            if (previous == null) {
                g.have++;
            } else {
                g.bytes -= previous.length; // a redelivered part replaces the earlier copy
            }
            g.parts[seq - 1] = body;
            g.bytes += body.length;
            if (g.bytes > maxBytes) {
                groups.remove(key);
                return new Dropped("oversized: more than " + maxBytes + " bytes in " + total + " parts");
            }
            if (g.have < total) {
                return new Pending(g.have, total);
            }
            byte[] all = new byte[g.bytes];
            int at = 0;
            for (byte[] p : g.parts) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
            return decodeWhole(g.dataCoding, all, total, key);
        }
    }

    private Outcome decodeWhole(int dataCoding, byte[] bytes, int parts, Key key) {
        String text = decode(dataCoding, bytes);
        if (text == null) {
            if (key != null) {
                done(key);
            }
            return new Dropped(String.format("data_coding 0x%02X is not text", dataCoding & 0xFF));
        }
        int replaced = (int) text.chars().filter(c -> c == '\uFFFD').count();
        return new Complete(text, parts, replaced, key);
    }

    /** Forgets a reassembled message once it was handed on. */
    synchronized void done(Object key) {
        if (key != null) {
            groups.remove(key);
        }
    }

    /** Drops messages whose parts did not all arrive in time; returns a line for each, for the log. */
    synchronized List<String> expire(long nowNanos) {
        List<String> dropped = new ArrayList<>();
        for (Iterator<Map.Entry<Key, Group>> it = groups.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Group> e = it.next();
            if (nowNanos - e.getValue().startedNanos >= timeoutNanos) {
                Key k = e.getKey();
                dropped.add(k.from + "|" + k.to + "|ref " + k.ref + "|" + e.getValue().have + " of " + k.total);
                it.remove();
            }
        }
        return dropped;
    }

    /** Incomplete messages held now. */
    synchronized int pending() {
        return groups.size();
    }

    /**
     * Decodes by data_coding: 0 GSM 7-bit (unpacked), 1 ASCII, 3 Latin-1, 8 UCS-2 (UTF-16BE),
     * 0xF0–0xFF by its alphabet bit. Returns null for codings that are not text.
     */
    static String decode(int dataCoding, byte[] bytes) {
        int dc = dataCoding & 0xFF;
        if (dc >= 0xF0) {
            return (dc & 0x04) == 0 ? GsmAlphabet.decode(bytes, 0, bytes.length) : null;
        }
        return switch (dc) {
            case 0x00 -> GsmAlphabet.decode(bytes, 0, bytes.length);
            case 0x01 -> lenient(StandardCharsets.US_ASCII, bytes);
            case 0x03 -> lenient(StandardCharsets.ISO_8859_1, bytes);
            case 0x08 -> lenient(StandardCharsets.UTF_16BE, bytes);
            default -> null;
        };
    }

    private static String lenient(Charset charset, byte[] bytes) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith("\uFFFD")
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(e); // REPLACE never throws
        }
    }
}
