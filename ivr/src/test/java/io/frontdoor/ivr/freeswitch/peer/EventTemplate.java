package io.frontdoor.ivr.freeswitch.peer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded {@code text/event-plain} message, editable: its event headers in their recorded order
 * and encoding. Rendering recomputes the outer {@code Content-Length} the way FreeSWITCH writes it
 * ({@code Content-Length}, then {@code Content-Type: text/event-plain}, a blank line, the event).
 */
final class EventTemplate {
    private final List<String[]> headers = new ArrayList<>();
    private String body;

    /** @param raw the recorded message's exact text (outer header block and event) */
    EventTemplate(String raw) {
        int split = raw.indexOf("\n\n");
        String event = raw.substring(split + 2);
        int end = event.indexOf("\n\n");
        String block = end < 0 ? event : event.substring(0, end);
        body = end < 0 ? null : event.substring(end + 2);
        if (body != null && body.isEmpty()) {
            body = null;
        }
        for (String line : block.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                headers.add(new String[] {line.substring(0, colon), line.substring(colon + 2)});
            }
        }
    }

    private EventTemplate(EventTemplate other) {
        other.headers.forEach(h -> headers.add(h.clone()));
        body = other.body;
    }

    EventTemplate copy() {
        return new EventTemplate(this);
    }

    /** Sets a header to {@code value}, %-encoded as FreeSWITCH does; appended when absent. */
    EventTemplate set(String name, String value) {
        String encoded = encode(value);
        for (String[] h : headers) {
            if (h[0].equals(name)) {
                h[1] = encoded;
                return this;
            }
        }
        headers.add(new String[] {name, encoded});
        return this;
    }

    EventTemplate remove(String name) {
        headers.removeIf(h -> h[0].equals(name));
        return this;
    }

    /** Drops every header whose name starts with {@code prefix}. */
    EventTemplate removeAll(String prefix) {
        headers.removeIf(h -> h[0].startsWith(prefix));
        return this;
    }

    /** The event's own body ({@code BACKGROUND_JOB} results); its Content-Length is written for it. */
    EventTemplate body(String text) {
        body = text;
        remove("Content-Length");
        if (text != null) {
            headers.add(new String[] {"Content-Length", Integer.toString(text.getBytes(StandardCharsets.UTF_8).length)});
        }
        return this;
    }

    String render() {
        StringBuilder event = new StringBuilder(4096);
        for (String[] h : headers) {
            event.append(h[0]).append(": ").append(h[1]).append('\n');
        }
        event.append('\n');
        // names and %-encoded values are ASCII: one char, one byte
        int length = event.length() + (body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length);
        if (body != null) {
            event.append(body);
        }
        return "Content-Length: " + length + "\nContent-Type: text/event-plain\n\n" + event;
    }

    /** switch_url_encode: everything but letters, digits and {@code -_.!~*'()/,} is %XX (UTF-8). */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 128 || "-_.!~*'()/,".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
