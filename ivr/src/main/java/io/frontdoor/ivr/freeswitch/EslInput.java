package io.frontdoor.ivr.freeswitch;

import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered stream for ESL's byte-at-a-time header parsing without a lock per byte (the JDK's
 * BufferedInputStream and ByteArrayInputStream lock on every read). One reader at a time.
 */
final class EslInput extends InputStream {
    private final InputStream source;
    private final byte[] buffer;
    private int position;
    private int limit;

    /** Over a socket's stream. */
    EslInput(InputStream source) {
        this.source = source;
        this.buffer = new byte[4096]; // one event is about 3 KB; thousands of calls hold one each
    }

    /** Over bytes already read (an event's body). */
    EslInput(byte[] bytes) {
        this.source = null;
        this.buffer = bytes;
        this.limit = bytes.length;
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position == limit && !fill()) {
            return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    /**
     * The next line without its {@code \n} (and {@code \r}), decoded as UTF-8; null at a clean end of
     * stream before the line's first byte. Scans the buffer instead of reading byte by byte.
     *
     * @throws java.io.EOFException when the stream ends inside a line
     */
    String readLine() throws IOException {
        byte[] carry = null;
        int carried = 0;
        while (true) {
            if (position == limit && !fill()) {
                if (carried == 0) {
                    return null;
                }
                throw new java.io.EOFException("stream ended inside a header block");
            }
            int nl = -1;
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int end = nl < 0 ? limit : nl;
            if (nl >= 0 && carried == 0) {
                int len = end > position && buffer[end - 1] == '\r' ? end - 1 - position : end - position;
                String line = new String(buffer, position, len, java.nio.charset.StandardCharsets.UTF_8);
                position = nl + 1;
                return line;
            }
            int n = end - position;
            if (carry == null) {
                carry = new byte[Math.max(256, n * 2)];
            } else if (carried + n > carry.length) {
                carry = java.util.Arrays.copyOf(carry, Math.max(carry.length * 2, carried + n));
            }
            System.arraycopy(buffer, position, carry, carried, n);
            carried += n;
            position = end;
            if (nl >= 0) {
                position = nl + 1;
                int len = carried > 0 && carry[carried - 1] == '\r' ? carried - 1 : carried;
                return new String(carry, 0, len, java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }

    @Override
    public int available() {
        return limit - position;
    }

    private boolean fill() throws IOException {
        if (source == null) {
            return false;
        }
        int n = source.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        if (source != null) {
            source.close();
        }
    }
}
