package io.github.gamehousekeeping.infra;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.dashjoin.jsonata.Jsonata;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.MatchResult;
import software.amazon.awscdk.assertions.Matcher;

/**
 * The synthesized ASL definition as maps and lists: states looked up by name (Parallel branches included), matched
 * with CDK's {@code Match} patterns, and its JSONata fields evaluated as Step Functions would (with the JSONata library
 * the local runtime uses and AWS's {@code $parse}).
 */
final class AslDefinition {
    private static final Gson GSON = new Gson();

    final Map<String, Object> machine;

    @SuppressWarnings("unchecked")
    AslDefinition(JsonObject definition) {
        this.machine = GSON.fromJson(definition, Map.class);
    }

    static AslDefinition of(StackFixture fixture) {
        return new AslDefinition(fixture.definition());
    }

    /** Every state by name, branches included. */
    Map<String, Map<String, Object>> states() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        collect(machine, out);
        return out;
    }

    Map<String, Object> state(String name) {
        Map<String, Object> state = states().get(name);
        assertNotNull(state, "no state " + name);
        return state;
    }

    /** The Task states by name. */
    Map<String, Map<String, Object>> tasks() {
        Map<String, Map<String, Object>> tasks = new LinkedHashMap<>();
        states().forEach((name, state) -> {
            if ("Task".equals(state.get("Type"))) {
                tasks.put(name, state);
            }
        });
        return tasks;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Map<String, Object> scope, Map<String, Map<String, Object>> out) {
        ((Map<String, Object>) scope.get("States")).forEach((name, value) -> {
            Map<String, Object> state = (Map<String, Object>) value;
            out.put(name, state);
            for (Object branch : (List<Object>) state.getOrDefault("Branches", List.of())) {
                collect((Map<String, Object>) branch, out);
            }
        });
    }

    /** Fails with CDK's description of every mismatch when {@code actual} does not match {@code expected}. */
    static void assertMatches(Matcher expected, Object actual, String what) {
        MatchResult result = expected.test(actual).finished();
        assertFalse(result.hasFailed(), () -> what + ":\n" + String.join("\n", result.toHumanStrings()));
    }

    /**
     * The value of an ASL field in a JSONata state: every string {@code "{% expr %}"}, alone or inside objects and
     * arrays, evaluated with {@code $states} and the workflow variables bound; other values as they are.
     */
    @SuppressWarnings("unchecked")
    static Object evaluate(Object field, Map<String, Object> states, Map<String, Object> variables) {
        if (field instanceof String text && text.startsWith("{%") && text.endsWith("%}")) {
            Jsonata expression = Jsonata.jsonata(text.substring(2, text.length() - 2));
            expression.assign("states", states);
            variables.forEach(expression::assign);
            expression.registerFunction("parse", (Jsonata.Fn1<String, Object>) json -> GSON.fromJson(json, Object.class));
            return expression.evaluate(null);
        }
        if (field instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, evaluate(v, states, variables)));
            return out;
        }
        if (field instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(evaluate(v, states, variables)));
            return out;
        }
        return field;
    }
}
