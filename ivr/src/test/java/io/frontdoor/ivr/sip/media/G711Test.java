package io.frontdoor.ivr.sip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class G711Test {

    @Test
    void silenceHasTheStandardCodes() {
        assertEquals((byte) 0xff, G711.PCMU.encode((short) 0));
        assertEquals((byte) 0xd5, G711.PCMA.encode((short) 0));
        assertEquals(0, G711.PCMU.decode((byte) 0xff));
        assertEquals(8, Math.abs(G711.PCMA.decode((byte) 0xd5)));
    }

    @Test
    void everyCodeDecodesToAValueThatEncodesBackToIt() {
        for (G711 codec : G711.values()) {
            for (int code = 0; code < 256; code++) {
                short linear = codec.decode((byte) code);
                byte again = codec.encode(linear);
                // µ-law has two codes for zero (0x7f and 0xff); every other code is its own
                if (!(codec == G711.PCMU && linear == 0)) {
                    assertEquals((byte) code, again, codec + " code " + code + " -> " + linear);
                }
            }
        }
    }

    @Test
    void quantisationErrorStaysWithinTheSegmentStep() {
        for (G711 codec : G711.values()) {
            for (int s = -32768; s <= 32767; s += 7) {
                int back = codec.decode(codec.encode((short) s));
                // the step doubles per segment; the error is at most about 1/16 of the magnitude
                int allowed = Math.max(64, Math.abs(s) / 12);
                assertTrue(Math.abs(back - s) <= allowed, codec + ": " + s + " came back as " + back);
            }
        }
    }

    @Test
    void pcmRoundTripKeepsLittleEndianOrder() {
        byte[] pcm = {0x00, 0x10, 0x00, (byte) 0xf0}; // 4096, -4096
        byte[] coded = G711.PCMA.encodePcm16le(pcm, 0, pcm.length);
        byte[] back = new byte[4];
        G711.PCMA.decodeToPcm16le(coded, 0, 2, back, 0);
        short first = (short) ((back[0] & 0xff) | (back[1] << 8));
        short second = (short) ((back[2] & 0xff) | (back[3] << 8));
        assertTrue(Math.abs(first - 4096) < 200, "first " + first);
        assertTrue(Math.abs(second + 4096) < 200, "second " + second);
    }
}
