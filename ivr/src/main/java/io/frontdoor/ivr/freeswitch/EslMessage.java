package io.frontdoor.ivr.freeswitch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One ESL message: a header block ended by a blank line, then {@code Content-Length} bytes of body.
 * A {@code text/event-plain} body is itself a header block (values %-encoded) and may carry its own
 * body; {@link #event()} decodes it. Header values of the {@code connect} reply are %-encoded too.
 */
public record EslMessage(Map<String, String> headers, byte[] body) {

    public EslMessage {
        headers = headers instanceof HeaderMap ? headers : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body == null ? new byte[0] : body;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public String contentType() {
        return headers.getOrDefault("Content-Type", "");
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isEvent() {
        return "text/event-plain".equals(contentType());
    }

    /** The event inside a {@code text/event-plain} body, header values %-decoded. */
    public EslMessage event() {
        if (!isEvent()) {
            throw new IllegalStateException("not an event: " + contentType());
        }
        // parsed straight from the body's bytes: a channel event is ~100 lines, a call sees dozens
        Map<String, String> raw = new LinkedHashMap<>(160);
        int pos = 0;
        while (pos < body.length) {
            int start = pos;
            int nl = start;
            while (nl < body.length && body[nl] != '\n') {
                nl++;
            }
            int end = nl > start && body[nl - 1] == '\r' ? nl - 1 : nl;
            pos = Math.min(nl + 1, body.length);
            if (end == start) {
                if (raw.isEmpty()) {
                    continue; // a stray blank line before the block
                }
                break; // the blank line ending the block
            }
            int colon = start;
            while (colon < end && body[colon] != ':') {
                colon++;
            }
            if (colon == start || colon == end) {
                throw new IllegalStateException("malformed event line: "
                        + new String(body, start, end - start, StandardCharsets.UTF_8));
            }
            int v = colon + 1 < end && body[colon + 1] == ' ' ? colon + 2 : colon + 1;
            raw.put(new String(body, start, colon - start, StandardCharsets.UTF_8).strip(),
                    new String(body, v, end - v, StandardCharsets.UTF_8));
        }
        byte[] inner = null;
        String length = raw.get("Content-Length");
        if (length != null) {
            int n;
            try {
                n = Integer.parseInt(length.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || pos + n > body.length) {
                throw new IllegalStateException("malformed event body: Content-Length " + length);
            }
            inner = java.util.Arrays.copyOfRange(body, pos, pos + n);
        }
        return new EslMessage(new HeaderMap(raw, true), inner);
    }


    /** The same message with every header value %-decoded (never {@code +} to space). */
    public EslMessage decoded() {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, percentDecode(v)));
        return new EslMessage(out, body);
    }

    /**
     * Reads one message, or returns {@code null} on a clean end of stream before its first byte.
     *
     * @throws EOFException when the stream ends inside a message
     */
    public static EslMessage read(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        while (true) {
            String line = in instanceof EslInput fast ? fast.readLine() : readLine(in, headers.isEmpty());
            if (line == null) {
                if (!headers.isEmpty()) {
                    throw new EOFException("stream ended inside a header block");
                }
                return null;
            }
            if (line.isEmpty()) {
                if (headers.isEmpty()) {
                    continue; // stray blank line between messages
                }
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed ESL header line: " + line);
            }
            String value = line.substring(colon + 1);
            headers.put(line.substring(0, colon).trim(), value.startsWith(" ") ? value.substring(1) : value);
        }
        byte[] body = null;
        String length = headers.get("Content-Length");
        if (length != null) {
            int n;
            try {
                n = Integer.parseInt(length.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0) {
                throw new IOException("malformed ESL Content-Length: " + length);
            }
            body = in.readNBytes(n);
            if (body.length != n) {
                throw new EOFException("stream ended inside a " + n + "-byte body");
            }
        }
        return new EslMessage(new HeaderMap(headers, false), body);
    }

    private static String readLine(InputStream in, boolean eofAllowed) throws IOException {
        byte[] line = new byte[128];
        int size = 0;
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                if (eofAllowed && size == 0) {
                    return null;
                }
                throw new EOFException("stream ended inside a header block");
            }
            if (size == line.length) {
                line = java.util.Arrays.copyOf(line, size * 2);
            }
            line[size++] = (byte) b;
        }
        int len = size > 0 && line[size - 1] == '\r' ? size - 1 : size;
        return new String(line, 0, len, StandardCharsets.UTF_8);
    }

    /** %XX decoding as FreeSWITCH's switch_url_decode does it: UTF-8 bytes, {@code +} kept. */
    public static String percentDecode(String s) {
        if (s == null || s.indexOf('%') < 0) {
            return s;
        }
        byte[] src = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[src.length];
        int n = 0;
        for (int i = 0; i < src.length; i++) {
            if (src[i] == '%' && i + 2 < src.length && hex(src[i + 1]) >= 0 && hex(src[i + 2]) >= 0) {
                out[n++] = (byte) (hex(src[i + 1]) * 16 + hex(src[i + 2]));
                i += 2;
            } else {
                out[n++] = src[i];
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }
}
