package io.frontdoor.ivr.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sms: { template: repay_link, vars: { link: "https://bank.example/repay" } }, next: step}
 * — sends the caller a templated SMS (in the call's language) through the durable outbox, then
 * goes on. A caller with no usable number, or SMS turned off, is noted on the call's choices and
 * the flow goes on: an SMS is never a reason to drop a call.
 */
record SmsStep(String name, String template, Map<String, String> vars, String next) implements Step {
    private static final Logger LOG = LoggerFactory.getLogger(SmsStep.class);

    static Step parse(StepContext ctx) {
        Fields body = ctx.body("sms", Set.of("template", "vars"));
        String template = null;
        Map<String, String> vars = new LinkedHashMap<>();
        if (body != null) {
            template = body.text("template");
            if (template != null && !template.matches("[a-z][a-z0-9_.]*")) {
                ctx.problems.at(body.get("template"), "step '" + ctx.step + "': sms template '" + template
                        + "' must be a template key such as repay_link (prompts/sms/<lang>.yaml)");
            }
            if (body.has("vars")) {
                Fields v = Fields.of(body.get("vars"), "step '" + ctx.step + "' sms vars", ctx.problems);
                if (v != null) {
                    for (String key : v.names()) {
                        String value = ctx.scalar(v.get(key), "sms var '" + key + "'");
                        if (value != null) {
                            vars.put(key, value);
                        }
                    }
                }
            }
        }
        return new SmsStep(ctx.step, template, Map.copyOf(vars), ctx.next());
    }

    @Override
    public String execute(CallSession session) {
        SmsSender sender = session.sms();
        String number = session.caller().number();
        String outcome;
        if (sender == null) {
            outcome = "off";
        } else if (number == null) {
            outcome = "no_number";
        } else {
            var customer = session.caller().customer();
            String refused;
            try {
                refused = sender.send(number, customer == null ? null : customer.id(), session.language(), template,
                        vars, session.call().id() + "/" + name);
            } catch (RuntimeException e) {
                refused = e.getMessage();
            }
            if (refused != null) {
                LOG.warn("call {} step '{}': sms {} not sent: {}", session.call().id(), name, template, refused);
            }
            outcome = refused == null ? "queued" : "not_sent";
        }
        session.recordChoice(name, "sms:" + outcome);
        return next;
    }
}
