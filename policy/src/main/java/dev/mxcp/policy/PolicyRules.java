package dev.mxcp.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelVariableResolver;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One endpoint's policies, as MXCP defines them: input rules over the arguments and {@code user}, output rules
 * over {@code response} and {@code user}, each a CEL condition and an action. Compiled once, when the endpoint
 * loads (a condition that does not parse, or names a variable or function that does not exist, is an
 * {@link InvalidRule}); evaluated per call, from any thread.
 *
 * <p>Unlike MXCP, a condition that fails to evaluate (a missing field, a type mismatch) denies the call: no
 * call is let through on an error.
 */
public final class PolicyRules {

    /** What a rule does when its condition holds. */
    public enum Action { DENY, FILTER_FIELDS, MASK_FIELDS, FILTER_SENSITIVE_FIELDS }

    /** One rule as written: when {@code condition} holds, apply {@code action} (with {@code fields}, or {@code reason}). */
    public record Rule(String condition, Action action, String reason, List<String> fields) {
        public Rule {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(action, "action");
            fields = fields == null ? List.of() : List.copyOf(fields);
        }
    }

    /** A rule that cannot be compiled; {@code index} is its position in its list. */
    public static final class InvalidRule extends RuntimeException {
        private final boolean input;
        private final int index;

        InvalidRule(boolean input, int index, String message) {
            super(message);
            this.input = input;
            this.index = index;
        }

        /** True for an input rule, false for an output rule. */
        public boolean input() {
            return input;
        }

        public int index() {
            return index;
        }
    }

    /** A call a rule refused: its message is MXCP's ("Policy enforcement failed: ..."). */
    public static final class Denied extends RuntimeException {
        Denied(String message) {
            super(message);
        }
    }

    /** MXCP's mask for {@code mask_fields}. */
    public static final String MASK = "****";
    public static final PolicyRules NONE = new PolicyRules(List.of(), List.of());

    private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    private record Compiled(Rule rule, CelRuntime.Program program) {
    }

    private final List<Compiled> input;
    private final List<Compiled> output;

    private PolicyRules(List<Compiled> input, List<Compiled> output) {
        this.input = input;
        this.output = output;
    }

    /**
     * Compiles the rules. Input conditions may name {@code user} and the endpoint's parameters (a parameter
     * called {@code user} is shadowed, as in MXCP); output conditions {@code user} and {@code response}.
     *
     * @throws InvalidRule for the first condition that does not compile
     */
    public static PolicyRules compile(List<Rule> inputRules, List<Rule> outputRules, Set<String> parameters) {
        if (inputRules.isEmpty() && outputRules.isEmpty()) {
            return NONE;
        }
        CelCompilerBuilder inputs = compiler().addVar("user", SimpleType.DYN);
        parameters.stream().filter(p -> !p.equals("user")).forEach(p -> inputs.addVar(p, SimpleType.DYN));
        CelCompiler outputs = compiler().addVar("user", SimpleType.DYN).addVar("response", SimpleType.DYN).build();
        return new PolicyRules(compileAll(inputs.build(), inputRules, true), compileAll(outputs, outputRules, false));
    }

    private static CelCompilerBuilder compiler() {
        return CelCompilerFactory.standardCelCompilerBuilder().setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setOptions(OPTIONS);
    }

