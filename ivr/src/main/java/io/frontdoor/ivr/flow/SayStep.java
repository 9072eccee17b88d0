package io.frontdoor.ivr.flow;

import io.frontdoor.callback.customer.Customer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code say: "Thank you {customer.name}", next: step} — speaks a template by TTS. Placeholders:
 * {@code {customer.name}}, {@code {customer.salutation}}, {@code {last_choice}},
 * {@code {vars.NAME}}. The name is spoken only when the caller ID is trusted, as for greetings.
 */
record SayStep(String name, String template, String next) implements Step {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final List<String> FIXED = List.of("customer.name", "customer.salutation", "last_choice");

    static Step parse(StepContext ctx) {
        String template = ctx.scalar(ctx.fields.get("say"), "'say'");
        if (template != null) {
            Matcher m = PLACEHOLDER.matcher(template);
            while (m.find()) {
                String key = m.group(1).trim();
                if (!FIXED.contains(key) && !key.matches("vars\\.[A-Za-z_][A-Za-z0-9_]*")) {
                    ctx.problems.at(ctx.fields.get("say"), "step '" + ctx.step + "' says unknown placeholder {"
                            + key + "} (expected customer.name, customer.salutation, last_choice or vars.NAME)");
                }
            }
        }
        return new SayStep(ctx.step, template, ctx.next());
    }

    @Override
    public String execute(CallSession session) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(session, m.group(1).trim())));
        }
        m.appendTail(out);
        session.say(out.toString().replaceAll("\\s+", " ").trim());
        return next;
    }

    private static String value(CallSession session, String key) {
        Customer c = session.caller().nameTrusted() ? session.caller().customer() : null;
        return switch (key) {
            case "customer.name" -> c == null ? "" : c.name();
            case "customer.salutation" -> c == null ? "" : c.salutation();
            case "last_choice" -> session.lastChoice();
            default -> session.vars().getOrDefault(key.substring("vars.".length()), "");
        };
    }
}
