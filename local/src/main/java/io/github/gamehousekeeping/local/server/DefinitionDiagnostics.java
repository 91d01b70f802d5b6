package io.github.gamehousekeeping.local.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.InvalidDefinitionException;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.asl.StateMachineDefinition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ValidateStateMachineDefinition's diagnostics, and CreateStateMachine's {@code InvalidDefinition} message, from the
 * engine's parser: each problem the engine reports becomes an ERROR with an AWS diagnostic code
 * ({@code MISSING_TRANSITION_TARGET}, {@code MISSING_END_STATE}, {@code INVALID_JSON_DESCRIPTION},
 * {@code INVALID_RESOURCE}, {@code INVALID_STATE_NAME}, else {@code SCHEMA_VALIDATION_FAILED}) and, where the problem
 * names a state, its location ({@code /States/<State>[/<Field>]}, nested states under {@code Branches/<i>} or
 * {@code ItemProcessor}/{@code Iterator}). Added here: a state name used twice anywhere in the state machine is a
 * {@code DUPLICATE_STATE_NAME} error, Express state machines refuse {@code .sync} and
 * {@code .waitForTaskToken} resources (ERROR), and a JSONPath payload field whose value looks like a path but whose name
 * does not end with {@code .$} is a {@code NO_DOLLAR} WARNING, as on AWS.
 */
final class DefinitionDiagnostics {
    /** One diagnostic, as the API returns it. */
    record Diagnostic(String severity, String code, String message, String location) {
        /** {@code CODE: message at /location}: one entry of AWS's InvalidDefinition message. */
        String summary() {
            return code + ": " + message + (location == null ? "" : " at " + location);
        }
    }

    private static final Pattern STATE_PROBLEM = Pattern.compile("^State \"((?:[^\"\\\\]|\\\\.)*)\": (.*)$", Pattern.DOTALL);
    private static final Pattern LEADING_FIELD = Pattern.compile("^(?:field \"(\\w+)\"|([A-Z][A-Za-z]+)\\b)");
    private static final List<String> PAYLOAD_FIELDS = List.of("Parameters", "ItemSelector", "ResultSelector");

    private DefinitionDiagnostics() {
    }

    /** All diagnostics (errors first), none for a valid definition. */
    static List<Diagnostic> of(String definition, ExecutionService.Type type) {
        List<Diagnostic> out = new ArrayList<>();
        if (definition == null || definition.isBlank()) {
            out.add(new Diagnostic("ERROR", "MISSING_DESCRIPTION", "The definition is empty", null));
            return out;
        }
        JsonNode json;
        try {
            json = Json.parse(definition);
        } catch (JsonProcessingException e) {
            json = null;
        }
        Map<String, String> locations = new HashMap<>();
        List<Diagnostic> warnings = new ArrayList<>();
        if (json != null) {
            walk(json, "", locations, type, out, warnings, "JSONPath".equals(json.path("QueryLanguage").asText("JSONPath")));
        }
        try {
            StateMachineDefinition.parse(definition);
        } catch (InvalidDefinitionException e) {
            for (String problem : e.problems()) {
                out.add(fromEngine(problem, locations));
            }
        }
        out.addAll(warnings);
        return out;
    }

    /** The errors among the diagnostics, or an empty list. */
    static List<Diagnostic> errors(String definition, ExecutionService.Type type) {
        return of(definition, type).stream().filter(d -> d.severity().equals("ERROR")).toList();
    }

    /** AWS's InvalidDefinition message: {@code Invalid State Machine Definition: 'CODE: message at /location, ...'}. */
    static String invalidDefinitionMessage(List<Diagnostic> errors) {
        return "Invalid State Machine Definition: '" + String.join(", ", errors.stream().map(Diagnostic::summary).toList()) + "'";
    }

