package io.frontdoor.ivr.rules;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compiles and evaluates dialplan conditions written in CEL. Admins write these, so the
 * environment is closed: only the variables listed in {@link RuleVariables} and CEL's standard
 * functions and macros exist, every expression is type-checked when the dialplan loads, and an
 * undeclared name is a load error rather than a surprise during a call.
 *
 * <p>Thread-safe: one engine serves every flow and every call.
 */
public final class RuleEngine {

    /**
     * Keys of the fixed-shape variables. They are typed as dynamic maps, which CEL would accept any
     * key of, so field names are checked here: a typo ({@code customer.teir}) or a forbidden field
     * ({@code customer.name}) is a load error instead of a rule that is silently always false.
     */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            RuleVariables.CUSTOMER, Set.of("known", "id", "tier", "language", "flags"),
            RuleVariables.CALLER, Set.of("greeting", "trusted", "shared", "withheld"),
            RuleVariables.CALL, Set.of("dialled", "flow", "entry", "language", "steps"),
            RuleVariables.TIME, Set.of("hour", "minute", "weekday", "date", "hhmm"));
    private static final Pattern FIELD = Pattern.compile(
            "(?<![\\w.])(customer|caller|call|time)\\s*(?:\\.\\s*([A-Za-z_]\\w*)|\\[\\s*['\"]([^'\"]*)['\"]\\s*])");

    private final Cel cel;

    /** Builds the engine with the fixed set of rule variables. */
    public RuleEngine() {
        CelType dynMap = MapType.create(SimpleType.STRING, SimpleType.DYN);
        CelType stringMap = MapType.create(SimpleType.STRING, SimpleType.STRING);
        this.cel = CelFactory.standardCelBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar(RuleVariables.CUSTOMER, dynMap)
                .addVar(RuleVariables.CALLER, dynMap)
                .addVar(RuleVariables.CALL, dynMap)
                .addVar(RuleVariables.TIME, dynMap)
                .addVar(RuleVariables.HOURS, MapType.create(SimpleType.STRING, SimpleType.BOOL))
                .addVar(RuleVariables.CHOICES, stringMap)
                .addVar(RuleVariables.LAST_CHOICE, SimpleType.STRING)
                .addVar(RuleVariables.VARS, stringMap)
                .build();
    }

    /**
     * Parses and type-checks an expression that must yield a bool.
     *
     * @throws RuleCompileException with CEL's reason when it does not parse, uses an undeclared
     *                              name or does not yield a bool
     */
    public Rule compile(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new RuleCompileException("condition is empty");
        }
        checkFields(expression);
        CelValidationResult result = cel.compile(expression);
        CelAbstractSyntaxTree ast;
        try {
            ast = result.getAst();
        } catch (CelValidationException e) {
            throw new RuleCompileException(e.getErrors().stream()
                    .map(i -> i.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        CelType type = ast.getResultType();
        if (!type.equals(SimpleType.BOOL) && !type.equals(SimpleType.DYN)) {
            throw new RuleCompileException("condition must be true or false, not " + type.name());
        }
        try {
            return new Rule(expression, cel.createProgram(ast));
        } catch (CelEvaluationException e) {
            throw new RuleCompileException(e.getMessage());
        }
    }

    private static void checkFields(String expression) {
        Matcher m = FIELD.matcher(expression);
        while (m.find()) {
            String field = m.group(2) != null ? m.group(2) : m.group(3);
            Set<String> known = FIELDS.get(m.group(1));
            if (!known.contains(field)) {
                throw new RuleCompileException(m.group(1) + " has no field '" + field + "' (it has "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** Evaluates a compiled rule; see {@link Rule#test(Map)}. */
    public boolean test(Rule rule, Map<String, ?> variables) {
        return rule.test(variables);
    }
}
