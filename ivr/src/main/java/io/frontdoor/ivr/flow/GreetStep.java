package io.frontdoor.ivr.flow;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.ivr.caller.Caller;
import io.frontdoor.ivr.caller.Greeting;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code greet: { returning, first_time, unknown, shared_number: generic|ask, ask_prompt }} —
 * greets the caller. A name is spoken only to a returning customer whose caller ID is trusted; a
 * known-but-untrusted caller hears the generic greeting, so a spoofed number learns nothing. A
 * shared number either gets the generic greeting or is asked to key the customer number.
 */
record GreetStep(String name, String returning, String firstTime, String unknown, boolean ask,
        String askPrompt, String next) implements Step {

    static final String DEFAULT_ASK_PROMPT = "greeting.ask_customer";
    private static final Set<String> KEYS = Set.of("returning", "first_time", "unknown", "shared_number",
            "ask_prompt");
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ID_DIGITS = 20;

    static Step parse(StepContext ctx) {
        Fields body = ctx.body("greet", KEYS);
        String next = ctx.next();
        // a known customer is greeted in their own language, so the flow may speak any of them
        Dialplan.LANGUAGES.forEach(ctx::usesLanguage);
        if (body == null) {
            return new GreetStep(ctx.step, null, null, null, false, null, next);
        }
        String returning = ctx.prompt(body.get("returning"), "greet 'returning'", false);
        String first = ctx.prompt(body.get("first_time"), "greet 'first_time'", false);
        String unknown = ctx.prompt(body.get("unknown"), "greet 'unknown'", false);
        String shared = body.optText("shared_number", "generic");
        boolean ask = "ask".equals(shared);
        if (shared != null && !ask && !"generic".equals(shared)) {
            ctx.problems.at(body.get("shared_number"), "step '" + ctx.step + "': shared_number '" + shared
                    + "' must be generic or ask");
        }
        String askPrompt = null;
        if (ask) {
            askPrompt = body.has("ask_prompt") ? ctx.prompt(body.get("ask_prompt"), "greet 'ask_prompt'", false)
                    : DEFAULT_ASK_PROMPT;
            if (!body.has("ask_prompt")) {
                ctx.notePrompt(DEFAULT_ASK_PROMPT, body.get("shared_number"));
            }
        } else if (body.has("ask_prompt")) {
            ctx.problems.at(body.keyNode("ask_prompt"), "step '" + ctx.step
                    + "': ask_prompt is only used with shared_number: ask");
        }
        return new GreetStep(ctx.step, returning, first, unknown, ask, askPrompt, next);
    }

    @Override
    public String execute(CallSession session) {
        Caller caller = session.caller();
        if (caller.isShared() && ask) {
            caller = askWhoIsCalling(session, caller);
            session.identifiedAs(caller);
        }
        Customer customer = caller.customer();
        if (customer != null && Dialplan.LANGUAGES.contains(customer.language())) {
            session.language(customer.language());
        }
        if (customer != null && caller.greeting() == Greeting.FIRST) {
            session.play(firstTime);
        } else if (customer != null && caller.greeting() == Greeting.RETURNING && caller.nameTrusted()) {
            session.call().play(session.prompt(returning,
                    Map.of("name", customer.name(), "salutation", customer.salutation())), "");
        } else {
            session.play(unknown);
        }
        return next;
    }

    private Caller askWhoIsCalling(CallSession session, Caller caller) {
        String digits = session.call().collectDigits(session.prompt(askPrompt, Map.of()), MAX_ID_DIGITS, ASK_TIMEOUT);
        Optional<Customer> chosen = caller.candidates().stream()
                // ids like "H2001" are keyed by their digits: a keypad has no letters
                .filter(c -> !digits.isEmpty() && (c.id().equals(digits) || c.id().replaceAll("\\D", "").equals(digits)))
                .findFirst();
        return chosen.map(c -> caller.identifiedAs(c, session.identifier().greetingFor(c.id())))
                .orElse(caller);
    }

    @Override
    public boolean waitsForInput() {
        return ask;
    }
}