    private static Diagnostic fromEngine(String problem, Map<String, String> locations) {
        String location = null;
        Matcher m = STATE_PROBLEM.matcher(problem);
        String rest = problem;
        if (m.matches()) {
            location = locations.get(m.group(1));
            rest = m.group(2);
        }
        Matcher field = LEADING_FIELD.matcher(rest);
        if (field.find()) {
            String name = field.group(1) != null ? field.group(1) : field.group(2);
            if (location != null) {
                location = location + "/" + name;
            } else if (!m.matches() && !problem.contains(" (in ")) {
                location = "/" + name; // a top-level field such as StartAt or TimeoutSeconds
            }
        }
        return new Diagnostic("ERROR", code(problem), problem, location);
    }

    private static String code(String problem) {
        if (problem.contains("names no state")) {
            return "MISSING_TRANSITION_TARGET";
        }
        if (problem.contains("no terminal state")) {
            return "MISSING_END_STATE";
        }
        if (problem.contains("not valid JSON")) {
            return "INVALID_JSON_DESCRIPTION";
        }
        if (problem.contains("is not an ARN") || problem.contains("has no Resource")) {
            return "INVALID_RESOURCE";
        }
        if (problem.contains("the name is longer")) {
            return "INVALID_STATE_NAME";
        }
        return "SCHEMA_VALIDATION_FAILED";
    }

    /** Records each state's location; adds the Express resource errors and the NO_DOLLAR warnings. */
    private static void walk(JsonNode machine, String prefix, Map<String, String> locations, ExecutionService.Type type,
                             List<Diagnostic> errors, List<Diagnostic> warnings, boolean jsonPath) {
        JsonNode states = machine.path("States");
        if (!states.isObject()) {
            return;
        }
        for (var it = states.fields(); it.hasNext(); ) {
            var entry = it.next();
            String location = prefix + "/States/" + entry.getKey();
            String earlier = locations.putIfAbsent(entry.getKey(), location);
            if (earlier != null) {
                errors.add(new Diagnostic("ERROR", "DUPLICATE_STATE_NAME", "State \"" + entry.getKey()
                        + "\": state names must be unique in the whole state machine (also at " + earlier + ")", location));
            }
            JsonNode state = entry.getValue();
            if (!state.isObject()) {
                continue;
            }
            boolean statePath = state.has("QueryLanguage") ? "JSONPath".equals(state.get("QueryLanguage").asText()) : jsonPath;
            String resource = state.path("Resource").asText("");
            if (type == ExecutionService.Type.EXPRESS && (resource.matches(".*\\.sync(:\\d+)?$") || resource.endsWith(".waitForTaskToken"))) {
                errors.add(new Diagnostic("ERROR", "SCHEMA_VALIDATION_FAILED", "Express state machine does not support '"
                        + resource.substring(resource.lastIndexOf('.')) + "' service integration", location + "/Resource"));
            }
            if (statePath) {
                for (String field : PAYLOAD_FIELDS) {
                    noDollar(state.get(field), location + "/" + field, warnings);
                }
            }
            JsonNode branches = state.path("Branches");
            for (int i = 0; i < branches.size(); i++) {
                walk(branches.get(i), location + "/Branches/" + i, locations, type, errors, warnings, statePath);
            }
            for (String processor : List.of("ItemProcessor", "Iterator")) {
                if (state.has(processor)) {
                    walk(state.get(processor), location + "/" + processor, locations, type, errors, warnings, statePath);
                }
            }
        }
    }

    private static void noDollar(JsonNode payload, String location, List<Diagnostic> warnings) {
        if (payload == null || !payload.isObject()) {
            return;
        }
        for (var it = payload.fields(); it.hasNext(); ) {
            var field = it.next();
            JsonNode value = field.getValue();
            String where = location + "/" + field.getKey();
            if (value.isTextual() && !field.getKey().endsWith(".$") && looksLikePath(value.textValue())) {
                warnings.add(new Diagnostic("WARNING", "NO_DOLLAR", "The value of field '" + field.getKey()
                        + "' looks like a JSONPath or an intrinsic function, but the field name does not end with '.$'", where));
            } else if (value.isObject()) {
                noDollar(value, where, warnings);
            }
        }
    }

    private static boolean looksLikePath(String value) {
        return value.startsWith("$.") || value.startsWith("$$.") || value.equals("$") || value.matches("States\\.[A-Za-z]+\\(.*\\)");
    }
}
