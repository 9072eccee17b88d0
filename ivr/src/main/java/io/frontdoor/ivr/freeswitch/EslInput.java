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
