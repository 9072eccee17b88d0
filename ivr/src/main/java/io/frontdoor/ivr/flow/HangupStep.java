package io.frontdoor.ivr.flow;

import io.frontdoor.callback.customer.Outcome;
import java.util.Set;

/** {@code hangup: {}} — ends the call; the flow ran to its end. */
record HangupStep(String name) implements Step {

    static Step parse(StepContext ctx) {
        Fields body = ctx.body("hangup", Set.of());
        if (body != null && !body.names().isEmpty()) {
            ctx.problems.at(body.node(), "step '" + ctx.step + "' hangup takes no options");
        }
        return new HangupStep(ctx.step);
    }

    @Override
    public String execute(CallSession session) {
        session.finish(Outcome.COMPLETED, "", false);
        session.call().hangup();
        return END;
    }
}
