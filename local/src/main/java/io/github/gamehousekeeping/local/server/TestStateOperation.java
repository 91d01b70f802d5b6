package io.github.gamehousekeeping.local.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.asl.Engine;
import io.github.gamehousekeeping.local.asl.ExecutionRequest;
import io.github.gamehousekeeping.local.asl.ExecutionResult;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.asl.HistoryEvent;
import io.github.gamehousekeeping.local.asl.InvalidDefinitionException;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.asl.StateMachineDefinition;
import io.github.gamehousekeeping.local.asl.TaskFailedException;
import io.github.gamehousekeeping.local.asl.TaskInvoker;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * TestState: runs one state (given alone, or a whole state machine with {@code stateName}) once on the engine, with
 * its Task served by the request's {@code mock}, and reports status SUCCEEDED / FAILED / RETRIABLE / CAUGHT_ERROR,
 * nextState, output, error, cause and, for DEBUG and TRACE, inspectionData. The state runs inside a small machine:
 * a Pass state assigning the request's {@code variables} first, and a Succeed state standing for each state it can go
 * to (so nextState is the one entered). Retry is decided as AWS does for one attempt: an error that a retrier would
 * retry after {@code stateConfiguration.retrierRetryCount} retries gives RETRIABLE; Wait states do not wait.
 */
final class TestStateOperation {
    private static final String VARIABLES_STATE = "TestState.Variables";

    private final Engine engine;

    TestStateOperation(Engine engine) {
        this.engine = engine;
    }

