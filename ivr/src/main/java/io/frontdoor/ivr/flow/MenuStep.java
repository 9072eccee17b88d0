package io.frontdoor.ivr.flow;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code menu: { prompt, choices: {"1": step}, timeout: 5s, retries: 2, invalid, no_input, on_fail }}
 * — collects DTMF. A wrong or missing key plays {@code invalid} / {@code no_input} and asks again;
 * after the first try and {@code retries} more all fail, the call goes to {@code on_fail}.
 *
 * <p>Choices written {@code "1": { goto: balance, say: [balance, "my balance"] }} may also be
 * spoken ({@link MenuSpeech}); {@link SpokenMenu} runs such a menu when the call can hear speech.
 */
record MenuStep(String name, String prompt, Map<String, String> choices, Duration timeout, int retries,
        String invalid, String noInput, String onFail, MenuSpeech speech) implements Step {

    private static final Set<String> KEYS = Set.of("prompt", "choices", "timeout", "retries", "invalid",
            "no_input", "on_fail", "speech_prompt", "confirm", "confirm_below");
    private static final Set<String> CHOICE_KEYS = Set.of("goto", "say");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(ms|s|m)");

    static Step parse(StepContext ctx) {
        Fields body = ctx.body("menu", KEYS);
        if (body == null) {
            return new MenuStep(ctx.step, null, Map.of(), Duration.ofSeconds(5), 0, null, null, null, null);
        }
        String prompt = ctx.prompt(body.get("prompt"), "menu 'prompt'", false);
        Map<String, String> choices = new LinkedHashMap<>();
        Fields keys = body.has("choices") ? Fields.of(body.get("choices"), "step '" + ctx.step + "' choices", ctx.problems) : null;
        if (!body.has("choices") || keys != null && keys.names().isEmpty()) {
            ctx.problems.at(body.node(), "step '" + ctx.step + "' menu has no choices");
        }
        Map<String, List<String>> said = new LinkedHashMap<>();
        if (keys != null) {
            Map<String, String> seen = MenuSpeech.seenPhrases();
            for (String digits : keys.names()) {
                if (!digits.matches("[0-9*]{1,10}")) {
                    ctx.problems.at(keys.keyNode(digits), "step '" + ctx.step + "': choice '" + digits
                            + "' must be 1-10 of the keys 0-9 and * (# ends input)");
                }
                Node value = keys.get(digits);
                if (value instanceof MappingNode) {
                    Fields choice = Fields.of(value, "step '" + ctx.step + "' choice '" + digits + "'", ctx.problems);
                    choice.allowOnly(CHOICE_KEYS);
                    String to = choice.has("goto") ? ctx.target(choice.get("goto"), "choice '" + digits + "' goto") : null;
                    if (!choice.has("goto")) {
                        ctx.problems.at(value, "step '" + ctx.step + "': choice '" + digits + "' is missing 'goto'");
                    }
                    if (to != null) {
                        choices.put(digits, to);
                    }
                    said.put(digits, MenuSpeech.phrases(ctx, digits, choice, seen));
                    continue;
                }
                String to = ctx.target(value, "choice '" + digits + "'");
                if (to != null) {
                    choices.put(digits, to);
                }
            }
        }
        Duration timeout = duration(ctx, body.get("timeout"));
        int retries = retries(ctx, body.get("retries"));
        String invalid = ctx.prompt(body.get("invalid"), "menu 'invalid'", true);
        String noInput = ctx.prompt(body.get("no_input"), "menu 'no_input'", true);
        String onFail = body.has("on_fail") ? ctx.target(body.get("on_fail"), "'on_fail'") : null;
        if (onFail == null && !body.has("on_fail")) {
            ctx.problems.at(body.node(), "step '" + ctx.step + "' menu is missing 'on_fail'");
        }
        MenuSpeech speech = MenuSpeech.of(ctx, body, said, prompt);
        return new MenuStep(ctx.step, prompt, Map.copyOf(choices), timeout, retries, invalid, noInput, onFail, speech);
    }

    private static Duration duration(StepContext ctx, Node node) {
        if (node == null) {
            return Duration.ofSeconds(5);
        }
        String text = ctx.scalar(node, "menu 'timeout'");
        Matcher m = text == null ? null : DURATION.matcher(text);
        if (m != null && m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
            if (d.compareTo(Duration.ofSeconds(1)) >= 0 && d.compareTo(Duration.ofSeconds(60)) <= 0) {
                return d;
            }
        }
        if (text != null) {
            ctx.problems.at(node, "step '" + ctx.step + "': bad timeout '" + text
                    + "' (expected 1s to 60s, like 5s or 1500ms)");
        }
        return Duration.ofSeconds(5);
    }

    private static int retries(StepContext ctx, Node node) {
        if (node == null) {
            return 2;
        }
        String text = ctx.scalar(node, "menu 'retries'");
        if (text != null && text.matches("\\d")) {
            return Integer.parseInt(text);
        }
        if (text != null) {
            ctx.problems.at(node, "step '" + ctx.step + "': retries '" + text + "' must be 0 to 9");
        }
        return 2;
    }

    /** Whether callers may speak their choice (some choice has {@code say}). */
    boolean takesSpeech() {
        return speech != null;
    }

    @Override
    public String execute(CallSession session) {
        if (speech != null && session.canHearSpeech()) {
            return new SpokenMenu(this, session).run();
        }
        return keysOnly(session, retries);
    }

    /** The DTMF menu: the first try and {@code retriesLeft} more, then {@code on_fail}. */
    String keysOnly(CallSession session, int retriesLeft) {
        int maxDigits = choices.keySet().stream().mapToInt(String::length).max().orElse(1);
        for (int attempt = 0; attempt <= retriesLeft; attempt++) {
            String digits = session.call().collectDigits(session.prompt(prompt, Map.of()), maxDigits, timeout);
            String target = choices.get(digits);
            if (target != null) {
                session.recordChoice(name, digits);
                return target;
            }
            String sorry = digits.isEmpty() ? noInput : invalid;
            if (sorry != null && attempt < retriesLeft) {
                session.play(sorry);
            }
        }
        return onFail;
    }


    @Override
    public boolean waitsForInput() {
        return true;
    }
}
