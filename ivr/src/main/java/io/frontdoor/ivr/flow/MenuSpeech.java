package io.frontdoor.ivr.flow;

import io.frontdoor.ivr.speech.CmuDictionary;
import io.frontdoor.ivr.speech.Grammar;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The speech side of a menu: what may be said for each choice, and how an unsure recognition is
 * confirmed. Read from choices written as {@code "1": { goto: balance, say: [balance, "my balance"] }}
 * and the menu keys {@code speech_prompt}, {@code confirm}, {@code confirm_below}.
 *
 * @param grammar       the phrases per choice key
 * @param speechPrompt  prompt id played while speech is on (the menu's {@code prompt} if not set)
 * @param confirm       prompt id asking "did you say {choice}? press 1 for yes"
 * @param confirmBelow  a recognition less sure than this is confirmed (0 = never, 1 = always)
 */
record MenuSpeech(Grammar grammar, String speechPrompt, String confirm, double confirmBelow) {

    static final String DEFAULT_CONFIRM = "speech.confirm";
    static final double DEFAULT_CONFIRM_BELOW = 0.5;
    private static final String[] DIGIT_WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine"};

    /** The phrases of one choice's {@code say}, checked against the recognizer's dictionary. */
    static List<String> phrases(StepContext ctx, String key, Fields choice, Map<String, String> seen) {
        List<ScalarNode> nodes = choice.texts("say");
        if (choice.has("say") && nodes.isEmpty() && choice.get("say") instanceof org.yaml.snakeyaml.nodes.SequenceNode) {
            ctx.problems.at(choice.get("say"), "step '" + ctx.step + "': choice '" + key + "' has an empty 'say'");
        }
        CmuDictionary dictionary = CmuDictionary.english();
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (ScalarNode n : nodes) {
            String phrase = spellDigits(Grammar.normalise(n.getValue()));
            if (phrase.isEmpty()) {
                ctx.problems.at(n, "step '" + ctx.step + "': choice '" + key + "' has a 'say' phrase without words");
                continue;
            }
            for (String word : phrase.split(" ")) {
                if (!dictionary.knows(word)) {
                    ctx.problems.at(n, "step '" + ctx.step + "': choice '" + key + "': the speech recognizer does not know the word '"
                            + word + "' (not in its English dictionary, it would never be heard); use other words");
                }
            }
            String other = seen.putIfAbsent(phrase, key);
            if (other != null && !other.equals(key)) {
                ctx.problems.at(n, "step '" + ctx.step + "': '" + phrase + "' is said for both choice '" + other
                        + "' and choice '" + key + "'");
            }
            out.add(phrase);
        }
        return out;
    }

    /** "press 1" is heard as "press one": digits in a phrase are spoken digit by digit. */
    static String spellDigits(String phrase) {
        StringBuilder out = new StringBuilder();
        for (String word : phrase.split(" ")) {
            if (word.matches("\\d+")) {
                for (char c : word.toCharArray()) {
                    out.append(out.isEmpty() ? "" : " ").append(DIGIT_WORDS[c - '0']);
                }
            } else if (!word.isEmpty()) {
                out.append(out.isEmpty() ? "" : " ").append(word);
            }
        }
        return out.toString();
    }

    /** The menu-level speech keys, once every choice is read; null when no choice says anything. */
    static MenuSpeech of(StepContext ctx, Fields body, Map<String, List<String>> said, String prompt) {
        Map<String, List<String>> phrases = new LinkedHashMap<>();
        said.forEach((k, v) -> {
            if (!v.isEmpty()) {
                phrases.put(k, v);
            }
        });
        if (phrases.isEmpty()) {
            for (String key : new String[] {"speech_prompt", "confirm", "confirm_below"}) {
                if (body.has(key)) {
                    ctx.problems.at(body.keyNode(key), "step '" + ctx.step + "': '" + key
                            + "' needs choices with 'say' (this menu takes keys only)");
                }
            }
            return null;
        }
        String speechPrompt = body.has("speech_prompt") ? ctx.prompt(body.get("speech_prompt"), "menu 'speech_prompt'", true) : prompt;
        String confirm;
        if (body.has("confirm")) {
            confirm = ctx.prompt(body.get("confirm"), "menu 'confirm'", true);
        } else {
            confirm = DEFAULT_CONFIRM;
            ctx.notePrompt(DEFAULT_CONFIRM, body.node());
        }
        double below = confirmBelow(ctx, body.get("confirm_below"));
        return new MenuSpeech(new Grammar(phrases), speechPrompt, confirm, below);
    }

    private static double confirmBelow(StepContext ctx, Node node) {
        if (node == null) {
            return DEFAULT_CONFIRM_BELOW;
        }
        String text = ctx.scalar(node, "menu 'confirm_below'");
        try {
            double v = text == null ? -1 : Double.parseDouble(text);
            if (v >= 0 && v <= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        if (text != null) {
            ctx.problems.at(node, "step '" + ctx.step + "': confirm_below '" + text
                    + "' must be a number from 0 (never confirm) to 1 (always confirm)");
        }
        return DEFAULT_CONFIRM_BELOW;
    }

    /** Placeholder so the map type reads well at call sites. */
    static Map<String, String> seenPhrases() {
        return new HashMap<>();
    }
}
