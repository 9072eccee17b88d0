package io.frontdoor.ivr.flow;

import io.frontdoor.callback.customer.Outcome;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** {@code queue: { name: general, priority: 1 }} — hands the call to the switch's agent queue. */
record QueueStep(String name, String queue, int priority) implements Step {

    static Step parse(StepContext ctx) {
        Fields body = ctx.body("queue", Set.of("name", "priority"));
        if (body == null) {
            return new QueueStep(ctx.step, null, 0);
        }
        String queue = body.text("name");
        int priority = 0;
        Node p = body.get("priority");
        if (p != null) {
            String text = ctx.scalar(p, "queue priority");
            if (text != null && text.matches("\\d{1,3}")) {
                priority = Integer.parseInt(text);
            } else if (text != null) {
                ctx.problems.at(p, "step '" + ctx.step + "': queue priority '" + text + "' must be a whole number 0-999");
            }
        }
        return new QueueStep(ctx.step, queue, priority);
    }

    @Override
    public String execute(CallSession session) {
        session.finish(Outcome.QUEUED, queue, true);
        // a caller who gave up a callback to wait on the line may have been raised (offer_callback)
        session.call().handOffToQueue(queue, session.queuePriority(queue, priority));
        return END;
    }
}
