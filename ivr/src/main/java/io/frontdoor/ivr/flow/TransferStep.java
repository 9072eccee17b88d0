package io.frontdoor.ivr.flow;

import io.frontdoor.callback.customer.Outcome;

/** {@code transfer: "SIP/fraud-desk"} — gives the call back to the switch to connect it. */
record TransferStep(String name, String target) implements Step {

    static Step parse(StepContext ctx) {
        return new TransferStep(ctx.step, ctx.scalar(ctx.fields.get("transfer"), "'transfer'"));
    }

    @Override
    public String execute(CallSession session) {
        // variables first: once transferred, the channel is no longer ours to write to
        session.finish(Outcome.TRANSFERRED, target, true);
        session.call().transfer(target);
        return END;
    }
}
