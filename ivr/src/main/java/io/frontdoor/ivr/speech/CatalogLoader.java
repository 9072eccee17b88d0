package io.frontdoor.ivr.speech;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code prompts/catalog.yaml} (schema in {@code prompts/README.md}). It walks snakeyaml's
 * node tree rather than plain maps so that every error can name the file and line an admin has
 * to fix.
 */
public final class CatalogLoader {
    private static final String ID = "[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*";

    /** A loaded catalog: its languages and, per prompt id, the text per language. */
    public record Texts(List<String> languages, Map<String, Map<String, String>> prompts) {
        public Texts {
            languages = List.copyOf(languages);
            prompts = Collections.unmodifiableMap(new LinkedHashMap<>(prompts));
        }
    }

    private final String file;

    private CatalogLoader(Path file) {
        this.file = file.toString();
    }

    /** @throws CatalogException with "file:line: reason" when the file is unreadable or invalid */
    public static Texts load(Path file) {
        return new CatalogLoader(file).read(file);
    }

    private Texts read(Path path) {
        Node root;
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new CatalogException(file + ":" + line + ": not valid YAML: " + e.getProblem(), e);
        } catch (YAMLException | IOException e) {
            throw new CatalogException(file + ": cannot read the prompt catalog: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new CatalogException(file + ":1: the prompt catalog is empty");
        }
        Map<String, Node> top = mapping(root, "the catalog", List.of("languages", "prompts"));
        List<String> languages = languages(require(top, "languages", root));
        Node promptsNode = require(top, "prompts", root);
        Map<String, Map<String, String>> prompts = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : mapping(promptsNode, "prompts", null).entrySet()) {
            String id = e.getKey();
            if (!id.matches(ID)) {
                throw error(e.getValue(), "prompt id '" + id + "' must be dotted lower-case words, e.g. menu.main");
            }
            Map<String, String> texts = new LinkedHashMap<>();
            for (Map.Entry<String, Node> t : mapping(e.getValue(), "prompt " + id, languages).entrySet()) {
                String text = scalar(t.getValue(), "prompt " + id + " (" + t.getKey() + ")").strip();
                if (text.isEmpty()) {
                    throw error(t.getValue(), "prompt " + id + " has an empty " + t.getKey() + " text");
                }
                String bad = Placeholders.malformed(text);
                if (bad != null) {
                    throw error(t.getValue(), "prompt " + id + " (" + t.getKey() + "): malformed placeholder near '"
                            + bad + "'; write {name}");
                }
                texts.put(t.getKey(), text);
            }
            if (texts.isEmpty()) {
                throw error(e.getValue(), "prompt " + id + " has no text in any language");
            }
            prompts.put(id, texts);
        }
        return new Texts(languages, prompts);
    }

    private List<String> languages(Node node) {
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw error(node, "'languages' must be a non-empty list, e.g. [en, zh]");
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            String lang = scalar(item, "languages");
            if (!lang.matches("[a-z]{2,3}")) {
                throw error(item, "language '" + lang + "' must be a 2- or 3-letter code such as en or zh");
            }
            if (out.contains(lang)) {
                throw error(item, "language '" + lang + "' is listed twice");
            }
            out.add(lang);
        }
        return out;
    }

    /** A mapping's entries by key; {@code allowed} (when not null) rejects any other key. */
    private Map<String, Node> mapping(Node node, String what, List<String> allowed) {
        if (!(node instanceof MappingNode map)) {
            throw error(node, what + " must be a mapping of key: value");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            String key = scalar(tuple.getKeyNode(), what + " key");
            if (allowed != null && !allowed.contains(key)) {
                String kind = what.startsWith("prompt ") ? "unknown language" : "unknown key";
                throw error(tuple.getKeyNode(), what + ": " + kind + " '" + key + "' (expected one of "
                        + String.join(", ", allowed) + ")");
            }
            if (out.putIfAbsent(key, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), what + ": '" + key + "' appears twice");
            }
        }
        return out;
    }

    private Node require(Map<String, Node> map, String key, Node parent) {
        Node node = map.get(key);
        if (node == null) {
            throw error(parent, "the catalog needs a '" + key + "' section");
        }
        return node;
    }

    private String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode s)) {
            throw error(node, what + " must be plain text");
        }
        return s.getValue();
    }

    private CatalogException error(Node node, String reason) {
        return new CatalogException(file + ":" + (node.getStartMark().getLine() + 1) + ": " + reason);
    }
}
