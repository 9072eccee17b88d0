package io.frontdoor.ivr.flow;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every validation error of one dialplan file as {@code file:line: reason}. */
final class Problems {
    private final String file;
    private final List<String> errors = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void at(int line, String reason) {
        errors.add(file + ":" + line + ": " + reason);
    }

    void at(Node node, String reason) {
        at(line(node), reason);
    }

    static int line(Node node) {
        return node == null ? 1 : node.getStartMark().getLine() + 1;
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    List<String> list() {
        return List.copyOf(errors);
    }
}
