package io.frontdoor.ivr.freeswitch;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An ESL header block as read, in order, unmodifiable; for an event, values are %-decoded when
 * asked for, not all at once: a channel event carries a hundred headers and a call reads a few.
 */
final class HeaderMap extends AbstractMap<String, String> {
    private final Map<String, String> raw;
    private final boolean encoded;
    private volatile Set<Entry<String, String>> entries;

    HeaderMap(Map<String, String> raw, boolean encoded) {
        this.raw = raw;
        this.encoded = encoded;
    }

    /** The same headers, values to be %-decoded. */
    HeaderMap encoded() {
        return new HeaderMap(raw, true);
    }

    @Override
    public String get(Object key) {
        String v = raw.get(key);
        return encoded ? EslMessage.percentDecode(v) : v;
    }

    @Override
    public boolean containsKey(Object key) {
        return raw.containsKey(key);
    }

    @Override
    public int size() {
        return raw.size();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        Set<Entry<String, String>> e = entries;
        if (e == null) {
            if (encoded) {
                Map<String, String> decoded = new LinkedHashMap<>();
                raw.forEach((k, v) -> decoded.put(k, EslMessage.percentDecode(v)));
                e = Collections.unmodifiableMap(decoded).entrySet();
            } else {
                e = Collections.unmodifiableMap(raw).entrySet();
            }
            entries = e;
        }
        return e;
    }
}
