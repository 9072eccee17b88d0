package io.frontdoor.ivr.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The keys of one YAML mapping with their nodes, so every check can point at a line. Reports
 * duplicate keys (SnakeYAML's composer keeps both silently) and non-text keys as it reads.
 */
final class Fields {
    private final Node node;
    private final String where;
    private final Problems problems;
    private final Map<String, Node> keys = new LinkedHashMap<>();
    private final Map<String, Node> values = new LinkedHashMap<>();

    private Fields(Node node, String where, Problems problems) {
        this.node = node;
        this.where = where;
        this.problems = problems;
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    problems.at(t.getKeyNode(), where + " has a key that is not text");
                } else if (keys.containsKey(k.getValue())) {
                    problems.at(k, where + " has key '" + k.getValue() + "' twice");
                } else {
                    keys.put(k.getValue(), k);
                    values.put(k.getValue(), t.getValueNode());
                }
            }
        }
    }

    /** Reads a node that must be a mapping; reports it and returns null otherwise. */
    static Fields of(Node node, String where, Problems problems) {
        if (node instanceof MappingNode) {
            return new Fields(node, where, problems);
        }
        problems.at(node, where + " must be a mapping of key: value");
        return null;
    }

    Node node() {
        return node;
    }

    String where() {
        return where;
    }

    Problems problems() {
        return problems;
    }

    Set<String> names() {
        return keys.keySet();
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    Node get(String key) {
        return values.get(key);
    }

    Node keyNode(String key) {
        return keys.get(key);
    }

    /** Reports every key not in {@code allowed}, at the key's line. */
    void allowOnly(Set<String> allowed) {
        keys.forEach((k, n) -> {
            if (!allowed.contains(k)) {
                problems.at(n, where + " has unknown key '" + k + "' (expected one of " + sorted(allowed) + ")");
            }
        });
    }

    /** A required text value; reports a missing key at the mapping's line. */
    String text(String key) {
        if (!has(key)) {
            problems.at(node, where + " is missing '" + key + "'");
            return null;
        }
        return optText(key, null);
    }

    /** An optional text value, or {@code fallback} when absent. */
    String optText(String key, String fallback) {
        Node v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof ScalarNode s && !s.getValue().isBlank()) {
            return s.getValue().trim();
        }
        problems.at(v, where + ": '" + key + "' must be a non-empty text value");
        return null;
    }

    /** A scalar or a list of scalars, as text values with their nodes. */
    List<ScalarNode> texts(String key) {
        Node v = values.get(key);
        List<ScalarNode> out = new ArrayList<>();
        if (v instanceof ScalarNode s) {
            out.add(s);
        } else if (v instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode s) {
                    out.add(s);
                } else {
                    problems.at(item, where + ": every entry of '" + key + "' must be a text value");
                }
            }
        } else if (v != null) {
            problems.at(v, where + ": '" + key + "' must be a value or a list of values");
        }
        return out;
    }

    static String sorted(Set<String> names) {
        return String.join(", ", names.stream().sorted().toList());
    }
}
