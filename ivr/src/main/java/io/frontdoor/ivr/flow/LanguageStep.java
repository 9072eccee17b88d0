package io.frontdoor.ivr.flow;


/** {@code language: zh, next: step} — switches the language of every later prompt. */
record LanguageStep(String name, String language, String next) implements Step {

    static Step parse(StepContext ctx) {
        String language = Dialplan.language(ctx.fields.get("language"), ctx.problems, "step '" + ctx.step + "'");
        if (language != null) {
            ctx.usesLanguage(language);
        }
        return new LanguageStep(ctx.step, language, ctx.next());
    }

    @Override
    public String execute(CallSession session) {
        session.language(language);
        return next;
    }
}
