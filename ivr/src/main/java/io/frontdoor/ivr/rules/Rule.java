package io.frontdoor.ivr.rules;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One compiled condition. Evaluation never fails a call: an error (a missing map key, a type
 * mismatch on a dynamic value) counts as false and is logged, because a half-written rule should
 * send the caller down the {@code otherwise} path, not drop them.
 */
public final class Rule {
    private static final Logger LOG = LoggerFactory.getLogger(Rule.class);

    private final String expression;
    private final CelRuntime.Program program;

    Rule(String expression, CelRuntime.Program program) {
        this.expression = expression;
        this.program = program;
    }

    /** The CEL source, as the admin wrote it. */
    public String expression() {
        return expression;
    }

    /** True when the condition holds for these variables; false on any evaluation error. */
    public boolean test(Map<String, ?> variables) {
        try {
            // a resolver reads the map in place; eval(Map) would copy it for every rule
            Object result = program.eval(name -> java.util.Optional.ofNullable(variables.get(name)));
            if (result instanceof Boolean b) {
                return b;
            }
            LOG.warn("rule '{}' gave {} instead of true/false; counted as false", expression,
                    result == null ? "null" : result.getClass().getSimpleName());
            return false;
        } catch (CelEvaluationException | RuntimeException e) {
            LOG.warn("rule '{}' failed to evaluate, counted as false: {}", expression, e.getMessage());
            return false;
        }
    }

    @Override
    public String toString() {
        return "Rule[" + expression + "]";
    }
}
