package io.frontdoor.ivr.smpp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes an outbound text for SMPP: GSM 7-bit (data_coding 0) when every character fits, else
 * UCS-2 (data_coding 8); a text too long for one message is split into parts of 153 septets or 67
 * UCS-2 characters, each starting with a concatenation UDH (IE 0x00, 8-bit reference).
 */
final class SmsEncoder {
    static final byte DC_GSM7 = 0x00;
    static final byte DC_UCS2 = 0x08;
    static final int GSM_SINGLE = 160;
    static final int GSM_PART = 153;
    static final int UCS2_SINGLE = 70;
    static final int UCS2_PART = 67;
    static final int MAX_PARTS = 255;

    /** An encoded message: its data_coding and the short_message of each part (UDH included). */
    record Encoded(byte dataCoding, boolean udh, List<byte[]> parts) {
    }

    private SmsEncoder() {
    }

    /**
     * @param reference the concatenation reference (low 8 bits used) for a multipart message
     * @throws IllegalArgumentException when the text needs more than 255 parts
     */
    static Encoded encode(String text, int reference) {
        boolean gsm = GsmAlphabet.canEncode(text);
        List<String> chunks = gsm ? splitGsm(text) : splitUcs2(text);
        if (chunks.size() > MAX_PARTS) {
            throw new IllegalArgumentException("text needs " + chunks.size() + " parts (at most " + MAX_PARTS + ")");
        }
        byte dc = gsm ? DC_GSM7 : DC_UCS2;
        List<byte[]> parts = new ArrayList<>(chunks.size());
        boolean udh = chunks.size() > 1;
        for (int i = 0; i < chunks.size(); i++) {
            byte[] body = gsm ? GsmAlphabet.encode(chunks.get(i)) : chunks.get(i).getBytes(StandardCharsets.UTF_16BE);
            if (!udh) {
                parts.add(body);
                continue;
            }
            byte[] pdu = new byte[6 + body.length];
            pdu[0] = 0x05;               // UDHL
            pdu[1] = 0x00;               // IE: concatenated short messages, 8-bit reference
            pdu[2] = 0x03;               // IE length
            pdu[3] = (byte) reference;
            pdu[4] = (byte) chunks.size();
            pdu[5] = (byte) (i + 1);
            System.arraycopy(body, 0, pdu, 6, body.length);
            parts.add(pdu);
        }
        return new Encoded(dc, udh, parts);
    }

    /** Septet count of a GSM-encodable text (extension characters count two). */
    static int septets(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            n += GsmAlphabet.septets(text.charAt(i));
        }
        return n;
    }

    private static List<String> splitGsm(String text) {
        if (septets(text) <= GSM_SINGLE) {
            return List.of(text);
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int s = GsmAlphabet.septets(text.charAt(i));
            if (used + s > GSM_PART) { // an escape pair never straddles two parts
                out.add(text.substring(start, i));
                start = i;
                used = 0;
            }
            used += s;
        }
        out.add(text.substring(start));
        return out;
    }

    private static List<String> splitUcs2(String text) {
        if (text.length() <= UCS2_SINGLE) {
            return List.of(text);
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(start + UCS2_PART, text.length());
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--; // a surrogate pair stays in one part
            }
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }
}
