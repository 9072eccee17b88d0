package io.frontdoor.ivr.flow;

import io.frontdoor.ivr.rules.RuleEngine;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * What a step kind needs to parse itself: its YAML, where to report problems, and where to note
 * the steps and prompts it refers to (checked once the whole file is read).
 */
final class StepContext {

    /** A reference from one step to another, with the line that makes it. */
    record Ref(String from, String to, int line) {
    }

    /** A prompt id used by a step, with its line. */
    record PromptRef(String step, String id, int line) {
    }

    final String step;
    final Fields fields;
    final Problems problems;
    final RuleEngine rules;
    final Set<String> calendars;
    private final List<Ref> refs;
    private final List<PromptRef> prompts;
    private final Set<String> languages;

    StepContext(String step, Fields fields, RuleEngine rules, Set<String> calendars, List<Ref> refs,
            List<PromptRef> prompts, Set<String> languages) {
        this.step = step;
        this.fields = fields;
        this.problems = fields.problems();
        this.rules = rules;
        this.calendars = calendars;
        this.refs = refs;
        this.prompts = prompts;
        this.languages = languages;
    }

    /** The step's mapping body under its kind key, checked against the allowed keys. */
    Fields body(String kind, Set<String> allowed) {
        Fields body = Fields.of(fields.get(kind), "step '" + step + "' " + kind, problems);
        if (body != null) {
            body.allowOnly(allowed);
        }
        return body;
    }

    /** A text value of a scalar node, reporting anything else. */
    String scalar(Node node, String what) {
        if (node instanceof ScalarNode s && !s.getValue().isBlank()) {
            return s.getValue().trim();
        }
        problems.at(node, "step '" + step + "': " + what + " must be a non-empty text value");
        return null;
    }

    /** Reads a step name from a node and notes the reference. */
    String target(Node node, String what) {
        String to = scalar(node, what);
        if (to != null) {
            refs.add(new Ref(step, to, Problems.line(node)));
        }
        return to;
    }

    /** The required {@code next} of a step that continues. */
    String next() {
        if (!fields.has("next")) {
            problems.at(fields.node(), "step '" + step + "' is missing 'next'");
            return null;
        }
        return target(fields.get("next"), "'next'");
    }

    /** Reads a prompt id from a node (absent allowed when {@code optional}) and notes it. */
    String prompt(Node node, String what, boolean optional) {
        if (node == null) {
            if (!optional) {
                problems.at(fields.node(), "step '" + step + "' is missing " + what);
            }
            return null;
        }
        String id = scalar(node, what);
        if (id != null) {
            prompts.add(new PromptRef(step, id, Problems.line(node)));
        }
        return id;
    }

    /** Notes a prompt the step uses without naming it in the file (a default), at a node's line. */
    void notePrompt(String id, Node at) {
        prompts.add(new PromptRef(step, id, Problems.line(at)));
    }

    /** Notes a language the flow may switch to, so its prompts are checked in it too. */
    void usesLanguage(String language) {
        languages.add(language);
    }
}
