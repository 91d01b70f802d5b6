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
import io.github.gamehousekeeping.local.asl.State;
import io.github.gamehousekeeping.local.asl.StateInspection;
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
 * to (so nextState is the one entered); the request's {@code context} overlays the context object. A Map or Parallel
 * state is mocked as a whole (its result is the mock's). Retry is decided as AWS does for one attempt: an error that a
 * retrier would retry after {@code stateConfiguration.retrierRetryCount} retries gives RETRIABLE; Wait states do not
 * wait. Request checks: {@link TestStateConfig}; inspection data: {@link StateInspection}.
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
        JsonNode variables = object(r, "variables");
        JsonNode givenContext = object(r, "context");
        String level = r.path("inspectionLevel").asText("INFO");
        if (!Set.of("INFO", "DEBUG", "TRACE").contains(level)) {
            throw ApiException.validation("1 validation error detected: Value '" + level + "' at 'inspectionLevel' failed to "
                    + "satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]");
        }
        String type = state.path("Type").asText();
        TestStateConfig config = TestStateConfig.of(r, state, stateName, type);
        JsonNode mock = r.get("mock") == null || r.get("mock").isNull() ? null : r.get("mock");
        JsonNode mockResult = TestStateConfig.checkMock(r, mock, state, type, config);

        ObjectNode tested = mock != null && config.wholeState() ? TestStateConfig.asMockedTask(state) : state.deepCopy();
        tested.remove("Retry");
        if ("Wait".equals(type)) {
            for (String f : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
                tested.remove(f);
            }
            tested.put("Seconds", 0);
        }
        StateMachineDefinition parsed = machine(queryLanguage, stateName, tested, variables);
        StateMachineDefinition original = machine(queryLanguage, stateName, state, variables);

        String executionName = "TestState-" + java.util.UUID.randomUUID();
        ObjectNode overlay = givenContext == null && config.retrierRetryCount() == 0 ? null : contextOverlay(givenContext, config);
        ObjectNode context = context(stateName, executionName, input, overlay);
        StateInspection inspection = StateInspection.of(original, stateName, input, context, variablesMap(variables));
        if (mockResult != null && "Task".equals(type)) {
            MockResultShapes.check(state.path("Resource").asText(null), mock.path("fieldValidationMode").asText("STRICT"), mockResult);
        }

        AtomicReference<JsonNode> arguments = new AtomicReference<>();
        AtomicReference<JsonNode> result = new AtomicReference<>();
        TaskInvoker invoker = mockInvoker(mock, mockResult, config, inspection, arguments, result);
        ExecutionResult run;
        try {
            run = engine.start(parsed, ExecutionRequest.builder().name(executionName).stateMachine("TestState").input(input)
                    .context(overlay).invoker(invoker).build()).await(Duration.ofMinutes(5));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ApiException("InvalidExecutionInput", "The state did not end within 5 minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("ServiceUnavailable", "The server is shutting down", 503);
        }
        boolean reportVariables = variables != null || state.has("Assign") || state.has("Catch");
        return response(run, stateName, level, inspection, config, reportVariables, "Map".equals(type) ? null : arguments.get(),
                result.get());
    }

    /** The small machine the state runs in: variables assigned first, a Succeed state for each state it can go to. */
    private static StateMachineDefinition machine(String queryLanguage, String stateName, ObjectNode state, JsonNode variables) {
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
        try {
            return StateMachineDefinition.parse(machine);
        } catch (InvalidDefinitionException e) {
            throw new ApiException("InvalidDefinition", e.getMessage());
        }
    }

    /** The context object members the request sets: its {@code context}, and State.RetryCount from retrierRetryCount. */
    private static ObjectNode contextOverlay(JsonNode given, TestStateConfig config) {
        ObjectNode overlay = given == null ? Json.object() : ((ObjectNode) given).deepCopy();
        if (config.retrierRetryCount() > 0 && !overlay.path("State").has("RetryCount")) {
            JsonNode s = overlay.get("State");
            (s instanceof ObjectNode o ? o : overlay.putObject("State")).put("RetryCount", config.retrierRetryCount());
        }
        return overlay;
    }

    /** The context object the state sees (for the inspection data): the engine's members, then the request's. */
    private static ObjectNode context(String stateName, String executionName, JsonNode input, ObjectNode overlay) {
        String now = Json.timestamp(java.time.Instant.now());
        ObjectNode c = Json.object();
        ObjectNode e = c.putObject("Execution");
        e.put("Id", "arn:aws:states:us-east-1:123456789012:execution:TestState:" + executionName);
        e.set("Input", input);
        e.put("Name", executionName);
        e.put("RoleArn", "arn:aws:iam::123456789012:role/StepFunctionsLocal");
        e.put("StartTime", now);
        e.put("RedriveCount", 0);
        c.putObject("StateMachine").put("Id", "arn:aws:states:us-east-1:123456789012:stateMachine:TestState").put("Name", "TestState");
        c.putObject("State").put("Name", stateName).put("EnteredTime", now).put("RetryCount", 0);
        return overlay == null ? c : merge(c, overlay);
    }

    private static ObjectNode merge(ObjectNode base, ObjectNode overlay) {
        overlay.fields().forEachRemaining(f -> {
            JsonNode old = base.get(f.getKey());
            base.set(f.getKey(), old instanceof ObjectNode o && f.getValue() instanceof ObjectNode n ? merge(o, n) : f.getValue().deepCopy());
        });
        return base;
    }

    private static java.util.Map<String, JsonNode> variablesMap(JsonNode variables) {
        java.util.Map<String, JsonNode> m = new java.util.LinkedHashMap<>();
        if (variables != null) {
            variables.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue()));
        }
        return m;
    }

    private static ObjectNode response(ExecutionResult run, String stateName, String level, StateInspection inspection,
                                       TestStateConfig config, boolean reportVariables, JsonNode arguments, JsonNode result) {
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
        ObjectNode errorDetails = null;
        if (error != null) {
            List<State.Retrier> retriers = inspection.retriers();
            int retrier = inspection.retrierIndex(error);
            if (retrier >= 0 && retriers.get(retrier).maxAttempts() > config.retrierRetryCount()) {
                status = "RETRIABLE";
                output = null;
                next = null;
                errorDetails = Json.object();
                errorDetails.put("retryBackoffIntervalSeconds", StateInspection.backoffSeconds(retriers.get(retrier), config.retrierRetryCount()));
                errorDetails.put("retryIndex", retrier);
            } else if ("CAUGHT_ERROR".equals(status)) {
                errorDetails = Json.object().put("catchIndex", inspection.catcherIndex(error));
            }
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
            // TRACE adds the HTTP request and response of an HTTP Task (arn:aws:states:::http:invoke), which the local
            // server does not call: for every state it runs, TRACE reports what DEBUG does
            try {
                inspection.dataFlow(data, arguments, error == null ? result : null);
            } catch (RuntimeException stepFailed) {
                // the step that failed the state (an InputPath selecting nothing...): the steps before it are reported
            }
            if (reportVariables && ("SUCCEEDED".equals(status) || "CAUGHT_ERROR".equals(status))) {
                ObjectNode errorOutput = null;
                if (error != null) {
                    errorOutput = Json.object().put("Error", error);
                    if (cause != null) {
                        errorOutput.put("Cause", cause);
                    }
                }
                data.put("variables", Json.write(inspection.variablesAfter(error == null ? result : null, errorOutput,
                        error == null ? -1 : inspection.catcherIndex(error))));
            }
            if (errorDetails != null) {
                data.set("errorDetails", errorDetails);
            }
        }
        return o;
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

    /**
     * Serves the tested state's Task once from the request's mock: {@code result} or {@code errorOutput}; for a Map or
     * Parallel state mocked as a whole, also the Map's tolerated failures ({@code mapIterationFailureCount}).
     */
    private static TaskInvoker mockInvoker(JsonNode mock, JsonNode mockResult, TestStateConfig config, StateInspection inspection,
                                           AtomicReference<JsonNode> arguments, AtomicReference<JsonNode> result) {
        JsonNode errorOutput = mock != null ? mock.get("errorOutput") : null;
        return invocation -> {
            arguments.set(invocation.input());
            if (errorOutput != null && !errorOutput.isNull()) {
                throw new TaskFailedException(errorOutput.path("error").asText(null), errorOutput.path("cause").asText(null));
            }
            StateInspection.MapSettings map = config.wholeState() ? inspection.mapSettings() : null;
            if (map != null && map.exceeded(config.mapIterationFailureCount(), Math.max(inspection.mapItemCount(), mockResult.size()))) {
                throw new TaskFailedException("States.ExceedToleratedFailureThreshold", "The specified tolerated failure threshold was exceeded");
            }
            if (mockResult != null) {
                result.set(mockResult);
                return mockResult.deepCopy();
            }
            throw new TaskFailedException("States.Runtime", "The local TestState runs Task states with a mock only: give "
                    + "mock.result or mock.errorOutput for state '" + invocation.stateName() + "' (resource "
                    + invocation.resource() + ")");
        };
    }

    /** An optional member holding a JSON object as text (variables, context). */
    private static JsonNode object(ObjectNode r, String field) {
        String t = text(r, field, false);
        JsonNode v = t == null ? null : parse(t, field);
        if (v != null && !v.isObject()) {
            throw ApiException.validation(field + " must be a JSON object");
        }
        return v;
    }

    static String text(ObjectNode r, String field, boolean required) {
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

    static JsonNode parse(String text, String field) {
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
