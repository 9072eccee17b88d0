package io.frontdoor.ivr.flow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns one step's YAML into a {@link Step}: finds the kind key, checks the step-level keys, and
 * lets the kind's class validate the rest. Problems go to the context; a step with problems is
 * still returned so the file's other errors are found too (the file is rejected anyway).
 */
final class StepFactory {

    private record Kind(Function<StepContext, Step> parser, Set<String> extraKeys) {
    }

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        Set<String> next = Set.of("next");
        KINDS.put("greet", new Kind(GreetStep::parse, next));
        KINDS.put("play", new Kind(PlayStep::parse, next));
        KINDS.put("say", new Kind(SayStep::parse, next));
        KINDS.put("menu", new Kind(MenuStep::parse, Set.of()));
        KINDS.put("rules", new Kind(RulesStep::parse, Set.of()));
        KINDS.put("language", new Kind(LanguageStep::parse, next));
        KINDS.put("queue", new Kind(QueueStep::parse, Set.of()));
        KINDS.put("transfer", new Kind(TransferStep::parse, Set.of()));
        KINDS.put("set", new Kind(SetStep::parse, Set.of("next", "channel")));
        KINDS.put("hangup", new Kind(HangupStep::parse, Set.of()));
        KINDS.put("goto", new Kind(GotoStep::parse, Set.of()));
        KINDS.put("sms", new Kind(SmsStep::parse, next));
        KINDS.put("offer_callback", new Kind(OfferCallbackStep::parse, Set.of()));
    }

    private StepFactory() {
    }

    /** The step kinds, in the order the README lists them. */
    static Set<String> kinds() {
        return KINDS.keySet();
    }

    /** Builds the step, or returns null when its kind cannot be told. */
    static Step create(StepContext ctx) {
        Fields f = ctx.fields;
        List<String> kinds = f.names().stream().filter(KINDS::containsKey).toList();
        if (kinds.isEmpty()) {
            String keys = f.names().isEmpty() ? "no keys" : "keys " + String.join(", ", f.names());
            ctx.problems.at(f.node(), "step '" + ctx.step + "' has unknown step kind (" + keys
                    + "; expected one of " + String.join(", ", KINDS.keySet()) + ")");
            return null;
        }
        if (kinds.size() > 1) {
            ctx.problems.at(f.keyNode(kinds.get(1)), "step '" + ctx.step + "' has more than one kind: "
                    + String.join(", ", kinds));
            return null;
        }
        String kind = kinds.get(0);
        Kind k = KINDS.get(kind);
        Set<String> allowed = new java.util.HashSet<>(k.extraKeys());
        allowed.add(kind);
        f.allowOnly(allowed);
        return k.parser().apply(ctx);
    }
}
