package io.frontdoor.ivr.sip.media;

/**
 * G.711 µ-law (PCMU, payload type 0) and A-law (PCMA, payload type 8), the two codecs every SIP
 * phone and trunk speaks. Decoding goes through 256-entry tables; encoding is the ITU-T G.711
 * segment search (a few shifts per sample).
 */
public enum G711 {
    PCMU(0, "PCMU"),
    PCMA(8, "PCMA");

    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_TO_LINEAR[i] = ulawToLinear((byte) i);
            ALAW_TO_LINEAR[i] = alawToLinear((byte) i);
        }
    }

    private final int payloadType;
    private final String encodingName;

    G711(int payloadType, String encodingName) {
        this.payloadType = payloadType;
        this.encodingName = encodingName;
    }

    /** The static RTP payload type (RFC 3551). */
    public int payloadType() {
        return payloadType;
    }

    /** The SDP rtpmap encoding name. */
    public String encodingName() {
        return encodingName;
    }

    /** The codec of a static payload type, or {@code null} for any other. */
    public static G711 ofPayloadType(int pt) {
        return pt == 0 ? PCMU : pt == 8 ? PCMA : null;
    }

    /** One sample, 16-bit linear to G.711. */
    public byte encode(short sample) {
        return this == PCMU ? linearToUlaw(sample) : linearToAlaw(sample);
    }

    /** One sample, G.711 to 16-bit linear. */
    public short decode(byte code) {
        return this == PCMU ? ULAW_TO_LINEAR[code & 0xff] : ALAW_TO_LINEAR[code & 0xff];
    }

    /** Encodes signed 16-bit little-endian PCM (two bytes a sample) into one byte a sample. */
    public byte[] encodePcm16le(byte[] pcm, int offset, int length) {
        byte[] out = new byte[length / 2];
        for (int i = 0; i < out.length; i++) {
            int at = offset + 2 * i;
            out[i] = encode((short) ((pcm[at] & 0xff) | (pcm[at + 1] << 8)));
        }
        return out;
    }

    /** Decodes {@code length} G.711 bytes into {@code out} as signed 16-bit little-endian PCM. */
    public void decodeToPcm16le(byte[] in, int offset, int length, byte[] out, int outOffset) {
        short[] table = this == PCMU ? ULAW_TO_LINEAR : ALAW_TO_LINEAR;
        for (int i = 0; i < length; i++) {
            short s = table[in[offset + i] & 0xff];
            out[outOffset + 2 * i] = (byte) s;
            out[outOffset + 2 * i + 1] = (byte) (s >> 8);
        }
    }

    /** The code of digital silence. */
    public byte silence() {
        return encode((short) 0);
    }

    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;

    static byte linearToUlaw(short sample) {
        int s = sample;
        int sign = (s >> 8) & 0x80;
        if (sign != 0) {
            s = -s;
        }
        if (s > CLIP) {
            s = CLIP;
        }
        s += BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (s & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (s >> (exponent + 3)) & 0x0f;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    static short ulawToLinear(byte code) {
        int u = ~code & 0xff;
        int t = ((u & 0x0f) << 3) + BIAS;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? BIAS - t : t - BIAS);
    }

    static byte linearToAlaw(short sample) {
        int s = sample;
        int mask;
        if (s >= 0) {
            mask = 0xd5;
        } else {
            mask = 0x55;
            s = -s - 1;
        }
        s >>= 3; // 13-bit magnitude
        int seg = 0;
        for (int end = 0x1f; seg < 8 && s > end; end = (end << 1) | 1) {
            seg++;
        }
        if (seg >= 8) {
            return (byte) (0x7f ^ mask);
        }
        int aval = seg << 4;
        aval |= seg < 2 ? (s >> 1) & 0x0f : (s >> seg) & 0x0f;
        return (byte) (aval ^ mask);
    }

    static short alawToLinear(byte code) {
        int a = (code & 0xff) ^ 0x55;
        int t = (a & 0x0f) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }
}
