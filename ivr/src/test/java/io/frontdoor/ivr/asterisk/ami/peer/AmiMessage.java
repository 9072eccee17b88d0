package io.frontdoor.ivr.asterisk.ami.peer;

import java.util.ArrayList;
import java.util.List;

/**
 * One AMI message (action, response or event): ordered {@code Name: value} headers, duplicates
 * kept ({@code Variable:} may repeat). Mutable on purpose: the peer builds replies header by
 * header, in exactly the order Asterisk 22 writes them.
 */
public final class AmiMessage {
    private final List<String[]> headers = new ArrayList<>();

    /** Appends a header; the order of calls is the order on the wire. */
    public AmiMessage add(String name, Object value) {
        headers.add(new String[] {name, String.valueOf(value)});
        return this;
    }

    /** Appends {@code ActionID} only when the request carried one, as Asterisk does. */
    public AmiMessage addActionId(AmiMessage request) {
        String id = request.get("ActionID");
        return id == null ? this : add("ActionID", id);
    }

    /** The first value of a header (names are case-insensitive, as in Asterisk), or null. */
    public String get(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    /** Every value of a header, in wire order ({@code Variable} lines of an Originate). */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                values.add(h[1]);
            }
        }
        return values;
    }

    /**
     * The channel variables of an Originate: every {@code Variable: NAME=value} header (Asterisk
     * also accepts several {@code NAME=value} pairs in one header, comma-separated).
     */
    public java.util.Map<String, String> variables() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String v : all("Variable")) {
            for (String pair : v.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
                }
            }
        }
        return out;
    }

    /** The headers as {@code [name, value]} pairs in wire order. */
    public List<String[]> headers() {
        return headers.stream().map(String[]::clone).toList();
    }

    /** The bytes on the wire: one CRLF-terminated line per header, then an empty line. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (String[] h : headers) {
            sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** Parses header lines (without their CRLF); a line without ": " becomes a header with an empty value. */
    public static AmiMessage parse(List<String> lines) {
        AmiMessage message = new AmiMessage();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                message.add(line, "");
            } else {
                String value = line.substring(colon + 1);
                message.add(line.substring(0, colon), value.startsWith(" ") ? value.substring(1) : value);
            }
        }
        return message;
    }

    @Override
    public String toString() {
        return render();
    }
}
