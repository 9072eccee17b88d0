package io.frontdoor.ivr.flow;


/** {@code play: prompt.id, next: step} — plays a catalog prompt in the call's language. */
record PlayStep(String name, String promptId, String next) implements Step {

    static Step parse(StepContext ctx) {
        String prompt = ctx.prompt(ctx.fields.get("play"), "'play'", false);
        String next = ctx.next();
        return new PlayStep(ctx.step, prompt, next);
    }

    @Override
    public String execute(CallSession session) {
        session.play(promptId);
        return next;
    }
}
