package io.github.gamehousekeeping.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.gamehousekeeping.contract.InvalidEventException;
import io.github.gamehousekeeping.contract.TransientFailureException;
import io.github.gamehousekeeping.contract.WorkflowErrors;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkflowDefinitionTest {

    /** Every state of the definition, branches included, by name. */
    static Map<String, JsonObject> allStates(JsonObject machine) {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : machine.getAsJsonObject("States").entrySet()) {
            JsonObject state = e.getValue().getAsJsonObject();
            out.put(e.getKey(), state);
            if (state.has("Branches")) {
                state.getAsJsonArray("Branches").forEach(b -> out.putAll(allStates(b.getAsJsonObject())));
            }
        }
        return out;
    }

    private static Map<String, JsonObject> tasks(JsonObject definition) {
        Map<String, JsonObject> tasks = new LinkedHashMap<>();
        allStates(definition).forEach((name, state) -> {
            if ("Task".equals(state.get("Type").getAsString())) {
                tasks.put(name, state);
            }
        });
        return tasks;
    }

    private final JsonObject definition = StackFixture.defaults().definition();
    private final Map<String, JsonObject> states = allStates(definition);

    @Test
    void everyStepIsATask_onTheOptimisedLambdaIntegration_invokingItsOwnAlias() {
        StackFixture f = StackFixture.defaults();
        Map<String, JsonObject> tasks = tasks(definition);
        assertEquals(5, tasks.size());
        for (HousekeepingStep step : HousekeepingStep.values()) {
            JsonObject task = tasks.get(step.stateName());
            assertNotNull(task, step.stateName());
            assertTrue(task.get("Resource").getAsString().endsWith(":states:::lambda:invoke"));
            JsonObject parameters = task.getAsJsonObject("Parameters");
            assertEquals("${Ref:" + f.aliasId(step) + "}", parameters.get("FunctionName").getAsString());
            assertEquals("$", parameters.get("Payload.$").getAsString());
        }
    }

    @Test
    void taskTimeouts_areAboveTheFunctionTimeouts() {
        StackFixture f = StackFixture.defaults();
        for (HousekeepingStep step : HousekeepingStep.values()) {
            int functionTimeout = f.properties(f.functionId(step)).get("Timeout").getAsInt();
            int taskTimeout = states.get(step.stateName()).get("TimeoutSeconds").getAsInt();
            assertTrue(taskTimeout > functionTimeout, step + ": task " + taskTimeout + " s, function " + functionTimeout);
        }
    }

    @Test
    void validateEvent_passesTheEventOn_andEndsContractViolationsInInvalidEvent() {
        JsonObject validate = states.get("ValidateEvent");
        assertEquals("ValidateEvent", definition.get("StartAt").getAsString());
        assertTrue(validate.get("ResultPath").isJsonNull(), "ResultPath null: output = the original event");
        assertEquals("Housekeeping", validate.get("Next").getAsString());
        List<JsonElement> catches = validate.getAsJsonArray("Catch").asList();
        assertEquals(1, catches.size());
        JsonObject c = catches.get(0).getAsJsonObject();
        assertEquals(List.of(InvalidEventException.class.getName()), StackFixture.strings(c.get("ErrorEquals")));
        JsonObject parse = states.get(c.get("Next").getAsString());
        assertEquals("Pass", parse.get("Type").getAsString());
        String errorPath = c.get("ResultPath").getAsString();
        assertEquals("States.StringToJson(" + errorPath + ".Cause)",
                parse.getAsJsonObject("Parameters").get("cause.$").getAsString());
        JsonObject fail = states.get(parse.get("Next").getAsString());
        assertEquals("Fail", fail.get("Type").getAsString());
        assertEquals(WorkflowErrors.INVALID_EVENT, fail.get("Error").getAsString());
        assertEquals("$.cause.errorMessage", fail.get("CausePath").getAsString());
    }

    @Test
    void housekeeping_runsReportAndRecordingInParallel_andSelectsEventReportRecorded() {
        JsonObject parallel = states.get("Housekeeping");
        assertEquals("Parallel", parallel.get("Type").getAsString());
        assertEquals(2, parallel.getAsJsonArray("Branches").size());
        JsonObject reportBranch = parallel.getAsJsonArray("Branches").get(0).getAsJsonObject();
        assertEquals("GenerateReport", reportBranch.get("StartAt").getAsString());
        assertEquals("$.Payload", states.get("GenerateReport").get("OutputPath").getAsString());
        assertTrue(states.get("GenerateReport").get("End").getAsBoolean());
        JsonObject recordBranch = parallel.getAsJsonArray("Branches").get(1).getAsJsonObject();
        assertEquals("IsGameCompleted", recordBranch.get("StartAt").getAsString());
        Map<String, String> selector = new HashMap<>();
        parallel.getAsJsonObject("ResultSelector").entrySet().forEach(e -> selector.put(e.getKey(), e.getValue().getAsString()));
        assertEquals(Map.of("event.$", "$$.Execution.Input", "report.$", "$[0]", "recorded.$", "$[1]"), selector);
        assertEquals("$", parallel.get("ResultPath").getAsString());
        assertEquals("PublishMetrics", parallel.get("Next").getAsString());
    }

    @Test
    void isGameCompleted_recordsGamesAndOtherwiseLevels() {
        JsonObject choice = states.get("IsGameCompleted");
        assertEquals("Choice", choice.get("Type").getAsString());
        List<JsonElement> rules = choice.getAsJsonArray("Choices").asList();
        assertEquals(1, rules.size());
        JsonObject rule = rules.get(0).getAsJsonObject();
        assertEquals("$.gameCompleted", rule.get("Variable").getAsString());
        assertTrue(rule.get("BooleanEquals").getAsBoolean());
        assertEquals("RecordGameCompletion", rule.get("Next").getAsString());
        assertEquals("RecordLevelCompletion", choice.get("Default").getAsString());
        for (String record : List.of("RecordGameCompletion", "RecordLevelCompletion")) {
            assertEquals("$.Payload", states.get(record).get("OutputPath").getAsString());
            assertTrue(states.get(record).get("End").getAsBoolean());
        }
    }

    @Test
    void publishMetrics_receivesTheCombinedResult_andDiscardsItsOwn() {
        JsonObject publish = states.get("PublishMetrics");
        assertTrue(publish.get("ResultPath").isJsonNull(), "output stays {event, report, recorded}");
        assertTrue(publish.get("End").getAsBoolean());
    }

    @Test
    void everyTask_retriesLambdaAndTransientErrors_withBackoffMaxDelayAndFullJitter() {
        Set<String> expected = Set.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
                "Lambda.SdkClientException", "Lambda.TooManyRequestsException",
                "io.github.gamehousekeeping.contract.TransientFailureException");
        tasks(definition).forEach((name, task) -> {
            List<JsonElement> retries = task.getAsJsonArray("Retry").asList();
            assertEquals(1, retries.size(), name + ": only the explicit retrier (retryOnServiceExceptions off)");
            JsonObject retry = retries.get(0).getAsJsonObject();
            assertEquals(expected, Set.copyOf(StackFixture.strings(retry.get("ErrorEquals"))), name);
            assertEquals("FULL", retry.get("JitterStrategy").getAsString(), name);
            assertEquals(8, retry.get("MaxDelaySeconds").getAsInt(), name);
            assertEquals(1, retry.get("IntervalSeconds").getAsInt(), name);
            assertEquals(4, retry.get("MaxAttempts").getAsInt(), name);
            assertTrue(retry.get("BackoffRate").getAsDouble() > 1, name);
        });
    }

    @Test
    void retryAndCatchErrorNames_areTheRealContractClassNames() throws ClassNotFoundException {
        int checked = 0;
        for (JsonObject task : tasks(definition).values()) {
            for (String key : List.of("Retry", "Catch")) {
                for (JsonElement entry : task.getAsJsonArray(key)) {
                    for (String error : StackFixture.strings(entry.getAsJsonObject().get("ErrorEquals"))) {
                        if (error.startsWith("Lambda.") || error.startsWith("States.")) {
                            continue;
                        }
                        Class<?> type = Class.forName(error);
                        assertTrue(RuntimeException.class.isAssignableFrom(type), error);
                        checked++;
                    }
                }
            }
        }
        assertEquals(6, checked, "5 retriers name TransientFailureException, 1 catcher InvalidEventException");
        assertEquals(TransientFailureException.class, Class.forName(
                states.get("GenerateReport").getAsJsonArray("Retry").get(0).getAsJsonObject()
                        .getAsJsonArray("ErrorEquals").get(4).getAsString()));
    }

    @Test
    void everyOtherTask_catchesAllErrorsIntoItsNamedFailState_withTheErrorCause() {
        Map<String, String> expected = Map.of(
                "GenerateReport", WorkflowErrors.REPORT_FAILED,
                "RecordLevelCompletion", WorkflowErrors.RECORDING_FAILED,
                "RecordGameCompletion", WorkflowErrors.RECORDING_FAILED,
                "PublishMetrics", WorkflowErrors.METRICS_FAILED);
        expected.forEach((taskName, error) -> {
            List<JsonElement> catches = states.get(taskName).getAsJsonArray("Catch").asList();
            assertEquals(1, catches.size(), taskName);
            JsonObject c = catches.get(0).getAsJsonObject();
            assertEquals(List.of("States.ALL"), StackFixture.strings(c.get("ErrorEquals")), taskName);
            JsonObject fail = states.get(c.get("Next").getAsString());
            assertEquals("Fail", fail.get("Type").getAsString(), taskName);
            assertEquals(error, fail.get("Error").getAsString(), taskName);
            assertEquals(c.get("ResultPath").getAsString() + ".Cause", fail.get("CausePath").getAsString(), taskName);
        });
    }

    /** States entered on the happy path; Step Functions Standard bills one transition per state entered. */
    static int happyPathTransitions(JsonObject machine, boolean gameCompleted) {
        int count = 0;
        String name = machine.get("StartAt").getAsString();
        JsonObject states = machine.getAsJsonObject("States");
        while (name != null) {
            JsonObject state = states.getAsJsonObject(name);
            count++;
            String type = state.get("Type").getAsString();
            if ("Fail".equals(type)) {
                throw new AssertionError("happy path reached Fail state " + name);
            }
            if ("Parallel".equals(type)) {
                for (JsonElement branch : state.getAsJsonArray("Branches")) {
                    count += happyPathTransitions(branch.getAsJsonObject(), gameCompleted);
                }
            }
            if ("Choice".equals(type)) {
                JsonObject rule = state.getAsJsonArray("Choices").get(0).getAsJsonObject();
                name = rule.get("BooleanEquals").getAsBoolean() == gameCompleted ? rule.get("Next").getAsString()
                        : state.get("Default").getAsString();
            } else {
                name = state.has("Next") ? state.get("Next").getAsString() : null;
            }
        }
        return count;
    }

    @Test
    void happyPath_costsSixStateTransitions_forLevelsAndGames() {
        assertEquals(6, happyPathTransitions(definition, false));
        assertEquals(6, happyPathTransitions(definition, true));
    }

    @Test
    void stateMachine_logsAllWithExecutionData_tracesAndTimesOut() {
        StackFixture f = StackFixture.defaults();
        JsonObject sm = f.properties(f.stateMachineId());
        assertEquals("STANDARD", sm.get("StateMachineType").getAsString());
        assertTrue(sm.getAsJsonObject("TracingConfiguration").get("Enabled").getAsBoolean());
        JsonObject logging = sm.getAsJsonObject("LoggingConfiguration");
        assertEquals("ALL", logging.get("Level").getAsString());
        assertTrue(logging.get("IncludeExecutionData").getAsBoolean());
        String group = logging.getAsJsonArray("Destinations").get(0).getAsJsonObject()
                .getAsJsonObject("CloudWatchLogsLogGroup").getAsJsonObject("LogGroupArn")
                .getAsJsonArray("Fn::GetAtt").get(0).getAsString();
        assertTrue(WorkflowDiagram.render(f.properties(group).get("LogGroupName")).startsWith("/aws/vendedlogs/states/"));
        assertEquals(30, f.properties(group).get("RetentionInDays").getAsInt());
        assertEquals(300, definition.get("TimeoutSeconds").getAsInt());
    }

    @Test
    void stateMachine_isExpress_whenTheContextAsksForIt() {
        StackFixture f = StackFixture.variant();
        JsonObject sm = f.properties(f.stateMachineId());
        assertEquals("EXPRESS", sm.get("StateMachineType").getAsString());
        assertEquals("ALL", sm.getAsJsonObject("LoggingConfiguration").get("Level").getAsString());
        assertFalse(WorkflowDiagram.toMermaid(f.definition()).isEmpty());
        assertEquals(WorkflowDiagram.toMermaid(definition), WorkflowDiagram.toMermaid(f.definition()),
                "same definition in both types");
    }
}
