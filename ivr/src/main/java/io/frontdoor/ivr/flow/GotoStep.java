package io.frontdoor.ivr.flow;

import java.util.Set;

/** {@code goto: step} — jumps to another step (an alias, handy for shared endings). */
record GotoStep(String name, String next) implements Step {

    static Step parse(StepContext ctx) {
        return new GotoStep(ctx.step, ctx.target(ctx.fields.get("goto"), "'goto'"));
    }

    @Override
    public String execute(CallSession session) {
        return next;
    }
}
