package io.frontdoor.ivr.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;

/** How the command line prints: JSON for {@code --json}, times in UTC to the second, "-" for nothing. */
final class CliOutput {
    private CliOutput() {
    }

    /** Indented JSON with ISO-8601 times. */
    static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** {@code 2026-11-23T02:00:00}, or "-". */
    static String time(Instant t) {
        return t == null ? "-" : t.toString().substring(0, 19);
    }

    /** The text, or "-" when there is none. */
    static String nz(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
