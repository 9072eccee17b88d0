package io.frontdoor.ivr.smpp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encoding and splitting boundaries, and inbound decoding, without a network. */
class SmsEncodingTest {

    @Test
    void gsmBoundaries() {
        assertEquals(1, SmsEncoder.encode("a".repeat(160), 1).parts().size());
        SmsEncoder.Encoded two = SmsEncoder.encode("a".repeat(161), 1);
        assertEquals(2, two.parts().size());
        assertEquals(6 + 153, two.parts().get(0).length);
        assertEquals(SmsEncoder.DC_GSM7, two.dataCoding());
        // € takes two septets: 80 of them fill one message, 81 need two parts
        assertEquals(1, SmsEncoder.encode("€".repeat(80), 1).parts().size());
        SmsEncoder.Encoded euros = SmsEncoder.encode("€".repeat(81), 1);
        assertEquals(2, euros.parts().size());
        assertEquals(6 + 152, euros.parts().get(0).length, "an escape pair is never cut in two");
    }

    @Test
    void ucs2Boundaries() {
        assertEquals(1, SmsEncoder.encode("回".repeat(70), 1).parts().size());
        SmsEncoder.Encoded two = SmsEncoder.encode("回".repeat(71), 7);
        assertEquals(SmsEncoder.DC_UCS2, two.dataCoding());
        assertEquals(2, two.parts().size());
        assertEquals(6 + 134, two.parts().get(0).length);
        assertEquals(7, two.parts().get(1)[3]);
        // a surrogate pair (emoji) stays in one part
        String text = "a".repeat(66) + "😀" + "b".repeat(10);
        SmsEncoder.Encoded e = SmsEncoder.encode(text, 1);
        assertEquals(6 + 132, e.parts().get(0).length);
        assertThrows(IllegalArgumentException.class, () -> SmsEncoder.encode("回".repeat(67 * 256), 1));
    }

    @Test
    void gsmRoundTrip() {
        String all = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà^{}\\[~]|€\f";
        assertTrue(GsmAlphabet.canEncode(all));
        assertEquals(all, GsmAlphabet.decode(GsmAlphabet.encode(all), 0, GsmAlphabet.encode(all).length));
        assertFalse(GsmAlphabet.canEncode("您好"));
        assertFalse(GsmAlphabet.canEncode("`"));
    }

    @Test
    void inboundDecodingIsLenient() {
        assertEquals("Zürich", InboundAssembler.decode(3, "Zürich".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("ok\uFFFD", InboundAssembler.decode(1, new byte[] {'o', 'k', (byte) 0xE9}));
        assertEquals("\uFFFD", InboundAssembler.decode(8, new byte[] {(byte) 0xD8, 0x00}), "lone surrogate");
        assertEquals("@", InboundAssembler.decode(0xF0, new byte[] {0}));
        assertEquals(null, InboundAssembler.decode(0xF4, new byte[] {0}), "8-bit class data");
    }

    @Test
    void assemblerIsBounded() {
        InboundAssembler a = new InboundAssembler(100, 2, 1_000);
        for (int ref = 0; ref < 5; ref++) {
            assertInstanceOf(InboundAssembler.Pending.class,
                    a.accept("x", "y", 0, true, concat(new byte[] {5, 0, 3, (byte) ref, 2, 1}, new byte[50]), -1, -1, -1, 0));
        }
        assertEquals(2, a.pending(), "oldest evicted");
        assertInstanceOf(InboundAssembler.Dropped.class,
                a.accept("x", "y", 0, true, concat(new byte[] {5, 0, 3, 4, 2, 2}, new byte[60]), -1, -1, -1, 0),
                "group over the byte limit");
        assertEquals(1, a.expire(1_000).size());
        assertEquals(0, a.pending());
        // sar_* TLVs instead of a UDH
        a.accept("x", "y", 0, false, "AB".getBytes(StandardCharsets.US_ASCII), 300, 2, 2, 0);
        InboundAssembler.Outcome done = a.accept("x", "y", 0, false, "CD".getBytes(StandardCharsets.US_ASCII), 300, 2, 1, 0);
        assertEquals("CDAB", ((InboundAssembler.Complete) done).text());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
