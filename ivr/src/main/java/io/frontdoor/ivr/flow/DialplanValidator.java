package io.frontdoor.ivr.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Whole-flow checks once every step is read: the start step and every reference exist, every
 * prompt is in the audio catalog in every language the flow can speak, and no loop of steps
 * runs without waiting for the caller (a goto/rules/set/language loop would spin forever).
 */
final class DialplanValidator {
    private final Problems problems;
    private final Fields stepNodes;
    private final BiPredicate<String, String> promptExists;

    DialplanValidator(Problems problems, Fields stepNodes, BiPredicate<String, String> promptExists) {
        this.problems = problems;
        this.stepNodes = stepNodes;
        this.promptExists = promptExists;
    }

    void check(String start, Node startNode, List<StepContext.Ref> refs, List<StepContext.PromptRef> prompts,
            Set<String> languages, Map<String, Step> steps) {
        if (start != null && !stepNodes.has(start)) {
            problems.at(startNode, "start step '" + start + "' does not exist");
        }
        for (StepContext.Ref r : refs) {
            if (!r.to().equals(Step.END) && !stepNodes.has(r.to())) {
                problems.at(r.line(), "step '" + r.from() + "' goes to unknown step '" + r.to() + "'");
            }
        }
        if (promptExists != null) {
            for (StepContext.PromptRef p : prompts) {
                for (String lang : new TreeSet<>(languages)) {
                    if (!promptExists.test(p.id(), lang)) {
                        problems.at(p.line(), "step '" + p.step() + "' uses prompt '" + p.id()
                                + "' that is not in the audio catalog for language '" + lang + "'");
                    }
                }
            }
        }
        checkLoops(refs, steps);
    }

    /**
     * Speech recognition is English only (no Mandarin model exists for the engine): a flow that
     * starts in Mandarin may not have spoken choices. A menu reached after a switch to Mandarin at
     * run time (a {@code language} step, a customer's own language) takes keys only.
     */
    void checkSpeechLanguage(String flowLanguage, Map<String, Step> steps) {
        if (!"zh".equals(flowLanguage)) {
            return;
        }
        steps.forEach((name, step) -> {
            if (step instanceof MenuStep menu && menu.takesSpeech()) {
                problems.at(stepNodes.keyNode(name), "step '" + name + "': spoken choices ('say') need an English flow; "
                        + "this flow's language is zh and there is no Mandarin speech recognizer (Mandarin menus take keys only)");
            }
        });
    }

    private void checkLoops(List<StepContext.Ref> refs, Map<String, Step> steps) {
        // only edges between steps that do not wait: a loop through a menu is a legitimate "main menu"
        Map<String, Set<String>> edges = new HashMap<>();
        for (StepContext.Ref r : refs) {
            if (busy(steps.get(r.from())) && busy(steps.get(r.to()))) {
                edges.computeIfAbsent(r.from(), k -> new LinkedHashSet<>()).add(r.to());
            }
        }
        Set<String> reported = new HashSet<>();
        for (String step : stepNodes.names()) {
            if (reported.contains(step) || !reach(step, edges).contains(step)) {
                continue;
            }
            List<String> loop = new ArrayList<>();
            for (String other : stepNodes.names()) {
                if (reach(step, edges).contains(other) && reach(other, edges).contains(step)) {
                    loop.add(other);
                }
            }
            reported.addAll(loop);
            problems.at(stepNodes.keyNode(step), "steps " + String.join(", ", loop)
                    + " form a loop that never waits for the caller (add a menu or an exit)");
        }
    }

    private static boolean busy(Step step) {
        return step != null && !step.waitsForInput();
    }

    private static Set<String> reach(String from, Map<String, Set<String>> edges) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(edges.getOrDefault(from, Set.of()));
        while (!todo.isEmpty()) {
            String s = todo.pop();
            if (seen.add(s)) {
                todo.addAll(edges.getOrDefault(s, Set.of()));
            }
        }
        return seen;
    }
}
