package io.frontdoor.ivr.asterisk.peer;

import java.util.ArrayList;
import java.util.List;

/** Splits an AGI command line the way res_agi's {@code parse_args} does (quotes, backslashes). */
final class AgiArgs {
    private AgiArgs() {
    }

    static List<String> split(String line) {
        List<String> args = new ArrayList<>(6);
        StringBuilder current = null;
        boolean quoted = false;
        boolean escaped = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && !escaped) {
                quoted = !quoted;
                if (quoted && current == null) {
                    current = new StringBuilder();
                }
                continue;
            }
            if ((c == ' ' || c == '\t') && !quoted && !escaped) {
                if (current != null) {
                    args.add(current.toString());
                    current = null;
                }
                continue;
            }
            if (c == '\\' && !escaped) {
                escaped = true;
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
            }
            current.append(c);
            escaped = false;
        }
        if (current != null) {
            args.add(current.toString());
        }
        return args;
    }
}
