package io.frontdoor.ivr.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code set: { campaign: autumn }, channel: true, next: step} — sets flow variables (rules read
 * them as {@code vars.NAME}); with {@code channel: true} they are also set on the switch channel.
 */
record SetStep(String name, Map<String, String> values, boolean channel, String next) implements Step {

    static Step parse(StepContext ctx) {
        Map<String, String> values = new LinkedHashMap<>();
        Fields body = Fields.of(ctx.fields.get("set"), "step '" + ctx.step + "' set", ctx.problems);
        if (body != null) {
            for (String key : body.names()) {
                if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    ctx.problems.at(body.keyNode(key), "step '" + ctx.step + "': variable name '" + key
                            + "' must be letters, digits and _");
                }
                String value = body.optText(key, "");
                values.put(key, value == null ? "" : value);
            }
        }
        boolean channel = false;
        Node c = ctx.fields.get("channel");
        if (c != null) {
            String text = ctx.scalar(c, "'channel'");
            channel = "true".equals(text);
            if (text != null && !channel && !"false".equals(text)) {
                ctx.problems.at(c, "step '" + ctx.step + "': 'channel' must be true or false");
            }
        }
        return new SetStep(ctx.step, Map.copyOf(values), channel, ctx.next());
    }

    @Override
    public String execute(CallSession session) {
        session.vars().putAll(values);
        if (channel) {
            values.forEach((k, v) -> session.call().setVariable(k, v));
        }
        return next;
    }
}
