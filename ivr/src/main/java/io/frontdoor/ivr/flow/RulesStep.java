package io.frontdoor.ivr.flow;

import io.frontdoor.ivr.rules.Rule;
import io.frontdoor.ivr.rules.RuleCompileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * {@code rules: [ {when: "CEL", goto: step}, ..., {otherwise: step} ]} — the first rule that holds
 * chooses the next step; {@code otherwise} (required, last) catches the rest.
 */
record RulesStep(String name, List<Branch> branches, String otherwise) implements Step {

    /** One {@code when}/{@code goto} entry. */
    record Branch(Rule rule, String target) {
    }

    private static final Pattern HOURS = Pattern.compile("\\bhours\\s*(?:\\.\\s*([A-Za-z_]\\w*)|\\[\\s*['\"]([^'\"]*)['\"]\\s*])");

    static Step parse(StepContext ctx) {
        Node list = ctx.fields.get("rules");
        List<Branch> branches = new ArrayList<>();
        String otherwise = null;
        if (!(list instanceof SequenceNode seq)) {
            ctx.problems.at(list, "step '" + ctx.step + "': 'rules' must be a list of when/goto entries");
            return new RulesStep(ctx.step, branches, null);
        }
        for (Node item : seq.getValue()) {
            Fields entry = Fields.of(item, "step '" + ctx.step + "' rule", ctx.problems);
            if (entry == null) {
                continue;
            }
            if (otherwise != null) {
                ctx.problems.at(item, "step '" + ctx.step + "': rule after 'otherwise' is never reached");
            }
            if (entry.has("otherwise")) {
                entry.allowOnly(Set.of("otherwise"));
                otherwise = ctx.target(entry.get("otherwise"), "'otherwise'");
                continue;
            }
            entry.allowOnly(Set.of("when", "goto"));
            Rule rule = compile(ctx, entry);
            String target = entry.has("goto") ? ctx.target(entry.get("goto"), "'goto'") : null;
            if (!entry.has("goto")) {
                ctx.problems.at(item, "step '" + ctx.step + "': rule is missing 'goto'");
            }
            if (rule != null && target != null) {
                branches.add(new Branch(rule, target));
            }
        }
        if (otherwise == null) {
            ctx.problems.at(list, "step '" + ctx.step + "': rules need a final 'otherwise'");
        }
        return new RulesStep(ctx.step, List.copyOf(branches), otherwise);
    }

    private static Rule compile(StepContext ctx, Fields entry) {
        String when = entry.text("when");
        if (when == null) {
            return null;
        }
        Node node = entry.get("when");
        Matcher m = HOURS.matcher(when);
        boolean ok = true;
        while (m.find()) {
            String calendar = m.group(1) != null ? m.group(1) : m.group(2);
            if (!ctx.calendars.contains(calendar)) {
                ctx.problems.at(node, "step '" + ctx.step + "': rule uses hours." + calendar
                        + " but the flow has no calendar '" + calendar + "'");
                ok = false;
            }
        }
        try {
            Rule rule = ctx.rules.compile(when);
            return ok ? rule : null;
        } catch (RuleCompileException e) {
            ctx.problems.at(node, "step '" + ctx.step + "': rule \"" + when + "\" does not compile: "
                    + e.getMessage());
            return null;
        }
    }

    @Override
    public String execute(CallSession session) {
        Map<String, Object> variables = session.ruleVariables();
        for (Branch b : branches) {
            if (b.rule().test(variables)) {
                return b.target();
            }
        }
        return otherwise;
    }
}
