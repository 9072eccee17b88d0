package io.frontdoor.ivr.flow;

import io.frontdoor.callback.schedule.BusinessCalendar;
import io.frontdoor.ivr.rules.RuleEngine;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads one dialplan file into a {@link Dialplan}, collecting every problem of the file (not just
 * the first) as {@code file:line: reason}. Whole-flow checks (references, loops, prompts) are the
 * {@link DialplanValidator}'s.
 */
public final class DialplanLoader {

    /** The flow, or null when the file has errors; the errors, empty when the flow loaded. */
    public record Result(Dialplan flow, List<String> errors) {
        public Result {
            errors = List.copyOf(errors);
        }
    }

    private static final Set<String> TOP_KEYS = Set.of("name", "description", "hotline", "language",
            "timezone", "calendars", "start", "steps");

    private final RuleEngine rules;
    private final BiPredicate<String, String> promptExists;

    /**
     * @param rules        compiles the flow's conditions
     * @param promptExists {@code (promptId, language) -> known}; {@code null} skips prompt checks
     */
    public DialplanLoader(RuleEngine rules, BiPredicate<String, String> promptExists) {
        this.rules = rules;
        this.promptExists = promptExists;
    }

    /** Loads and validates one file. */
    public Result load(Path file) {
        Problems problems = new Problems(file.toString());
        Node root = YamlSource.compose(file, problems);
        if (root == null) {
            return new Result(null, problems.list());
        }
        Dialplan flow = parse(file, root, problems);
        return new Result(problems.isEmpty() ? flow : null, problems.list());
    }

    private Dialplan parse(Path file, Node root, Problems problems) {
        Fields top = Fields.of(root, "dialplan", problems);
        if (top == null) {
            return null;
        }
        top.allowOnly(TOP_KEYS);
        String name = top.optText("name", file.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
        if (name != null && !name.matches("[A-Za-z0-9_-]+")) {
            problems.at(top.get("name"), "flow name '" + name + "' must be letters, digits, _ and -");
        } else if (CallbackCallFlow.FLOW_NAME.equals(name)) {
            problems.at(top.has("name") ? top.get("name") : root, "flow name '" + name
                    + "' is reserved for the calls FrontDoor makes to keep callbacks");
        }
        Map<String, Integer> hotlines = hotlines(top, problems);
        String language = top.has("language") ? Dialplan.language(top.get("language"), problems, "dialplan") : "en";
        ZoneId zone = zone(top, problems);
        Map<String, BusinessCalendar> calendars = top.has("calendars") ? CalendarParser.parse(top.get("calendars"), problems) : Map.of();
        String start = top.text("start");

        List<StepContext.Ref> refs = new ArrayList<>();
        List<StepContext.PromptRef> prompts = new ArrayList<>();
        Set<String> languages = new HashSet<>();
        if (language != null) {
            languages.add(language);
        }
        Map<String, Step> steps = new LinkedHashMap<>();
        Fields stepNodes = top.has("steps") ? Fields.of(top.get("steps"), "steps", problems) : null;
        if (!top.has("steps") || stepNodes != null && stepNodes.names().isEmpty()) {
            problems.at(top.has("steps") ? top.get("steps") : root, "dialplan has no steps");
        }
        if (stepNodes != null) {
            for (String stepName : stepNodes.names()) {
                if (stepName.equals(Step.END)) {
                    problems.at(stepNodes.keyNode(stepName), "'end' is reserved and cannot name a step");
                }
                Fields f = Fields.of(stepNodes.get(stepName), "step '" + stepName + "'", problems);
                Step step = f == null ? null : StepFactory.create(
                        new StepContext(stepName, f, rules, calendars.keySet(), refs, prompts, languages));
                if (step != null) {
                    steps.put(stepName, step);
                }
            }
            DialplanValidator validator = new DialplanValidator(problems, stepNodes, promptExists);
            validator.check(start, top.get("start"), refs, prompts, languages, steps);
            validator.checkSpeechLanguage(language, steps);
        }
        return new Dialplan(name, file, hotlines, language, zone, calendars, start, steps);
    }

    private static Map<String, Integer> hotlines(Fields top, Problems problems) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (ScalarNode n : top.texts("hotline")) {
            String digits = Dialplan.digits(n.getValue());
            if (!digits.matches("[0-9*#]{1,20}")) {
                problems.at(n, "hotline '" + n.getValue() + "' is not a phone number or extension");
            } else if (out.putIfAbsent(digits, Problems.line(n)) != null) {
                problems.at(n, "hotline '" + n.getValue() + "' is listed twice");
            }
        }
        return out;
    }

    private static ZoneId zone(Fields top, Problems problems) {
        String text = top.optText("timezone", "UTC");
        try {
            return text == null ? ZoneId.of("UTC") : ZoneId.of(text);
        } catch (DateTimeException e) {
            problems.at(top.get("timezone"), "unknown timezone '" + text + "' (expected e.g. Asia/Shanghai)");
            return ZoneId.of("UTC");
        }
    }
}
