package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TestState's view of one visit of a top-level state: the data flow steps AWS reports as {@code inspectionData}
 * (afterInputPath, afterParameters/afterArguments, afterResultSelector, afterResultPath, the variables after Assign, the
 * Map settings) and which retrier or catcher an error meets ({@code errorDetails}). The steps are evaluated with the
 * engine's own compiled fields against the given input, context object, variables and result; nothing is run.
 */
public final class StateInspection {
    private final State state;
    private final Env env;
    private final JsonNode raw;

    private StateInspection(State state, JsonNode raw, ObjectNode context, Map<String, JsonNode> variables) {
        this.state = state;
        this.raw = raw;
        Variables vars = new Variables(null);
        vars.assignAll(variables);
        this.env = new Env(new Env.Context(context), vars, raw, null, null);
    }

    /** The visit of top-level state {@code stateName} of {@code definition}; IllegalArgumentException if there is none. */
    public static StateInspection of(StateMachineDefinition definition, String stateName, JsonNode raw, ObjectNode context,
                                     Map<String, JsonNode> variables) {
        State s = definition.machine().state(stateName);
        if (s == null) {
            throw new IllegalArgumentException("no state " + stateName);
        }
        return new StateInspection(s, raw, context, variables);
    }

    public boolean jsonata() {
        return state.language == QueryLanguage.JSONATA;
    }

    /** The state's retriers (none for states without Retry). */
    public List<State.Retrier> retriers() {
        return state instanceof State.ResultState rs ? rs.retriers : List.of();
    }