    private static List<Compiled> compileAll(CelCompiler compiler, List<Rule> rules, boolean input) {
        List<Compiled> compiled = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            try {
                CelAbstractSyntaxTree ast = compiler.compile(rule.condition()).getAst();
                compiled.add(new Compiled(rule, RUNTIME.createProgram(ast)));
            } catch (CelValidationException e) {
                throw new InvalidRule(input, i, "invalid CEL condition: " + firstProblem(e));
            } catch (CelEvaluationException e) {
                throw new InvalidRule(input, i, "invalid CEL condition: " + e.getMessage());
            }
        }
        return List.copyOf(compiled);
    }

    /** "undeclared reference to 'x'" from cel's "ERROR: <input>:1:1: undeclared reference to 'x' ...\n | x > 1 ...". */
    private static String firstProblem(CelValidationException e) {
        String first = e.getMessage().lines().findFirst().orElse(e.getMessage());
        return first.replaceFirst("^ERROR: <input>:", "at ").strip();
    }

    public boolean isEmpty() {
        return input.isEmpty() && output.isEmpty();
    }

    public boolean hasOutputRules() {
        return !output.isEmpty();
    }

    /**
     * Input rules, in order: the first {@code deny} whose condition holds refuses the call.
     *
     * @param user the caller as MXCP presents it ({@link #user})
     * @throws Denied with "Policy enforcement failed: reason"
     */
    public void checkInput(Map<String, Object> arguments, Map<String, Object> user) {
        if (input.isEmpty()) {
            return;
        }
        Variables variables = Variables.input(arguments, user);
        for (Compiled rule : input) {
            if (rule.rule().action() == Action.DENY && holds(rule, variables, "Policy enforcement failed: ")) {
                throw new Denied("Policy enforcement failed: " + reason(rule.rule(), "Access denied by policy"));
            }
        }
    }

    /**
     * Output rules, in order, each on the response as the previous ones left it; conditions see the response
     * as it came: {@code deny} refuses it, {@code filter_fields} drops top-level fields (of an object, or of each
     * object in a list), {@code mask_fields} replaces them with {@link #MASK}, {@code filter_sensitive_fields}
     * applies {@code withoutSensitive} (the host drops what the return type marks {@code sensitive}).
     *
     * @throws Denied with "Output policy enforcement failed: reason"
     */
    public Object applyOutput(Object response, Map<String, Object> user, UnaryOperator<Object> withoutSensitive) {
        return applyOutput(response, user, withoutSensitive, action -> { });
    }

    /**
     * As {@link #applyOutput(Object, Map, UnaryOperator)}; {@code applied} hears, in order, the action of each
     * rule other than {@code deny} whose condition held (MXCP's decision is then "warn": output modified).
     */
    public Object applyOutput(Object response, Map<String, Object> user, UnaryOperator<Object> withoutSensitive,
                              Consumer<Action> applied) {
        if (output.isEmpty()) {
            return response;
        }
        Variables variables = Variables.output(user, response);
        Object result = response;
        for (Compiled rule : output) {
            if (!holds(rule, variables, "Output policy enforcement failed: ")) {
                continue;
            }
            Rule written = rule.rule();
            if (written.action() != Action.DENY) {
                applied.accept(written.action());
            }
            result = switch (written.action()) {
                case DENY -> throw new Denied("Output policy enforcement failed: "
                        + reason(written, "Output blocked by policy"));
                case FILTER_FIELDS -> eachObject(result, object -> {
                    written.fields().forEach(object::remove);
                    return object;
                });
                case MASK_FIELDS -> eachObject(result, object -> {
                    written.fields().stream().filter(object::containsKey).forEach(f -> object.put(f, MASK));
                    return object;
                });
                case FILTER_SENSITIVE_FIELDS -> withoutSensitive.apply(result);
            };
        }
        return result;
    }

    /**
     * The caller as MXCP's policies see it: {@code user_id}, {@code username}, {@code email}, {@code provider},
     * {@code name}, {@code role} (the profile's, else "user"), {@code permissions} (the profile's, else none),
     * {@code capabilities}; with no caller, role "anonymous" and no ids.
     */
    public static Map<String, Object> user(String provider, String userId, String username, String email, String name,
                                           Map<String, Object> profile, Collection<String> capabilities) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("user_id", userId);
        user.put("username", username);
        user.put("email", email);
        user.put("provider", provider);
        user.put("name", name);
        Object role = profile == null ? null : profile.get("role");
        Object permissions = profile == null ? null : profile.get("permissions");
        user.put("role", role != null ? role : "user");
        user.put("permissions", permissions != null ? permissions : List.of());
        user.put("capabilities", capabilities == null ? List.of() : List.copyOf(capabilities));
        return user;
    }

    /** MXCP's caller without authentication. */
    public static Map<String, Object> anonymous() {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("role", "anonymous");
        user.put("permissions", List.of());
        user.put("capabilities", List.of());
        user.put("user_id", null);
        user.put("username", null);
        user.put("email", null);
        user.put("provider", null);
        user.put("name", null);
        return user;
    }

    /**
     * One call's variables as CEL asks for them: each is converted to CEL's values on first use, so a condition
     * that never names the response (or names nothing, as {@code true}) does not pay for converting it.
     */
    private static final class Variables implements CelVariableResolver {
        private final Map<String, Object> arguments;
        private final Map<String, Object> user;
        private final boolean output;
        private final Object response;
        private final Map<String, Object> converted = new HashMap<>();

        private Variables(Map<String, Object> arguments, Map<String, Object> user, boolean output, Object response) {
            this.arguments = arguments;
            this.user = user;
            this.output = output;
            this.response = response;
        }

        /** Input rules see {@code user} and the arguments. */
        static Variables input(Map<String, Object> arguments, Map<String, Object> user) {
            return new Variables(arguments, user, false, null);
        }

        /** Output rules see {@code user} and {@code response}. */
        static Variables output(Map<String, Object> user, Object response) {
            return new Variables(Map.of(), user, true, response);
        }

        @Override
        public Optional<Object> find(String name) {
            Object known = converted.get(name);
            if (known == null) {
                // "user" shadows a parameter of that name, as in MXCP
                if (name.equals("user")) {
                    known = cel(user);
                } else if (output && name.equals("response")) {
                    known = cel(response);
                } else if (arguments.containsKey(name)) {
                    known = cel(arguments.get(name));
                } else {
                    return Optional.empty();
                }
                converted.put(name, known);
            }
            return Optional.of(known);
        }
    }

    private static boolean holds(Compiled rule, Variables variables, String failure) {
        Object value;
        try {
            value = rule.program().eval(variables);
        } catch (CelEvaluationException e) {
            throw new Denied(failure + "the condition '" + rule.rule().condition() + "' could not be evaluated ("
                    + e.getMessage().replaceFirst("^evaluation error at <input>:\\d+: ", "") + ")");
        }
        if (value instanceof Boolean holds) {
            return holds;
        }
        throw new Denied(failure + "the condition '" + rule.rule().condition() + "' is not true or false");
    }

    private static String reason(Rule rule, String fallback) {
        return rule.reason() == null || rule.reason().isBlank() ? fallback : rule.reason();
    }

    /** Applies {@code change} to a copy of the object, or of each object in a list; anything else is left as is. */
    @SuppressWarnings("unchecked")
    private static Object eachObject(Object value, UnaryOperator<Map<String, Object>> change) {
        if (value instanceof Map<?, ?> map) {
            return change.apply(new LinkedHashMap<>((Map<String, Object>) map));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> item instanceof Map<?, ?> ? eachObject(item, change) : item).toList();
        }
        return value;
    }

    /** Plain Java values as CEL sees them: int64, double, string, bool, null, lists and maps of those. */
    private static Object cel(Object value) {
        return switch (value) {
            case null -> NullValue.NULL_VALUE;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Float f -> f.doubleValue();
            case BigInteger big -> big.bitLength() < 64 ? big.longValue() : big.doubleValue();
            case BigDecimal decimal -> decimal.doubleValue();
            case Long l -> l;
            case Double d -> d;
            case String s -> s;
            case Boolean b -> b;
            case Map<?, ?> map -> {
                Map<String, Object> converted = new LinkedHashMap<>();
                map.forEach((k, v) -> converted.put(String.valueOf(k), cel(v)));
                yield converted;
            }
            case Collection<?> list -> list.stream().map(PolicyRules::cel).toList();
            default -> value.toString(); // dates, times, UUIDs: their ISO text, as in the JSON a client sees
        };
    }
}