    JsonNode run(ObjectNode r) {
        JsonNode definition = parse(text(r, "definition", true), "definition");
        String stateName = text(r, "stateName", false);
        ObjectNode state;
        String queryLanguage = null;
        if (definition.has("States")) {
            if (stateName == null) {
                stateName = definition.path("StartAt").asText(null);
            }
            JsonNode s = definition.path("States").get(stateName);
            if (s == null || !s.isObject()) {
                throw ApiException.validation("stateName '" + stateName + "' is not a state of the definition's States");
            }
            state = ((ObjectNode) s).deepCopy();
            queryLanguage = definition.path("QueryLanguage").asText(null);
        } else if (definition.isObject() && definition.has("Type")) {
            if (stateName != null) {
                throw ApiException.validation("stateName is only allowed with a whole state machine definition");
            }
            stateName = "TestState";
            state = ((ObjectNode) definition).deepCopy();
        } else {
            throw new ApiException("InvalidDefinition", "Invalid State Machine Definition: 'the definition must be a state "
                    + "(with \"Type\") or a state machine (with \"States\")'");
        }
        String inputText = text(r, "input", false);
        JsonNode input = inputText == null ? Json.object() : parse(inputText, "input");
        String variablesText = text(r, "variables", false);
        JsonNode variables = variablesText == null ? null : parse(variablesText, "variables");
        if (variables != null && !variables.isObject()) {
            throw ApiException.validation("variables must be a JSON object");
        }
        String level = r.path("inspectionLevel").asText("INFO");
        if (!Set.of("INFO", "DEBUG", "TRACE").contains(level)) {
            throw ApiException.validation("1 validation error detected: Value '" + level + "' at 'inspectionLevel' failed to "
                    + "satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]");
        }
        int retryCount = r.path("stateConfiguration").path("retrierRetryCount").asInt(0);
        JsonNode retriers = state.remove("Retry");
        if ("Wait".equals(state.path("Type").asText())) {
            for (String f : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
                state.remove(f);
            }
            state.put("Seconds", 0);
        }

        ObjectNode machine = Json.object();
        if (queryLanguage != null) {
            machine.put("QueryLanguage", queryLanguage);
        }
        ObjectNode states = machine.putObject("States");
        machine.put("StartAt", variables != null ? VARIABLES_STATE : stateName);
        if (variables != null) {
            ObjectNode pass = states.putObject(VARIABLES_STATE);
            pass.put("Type", "Pass");
            pass.set("Assign", variables);
            pass.put("Next", stateName);
        }
        states.set(stateName, state);
        for (String target : targets(state)) {
            if (!states.has(target)) {
                states.putObject(target).put("Type", "Succeed");
            }
        }
        StateMachineDefinition parsed;
        try {
            parsed = StateMachineDefinition.parse(machine);
        } catch (InvalidDefinitionException e) {
            throw new ApiException("InvalidDefinition", e.getMessage());
        }

        AtomicReference<JsonNode> arguments = new AtomicReference<>();
        AtomicReference<JsonNode> result = new AtomicReference<>();
        TaskInvoker invoker = mockInvoker(r.get("mock"), stateName, arguments, result);
        ExecutionResult run;
        try {
            run = engine.start(parsed, ExecutionRequest.builder().name("TestState-" + java.util.UUID.randomUUID())
                    .stateMachine("TestState").input(input).invoker(invoker).build()).await(Duration.ofMinutes(5));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ApiException("InvalidExecutionInput", "The state did not end within 5 minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("ServiceUnavailable", "The server is shutting down", 503);
        }
        return response(run, stateName, retriers, retryCount, level, input, arguments.get(), result.get(),
                "JSONata".equals(state.path("QueryLanguage").asText(queryLanguage)));
    }

    private static ObjectNode response(ExecutionResult run, String stateName, JsonNode retriers, int retryCount, String level,
                                       JsonNode input, JsonNode arguments, JsonNode result, boolean jsonata) {
        String error = null;
        String cause = null;
        String output = null;
        String next = null;
        boolean inState = false;
        boolean exited = false;
        for (HistoryEvent e : run.history()) {
            JsonNode d = e.details();
            String name = d == null ? null : d.path("name").asText(null);
            if (e.type().endsWith("StateEntered")) {
                if (exited && next == null) {
                    next = name;
                }
                inState = stateName.equals(name);
            } else if (inState && e.type().endsWith("StateExited")) {
                output = d.path("output").asText(null);
                exited = true;
                inState = false;
            } else if (inState && d != null && d.has("error") && (e.type().endsWith("Failed") || e.type().endsWith("TimedOut"))) {
                error = d.path("error").asText(null);
                cause = d.path("cause").asText(null);
            }
        }
        String status;
        if (run.status() != ExecutionStatus.SUCCEEDED) {
            error = run.error();
            cause = run.cause();
            status = "FAILED";
            output = null;
        } else {
            status = error != null ? "CAUGHT_ERROR" : "SUCCEEDED";
        }
        if (error != null && retries(retriers, error, retryCount)) {
            status = "RETRIABLE";
            output = null;
            next = null;
        }
        ObjectNode o = Json.object();
        o.put("status", status);
        if (output != null) {
            o.put("output", output);
        }
        if (next != null) {
            o.put("nextState", next);
        }
        if (error != null) {
            o.put("error", error);
        }
        if (cause != null) {
            o.put("cause", cause);
        }
        if (!"INFO".equals(level)) {
            ObjectNode data = o.putObject("inspectionData");
            data.put("input", Json.write(input));
            if (arguments != null) {
                data.put(jsonata ? "afterArguments" : "afterParameters", Json.write(arguments));
            }
            if (result != null) {
                data.put("result", Json.write(result));
            }
            if (output != null && !jsonata) {
                data.put("afterResultPath", output);
            }
        }
        return o;
    }

    /** Whether a retrier of the state matches {@code error} and has attempts left after {@code retryCount} retries. */
    static boolean retries(JsonNode retriers, String error, int retryCount) {
        if (retriers == null || !retriers.isArray()) {
            return false;
        }
        for (JsonNode retrier : retriers) {
            for (JsonNode e : retrier.path("ErrorEquals")) {
                String name = e.asText();
                boolean matches = name.equals(error) || ("States.ALL".equals(name) && !"States.Runtime".equals(error))
                        || ("States.TaskFailed".equals(name) && !"States.Timeout".equals(error) && !"States.Runtime".equals(error));
                if (matches) {
                    return retrier.path("MaxAttempts").asInt(3) > retryCount;
                }
            }
        }
        return false;
    }

    /** The states this one can go to: Next, Default, Choices[].Next, Catch[].Next. */
    private static Set<String> targets(JsonNode state) {
        Set<String> names = new LinkedHashSet<>();
        add(names, state.get("Next"));
        add(names, state.get("Default"));
        for (JsonNode c : state.path("Choices")) {
            add(names, c.get("Next"));
        }
        for (JsonNode c : state.path("Catch")) {
            add(names, c.get("Next"));
        }
        return names;
    }

    private static void add(Set<String> names, JsonNode n) {
        if (n != null && n.isTextual()) {
            names.add(n.asText());
        }
    }

    /** Serves the tested state's Task once from the request's mock: {@code result} (JSON text) or {@code errorOutput}. */
    private static TaskInvoker mockInvoker(JsonNode mock, String stateName, AtomicReference<JsonNode> arguments,
                                           AtomicReference<JsonNode> result) {
        if (mock != null && !mock.isNull()) {
            String mode = mock.path("fieldValidationMode").asText("STRICT");
            if (!Set.of("STRICT", "PRESENT", "NONE").contains(mode)) {
                throw ApiException.validation("1 validation error detected: Value '" + mode + "' at 'mock.fieldValidationMode' "
                        + "failed to satisfy constraint: Member must satisfy enum value set: [STRICT, PRESENT, NONE]");
            }
            if (mock.hasNonNull("result") == mock.hasNonNull("errorOutput")) {
                throw ApiException.validation("mock needs exactly one of result and errorOutput");
            }
        }
        JsonNode mockResult = mock != null && mock.hasNonNull("result") ? parse(mock.get("result").asText(), "mock.result") : null;
        JsonNode errorOutput = mock != null ? mock.get("errorOutput") : null;
        return invocation -> {
            arguments.set(invocation.input());
            if (mockResult != null) {
                result.set(mockResult);
                return mockResult.deepCopy();
            }
            if (errorOutput != null && !errorOutput.isNull()) {
                throw new TaskFailedException(errorOutput.path("error").asText(null), errorOutput.path("cause").asText(null));
            }
            throw new TaskFailedException("States.Runtime", "The local TestState runs Task states with a mock only: give "
                    + "mock.result or mock.errorOutput for state '" + invocation.stateName() + "' (resource "
                    + invocation.resource() + ")");
        };
    }

    private static String text(ObjectNode r, String field, boolean required) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.validation("1 validation error detected: Value null at '" + field
                        + "' failed to satisfy constraint: Member must not be null");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiException("SerializationException", "Field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static JsonNode parse(String text, String field) {
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            if ("definition".equals(field)) {
                throw new ApiException("InvalidDefinition", "Invalid State Machine Definition: '" + e.getOriginalMessage() + "'");
            }
            throw ApiException.validation(field + " is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