    /** Index of the first retrier whose ErrorEquals matches {@code error}, -1 for none. */
    public int retrierIndex(String error) {
        List<State.Retrier> retriers = retriers();
        StatesError e = new StatesError(error, null, state instanceof TaskState);
        for (int i = 0; i < retriers.size(); i++) {
            if (ErrorNames.matches(retriers.get(i).errorEquals(), e, !(state instanceof TaskState))) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the catcher that takes {@code error}, -1 for none. */
    public int catcherIndex(String error) {
        if (!(state instanceof State.ResultState rs)) {
            return -1;
        }
        StatesError e = new StatesError(error, null, state instanceof TaskState);
        for (int i = 0; i < rs.catchers.size(); i++) {
            if (ErrorNames.matches(rs.catchers.get(i).errorEquals(), e, !(state instanceof TaskState))) {
                return i;
            }
        }
        return -1;
    }

    /** The backoff before retry number {@code retryCount + 1} of a retrier, in whole seconds (jitter left out). */
    public static int backoffSeconds(State.Retrier r, int retryCount) {
        double seconds = r.intervalSeconds() * Math.pow(r.backoffRate(), retryCount);
        if (r.maxDelaySeconds() != null) {
            seconds = Math.min(seconds, r.maxDelaySeconds());
        }
        return (int) seconds;
    }

    /**
     * The data flow of the visit into {@code data} (members named as InspectionData's, values as JSON text):
     * {@code result} is the state's raw result (a Task's mock), null when the state failed or has none;
     * {@code arguments} the Task's effective arguments when known (else they are evaluated here).
     */
    public void dataFlow(ObjectNode data, JsonNode arguments, JsonNode result) {
        data.put("input", Json.write(raw));
        boolean jsonata = jsonata();
        JsonNode effective = raw;
        if (!jsonata) {
            effective = state.language.effectiveInput(state, raw, env);
            data.put("afterInputPath", Json.write(effective));
        }
        if (state instanceof MapState map) {
            map(data, map, effective);
        }
        Template args = state instanceof TaskState t ? t.arguments : state instanceof ParallelState p ? p.arguments
                : state instanceof PassState p ? p.parameters : null;
        if (arguments == null && state instanceof State.ResultState && !(state instanceof MapState)) {
            arguments = args == null ? effective : jsonata && state instanceof PassState ? null : args.evaluate(effective, env);
        }
        if (arguments != null) {
            data.put(jsonata ? "afterArguments" : "afterParameters", Json.write(arguments));
        }
        if (state instanceof PassState p && !jsonata && result == null) {
            result = p.result != null ? p.result : arguments;
        }
        if (result == null || !(state instanceof State.ResultState rs) || jsonata && state instanceof MapState) {
            return; // a JSONata Map reports no result (as recorded on AWS)
        }
        data.put("result", Json.write(result));
        JsonNode selected = rs.resultSelector == null ? result : rs.resultSelector.evaluate(result, env.withResult(result));
        if (!jsonata) {
            data.put("afterResultSelector", Json.write(selected));
            data.put("afterResultPath", Json.write(rs.resultPath == null ? raw : Paths.place(rs.resultPath, raw, selected)));
        }
    }

    /** The variables after the state's Assign (of the state, or of catcher {@code catcherIndex} when >= 0). */
    public JsonNode variablesAfter(JsonNode result, JsonNode errorOutput, int catcherIndex) {
        Map<String, JsonNode> all = new LinkedHashMap<>(env.variables.visible());
        Template assign = state.assign;
        JsonNode data;
        Env e;
        if (catcherIndex >= 0) {
            State.Catcher c = ((State.ResultState) state).catchers.get(catcherIndex);
            assign = c.assign();
            data = errorOutput;
            e = env.withErrorOutput(errorOutput);
        } else {
            JsonNode effective = state.language.effectiveInput(state, raw, env);
            if (result != null && state instanceof State.ResultState rs && rs.resultSelector != null) {
                result = rs.resultSelector.evaluate(result, env.withResult(result));
            }
            data = result != null ? result : effective;
            e = env.withResult(result);
        }
        if (assign != null) {
            assign.evaluate(data, e).fields().forEachRemaining(f -> all.put(f.getKey(), f.getValue()));
        }
        ObjectNode o = Json.object();
        all.forEach(o::set);
        return o;
    }

    /** A Map state's settings: maxConcurrency, toleratedFailureCount/Percentage, afterItemsPath, afterItemSelector. */
    private void map(ObjectNode data, MapState map, JsonNode effective) {
        MapSettings s = mapSettings();
        data.put("maxConcurrency", s.maxConcurrency());
        if (s.toleratedFailureCount() != null) {
            data.put("toleratedFailureCount", s.toleratedFailureCount());
        }
        if (s.toleratedFailurePercentage() != null) {
            data.put("toleratedFailurePercentage", s.toleratedFailurePercentage().floatValue());
        }
        if (map.items != null && !jsonata()) {
            JsonNode items = map.items.evaluate(effective, env);
            data.put("afterItemsPath", Json.write(items));
            if (map.itemSelector != null && items.isArray()) {
                com.fasterxml.jackson.databind.node.ArrayNode selected = Json.array();
                for (int i = 0; i < items.size(); i++) {
                    selected.add(map.iterationInput(effective, env, i, items.get(i)));
                }
                data.put("afterItemSelector", Json.write(selected));
            }
        }
    }

    /** A Map state's MaxConcurrency (0: unbounded) and tolerated failures (null when not set). */
    public record MapSettings(int maxConcurrency, Integer toleratedFailureCount, Double toleratedFailurePercentage) {
        /** Whether {@code failed} of {@code total} iterations exceed the tolerance (never when none is set). */
        public boolean exceeded(int failed, int total) {
            if (toleratedFailureCount == null && toleratedFailurePercentage == null) {
                return false;
            }
            boolean overCount = toleratedFailureCount != null && failed > toleratedFailureCount;
            boolean overPercent = toleratedFailurePercentage != null && total > 0 && failed * 100.0 / total > toleratedFailurePercentage;
            return overCount || overPercent; // as the engine's Map: either threshold
        }
    }

    /** The Map settings of the state, null when it is not a Map. */
    public MapSettings mapSettings() {
        if (!(state instanceof MapState map)) {
            return null;
        }
        JsonNode effective = state.language.effectiveInput(state, raw, env);
        int max = map.maxConcurrency == null ? 0 : map.maxConcurrency.evaluate(effective, env, 0);
        Integer count = map.toleratedFailureCount == null ? null : map.toleratedFailureCount.evaluate(effective, env, 0);
        Double percent = map.toleratedFailurePercentage == null ? null : map.toleratedFailurePercentage.evaluate(effective, env).doubleValue();
        return new MapSettings(max, count, percent);
    }

    /** The number of items the Map state would iterate over (its Items/ItemsPath), -1 when they are not an array. */
    public int mapItemCount() {
        MapState map = (MapState) state;
        JsonNode effective = state.language.effectiveInput(state, raw, env);
        JsonNode items = map.items == null ? effective : map.items.evaluate(effective, env);
        return items.isArray() ? items.size() : -1;
    }
}
