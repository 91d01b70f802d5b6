package io.github.gamehousekeeping.local.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * TestState's {@code stateConfiguration} and {@code mock}, checked against the tested state as AWS checks them
 * (messages AWS returns where known: a mock for a Pass/Fail/Succeed state, a Map or Parallel state without a mock,
 * both result and errorOutput, a Map/Parallel result that is not an array of the right size); the combinations AWS
 * leaves unrecorded (errorCausedByState on a Task, naming no inner state, retrierRetryCount without Retry,
 * mapIterationFailureCount on a non-Map) are refused with a message naming the field and the state.
 *
 * @param wholeState a Map or Parallel state: mocked as a whole (its mock is the state's result)
 */
record TestStateConfig(int retrierRetryCount, String errorCausedByState, int mapIterationFailureCount, boolean wholeState) {
    private static final Set<String> NO_MOCK_TYPES = Set.of("Pass", "Fail", "Succeed", "Choice", "Wait");
    private static final Set<String> MAP_FIELDS = Set.of("Items", "ItemsPath", "ItemSelector", "ItemProcessor", "Iterator",
            "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailureCount", "ToleratedFailureCountPath", "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath", "ItemReader", "ItemBatcher", "ResultWriter", "Label", "Parameters");

    static TestStateConfig of(ObjectNode r, ObjectNode state, String stateName, String type) {
        JsonNode c = r.path("stateConfiguration");
        int retryCount = nonNegative(c, "retrierRetryCount");
        int failureCount = nonNegative(c, "mapIterationFailureCount");
        String causedBy = c.hasNonNull("errorCausedByState") ? c.get("errorCausedByState").asText() : null;
        boolean whole = "Map".equals(type) || "Parallel".equals(type);
        if (c.hasNonNull("retrierRetryCount") && !state.has("Retry")) {
            throw ApiException.validation("stateConfiguration.retrierRetryCount is set, but state '" + stateName + "' has no Retry");
        }
        if (c.hasNonNull("mapIterationFailureCount") && !"Map".equals(type)) {
            throw ApiException.validation("stateConfiguration.mapIterationFailureCount is only allowed for a Map state; state '"
                    + stateName + "' is a " + type + " state");
        }
        if (causedBy != null) {
            if (!whole) {
                throw ApiException.validation("stateConfiguration.errorCausedByState is only allowed for a Map or Parallel state; state '"
                        + stateName + "' is a " + type + " state");
            }
            List<String> inner = new ArrayList<>();
            innerStates(state, inner);
            if (!inner.contains(causedBy)) {
                throw ApiException.validation("stateConfiguration.errorCausedByState '" + causedBy + "' is not a state of "
                        + ("Map".equals(type) ? "the ItemProcessor" : "a branch") + " of state '" + stateName + "' (its states: "
                        + String.join(", ", inner) + ")");
            }
        }
        return new TestStateConfig(retryCount, causedBy, failureCount, whole);
    }

    private static int nonNegative(JsonNode c, String field) {
        JsonNode v = c.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 0) {
            throw ApiException.validation("1 validation error detected: Value '" + v + "' at 'stateConfiguration." + field
                    + "' failed to satisfy constraint: Member must have value greater than or equal to 0");
        }
        return v.intValue();
    }

    /** The names of the states inside a Map (ItemProcessor/Iterator) or Parallel (Branches), nested ones included. */
    private static void innerStates(JsonNode state, List<String> names) {
        List<JsonNode> machines = new ArrayList<>();
        state.path("Branches").forEach(machines::add);
        machines.add(state.path("ItemProcessor"));
        machines.add(state.path("Iterator"));
        for (JsonNode m : machines) {
            m.path("States").fields().forEachRemaining(e -> {
                names.add(e.getKey());
                innerStates(e.getValue(), names);
            });
        }
    }

    /** Checks the request's mock against the state; returns the mocked result (null without one). */
    static JsonNode checkMock(ObjectNode r, JsonNode mock, ObjectNode state, String type, TestStateConfig config) {
        if (mock == null) {
            if (config.wholeState()) {
                throw new ApiException("InvalidDefinition", "TestState API does not support Map or Parallel states. Supported state "
                        + "types include: [Task, Wait, Pass, Succeed, Fail, Choice]");
            }
            if (config.errorCausedByState() != null) {
                throw ApiException.validation("stateConfiguration.errorCausedByState needs mock.errorOutput (the mocked error it caused)");
            }
            return null;
        }
        if (!mock.isObject()) {
            throw new ApiException("SerializationException", "Field 'mock' must be an object");
        }
        if (NO_MOCK_TYPES.contains(type)) {
            throw ApiException.validation("State type '" + type + "' is not supported when a mock is specified");
        }
        if (r.path("revealSecrets").asBoolean(false)) {
            throw ApiException.validation("TestState does not support RevealSecrets when a mock is specified.");
        }
        String mode = mock.path("fieldValidationMode").asText("STRICT");
        if (!Set.of("STRICT", "PRESENT", "NONE").contains(mode)) {
            throw ApiException.validation("1 validation error detected: Value '" + mode + "' at 'mock.fieldValidationMode' "
                    + "failed to satisfy constraint: Member must satisfy enum value set: [STRICT, PRESENT, NONE]");
        }
        boolean hasResult = mock.hasNonNull("result");
        boolean hasError = mock.hasNonNull("errorOutput");
        if (hasResult && hasError) {
            throw ApiException.validation("A test mock should have only one of the following fields: [result, errorOutput].");
        }
        if (!hasResult && !hasError) {
            throw ApiException.validation("A test mock should have one of the following fields: [result, errorOutput].");
        }
        if (hasError) {
            if (!mock.get("errorOutput").hasNonNull("error")) {
                throw ApiException.validation("1 validation error detected: Value null at 'mock.errorOutput.error' failed to satisfy "
                        + "constraint: Member must not be null");
            }
            return null;
        }
        if (config.errorCausedByState() != null) {
            throw ApiException.validation("stateConfiguration.errorCausedByState needs mock.errorOutput (the mocked error it caused), "
                    + "not mock.result");
        }
        if (!mock.get("result").isTextual()) {
            throw new ApiException("SerializationException", "Field 'mock.result' must be a string");
        }
        JsonNode result = TestStateOperation.parse(mock.get("result").asText(), "mock.result");
        if ("Map".equals(type)) {
            if (state.has("ResultWriter") && !result.isObject()) {
                throw ApiException.validation("Mocked result must be a JSON object.");
            }
            if (!state.has("ResultWriter") && !result.isArray()) {
                throw ApiException.validation("Mocked result must be an array.");
            }
        } else if ("Parallel".equals(type)) {
            if (!result.isArray()) {
                throw ApiException.validation("Mocked result must be an array.");
            }
            if (result.size() != state.path("Branches").size()) {
                throw ApiException.validation("Mocked result must contain the same number of items as number of Parallel branches.");
            }
        }
        return result;
    }

    /**
     * A Map or Parallel state as the Task the local TestState runs for it: the same input and output processing, Retry,
     * Catch and transitions, its work replaced by the mock.
     */
    static ObjectNode asMockedTask(ObjectNode state) {
        ObjectNode task = state.deepCopy();
        boolean map = "Map".equals(state.path("Type").asText());
        task.remove("Branches");
        if (map) {
            MAP_FIELDS.forEach(task::remove);
        }
        task.put("Type", "Task");
        task.put("Resource", "arn:aws:states:::testState:mock");
        return task;
    }
}
