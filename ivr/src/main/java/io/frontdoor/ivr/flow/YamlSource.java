package io.frontdoor.ivr.flow;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Reads an admin-edited YAML file into nodes that keep their line numbers. */
final class YamlSource {
    private YamlSource() {
    }

    /**
     * The file's root node, or null with the reason reported (not valid YAML with its line,
     * unreadable, empty).
     */
    static Node compose(Path file, Problems problems) {
        Node root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowRecursiveKeys(false);
            root = new Yaml(options).compose(in);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.at(mark == null ? 1 : mark.getLine() + 1, "not valid YAML: " + e.getProblem());
            return null;
        } catch (IOException | RuntimeException e) {
            problems.at(1, "cannot read the file: " + e.getMessage());
            return null;
        }
        if (root == null) {
            problems.at(1, "file is empty");
        }
        return root;
    }
}
