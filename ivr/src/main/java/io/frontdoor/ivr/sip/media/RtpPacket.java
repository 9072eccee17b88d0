package io.frontdoor.ivr.sip.media;

import java.nio.ByteBuffer;

/**
 * An RTP packet (RFC 3550 section 5.1) as it arrived: the fixed header's fields and where the
 * payload lies in the buffer (after CSRCs and any header extension, before padding).
 */
public record RtpPacket(int payloadType, boolean marker, int sequence, long timestamp, long ssrc,
        byte[] data, int payloadOffset, int payloadLength) {

    public static final int HEADER = 12;

    /** Reads a packet; {@code null} when it is not RTP version 2 or is cut short. */
    public static RtpPacket parse(byte[] data, int length) {
        if (length < HEADER || (data[0] & 0xc0) != 0x80) {
            return null;
        }
        int csrcs = data[0] & 0x0f;
        int offset = HEADER + 4 * csrcs;
        if ((data[0] & 0x10) != 0) { // header extension: 16-bit profile, 16-bit length in words
            if (length < offset + 4) {
                return null;
            }
            offset += 4 + 4 * (((data[offset + 2] & 0xff) << 8) | (data[offset + 3] & 0xff));
        }
        int end = length;
        if ((data[0] & 0x20) != 0) {
            end -= data[length - 1] & 0xff;
        }
        if (offset > end) {
            return null;
        }
        int pt = data[1] & 0x7f;
        boolean marker = (data[1] & 0x80) != 0;
        int seq = ((data[2] & 0xff) << 8) | (data[3] & 0xff);
        long ts = ((long) (data[4] & 0xff) << 24) | ((data[5] & 0xff) << 16) | ((data[6] & 0xff) << 8) | (data[7] & 0xff);
        long ssrc = ((long) (data[8] & 0xff) << 24) | ((data[9] & 0xff) << 16) | ((data[10] & 0xff) << 8) | (data[11] & 0xff);
        return new RtpPacket(pt, marker, seq, ts, ssrc, data, offset, end - offset);
    }

    /** Writes a 12-byte header (version 2, no padding, extension or CSRC) at the buffer's position. */
    public static void writeHeader(ByteBuffer out, int payloadType, boolean marker, int sequence, long timestamp,
            long ssrc) {
        out.put((byte) 0x80);
        out.put((byte) ((marker ? 0x80 : 0) | (payloadType & 0x7f)));
        out.putShort((short) sequence);
        out.putInt((int) timestamp);
        out.putInt((int) ssrc);
    }
}
