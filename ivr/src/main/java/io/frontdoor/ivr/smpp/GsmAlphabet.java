package io.frontdoor.ivr.smpp;

import java.io.ByteArrayOutputStream;

/**
 * The GSM 03.38 default alphabet (with its extension table), one septet per octet as SMPP carries
 * it with data_coding 0 (unpacked).
 */
final class GsmAlphabet {
    static final int ESCAPE = 0x1B;

    private static final String BASIC =
            "@£$¥èéùìòÇ\nØø\rÅå"
            + "Δ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ"
            + " !\"#¤%&'()*+,-./"
            + "0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNO"
            + "PQRSTUVWXYZÄÖÑÜ§"
            + "¿abcdefghijklmno"
            + "pqrstuvwxyzäöñüà";

    /** Extension table: septet after ESC → character. */
    private static final char[] EXTENSION = new char[128];
    private static final short[] ENCODE = new short[0x2100]; // char → septet (+1), 0 = none; ext marked 0x100

    static {
        if (BASIC.length() != 128) {
            throw new IllegalStateException("GSM table has " + BASIC.length() + " entries");
        }
        int[][] ext = {{0x0A, '\f'}, {0x14, '^'}, {0x28, '{'}, {0x29, '}'}, {0x2F, '\\'}, {0x3C, '['},
            {0x3D, '~'}, {0x3E, ']'}, {0x40, '|'}, {0x65, '€'}};
        for (int[] e : ext) {
            EXTENSION[e[0]] = (char) e[1];
            ENCODE[e[1]] = (short) (0x100 | e[0]);
        }
        for (int i = 0; i < 128; i++) {
            if (i != ESCAPE) {
                ENCODE[BASIC.charAt(i)] = (short) (i + 1);
            }
        }
    }

    private GsmAlphabet() {
    }

    private static int code(char c) {
        return c < ENCODE.length ? ENCODE[c] : 0;
    }

    /** Whether every character of the text has a GSM 7-bit code (basic or extension). */
    static boolean canEncode(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (code(text.charAt(i)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Septets the character takes: 1 in the basic table, 2 through the extension table. */
    static int septets(char c) {
        return (code(c) & 0x100) != 0 ? 2 : 1;
    }

    /** Encodes text that {@link #canEncode} accepted, one septet per byte. */
    static byte[] encode(CharSequence text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            int c = code(text.charAt(i));
            if (c == 0) {
                throw new IllegalArgumentException("not in the GSM alphabet: U+"
                        + Integer.toHexString(text.charAt(i)));
            }
            if ((c & 0x100) != 0) {
                out.write(ESCAPE);
                out.write(c & 0x7F);
            } else {
                out.write(c - 1);
            }
        }
        return out.toByteArray();
    }

    /**
     * Decodes unpacked septets. Octets above 0x7F become U+FFFD; an unknown extension code reads as
     * its basic character (as 03.38 says); a trailing ESC is dropped.
     */
    static String decode(byte[] septets, int offset, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = offset; i < offset + length; i++) {
            int b = septets[i] & 0xFF;
            if (b > 0x7F) {
                out.append('\uFFFD');
            } else if (b == ESCAPE) {
                if (i + 1 >= offset + length) {
                    break;
                }
                int e = septets[++i] & 0xFF;
                if (e > 0x7F) {
                    out.append('\uFFFD');
                } else if (EXTENSION[e] != 0) {
                    out.append(EXTENSION[e]);
                } else if (e != ESCAPE) {
                    out.append(BASIC.charAt(e));
                }
            } else {
                out.append(BASIC.charAt(b));
            }
        }
        return out.toString();
    }
}
