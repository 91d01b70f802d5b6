package io.github.gamehousekeeping.infra;

import static io.github.gamehousekeeping.infra.AslDefinition.assertMatches;
import static io.github.gamehousekeeping.infra.AslDefinition.evaluate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gamehousekeeping.contract.InvalidEventException;
import io.github.gamehousekeeping.contract.TransientFailureException;
import io.github.gamehousekeeping.contract.WorkflowErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class WorkflowDefinitionTest {
    private static final String STATE_MACHINE = "AWS::StepFunctions::StateMachine";
    private static final String EXECUTION_NAME = "{% $states.context.Execution.Name %}";
    private static final Map<String, Object> EVENT = Map.of("eventId", "evt-1", "playerId", "p-1", "level", 3,
            "score", 10, "durationMs", 5, "completedAt", "2026-11-21T10:15:30Z", "gameCompleted", false);

    private final AslDefinition definition = AslDefinition.of(StackFixture.defaults());
    private final Map<String, Map<String, Object>> states = definition.states();

    /** $states of a state: its input, the execution's context, and the task result or error output when given. */
    private static Map<String, Object> states(Object input, Object result) {
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("input", input);
        states.put("context", Map.of("Execution", Map.of("Name", "evt-1")));
        if (result != null) {
            states.put("result", result);
        }
        return states;
    }

    /** The error output of a Java Lambda function that threw: its class name, and the Lambda error JSON as cause. */
    private static Map<String, Object> lambdaError(String type, String message) {
        return Map.of("Error", type, "Cause", "{\"errorMessage\":\"" + message + "\",\"errorType\":\"" + type
                + "\",\"stackTrace\":[\"io.github.gamehousekeeping.functions.ValidateEventHandler.handleRequest(x.java:1)\"]}");
    }

    @Test
    void definition_isJsonata_withoutJsonPathFields() {
        assertMatches(Match.objectLike(Map.of("QueryLanguage", "JSONata", "StartAt", "ValidateEvent")),
                definition.machine, "top level");
        Map<String, Object> noJsonPath = new LinkedHashMap<>();
        for (String field : List.of("Parameters", "InputPath", "OutputPath", "ResultPath", "ResultSelector",
                "CausePath", "ErrorPath")) {
            noJsonPath.put(field, Match.absent());
        }
        states.forEach((name, state) -> {
            assertMatches(Match.objectLike(noJsonPath), state, name);
            assertNotEquals("JSONPath", state.get("QueryLanguage"), name);
        });
        assertEquals(11, states.size(), "5 tasks, Parallel, Choice, 4 Fail states: " + states.keySet());
    }

    @Test
    void everyTask_invokesItsOwnAlias_withTheEventAndTheExecutionName() {
        StackFixture f = StackFixture.defaults();
        assertEquals(5, definition.tasks().size());
        for (HousekeepingStep step : HousekeepingStep.values()) {
            String event = step == HousekeepingStep.VALIDATE_EVENT ? "{% $states.input %}" : "{% $event %}";
            assertMatches(Match.objectLike(Map.of(
                    "Resource", Match.stringLikeRegexp(".*:states:::lambda:invoke$"),
                    "Arguments", Match.objectEquals(Map.of(
                            "FunctionName", "${Ref:" + f.aliasId(step) + "}",
                            "Payload", Match.objectEquals(Map.of("event", event, "executionName", EXECUTION_NAME)))))),
                    definition.state(step.stateName()), step.stateName());
        }
        // ValidateEvent hands the function the input as it came, objects or not (the function rejects non-objects).
        Object arguments = definition.state("ValidateEvent").get("Arguments");
        for (Object input : List.of(List.of(1, 2), "a string", 42, true)) {
            Object payload = ((Map<?, ?>) evaluate(arguments, states(input, null), Map.of())).get("Payload");
            assertEquals(Map.of("event", input, "executionName", "evt-1"), payload, "input " + input);
        }
        Object payload = ((Map<?, ?>) evaluate(definition.state("GenerateReport").get("Arguments"),
                states("ignored", null), Map.of("event", EVENT))).get("Payload");
        assertEquals(Map.of("event", EVENT, "executionName", "evt-1"), payload);
    }

    @Test
    void taskTimeouts_areAboveTheFunctionTimeouts() {
        StackFixture f = StackFixture.defaults();
        for (HousekeepingStep step : HousekeepingStep.values()) {
            int functionTimeout = f.properties(f.functionId(step)).get("Timeout").getAsInt();
            int taskTimeout = ((Number) definition.state(step.stateName()).get("TimeoutSeconds")).intValue();
            assertTrue(taskTimeout > functionTimeout, step + ": task " + taskTimeout + " s, function " + functionTimeout);
        }
    }

    @Test
    void validateEvent_keepsTheValidatedEventInAVariable_andEndsContractViolationsInInvalidEvent() {
        Map<String, Object> validate = definition.state("ValidateEvent");
        assertMatches(Match.objectLike(Map.of(
                "Next", "Housekeeping",
                "Output", "{% $states.result.Payload %}",
                "Assign", Match.objectEquals(Map.of("event", "{% $states.result.Payload %}")),
                // No Output on the catcher: the Fail state's input is $states.errorOutput, {Error, Cause}.
                "Catch", Match.arrayEquals(List.of(Match.objectEquals(Map.of(
                        "ErrorEquals", List.of(InvalidEventException.class.getName()),
                        "Next", "InvalidEvent")))))),
                validate, "ValidateEvent");
        Map<String, Object> result = Map.of("StatusCode", 200, "Payload", EVENT);
        assertEquals(Map.of("event", EVENT), evaluate(validate.get("Assign"), states("raw", result), Map.of()));
        assertEquals(EVENT, evaluate(validate.get("Output"), states("raw", result), Map.of()));
    }

    @Test
    void invalidEvent_failsWithTheFunctionsErrorMessage_parsedFromTheErrorOutput() {
        Map<String, Object> fail = definition.state("InvalidEvent");
        assertMatches(Match.objectLike(Map.of(
                "Type", "Fail",
                "Error", WorkflowErrors.INVALID_EVENT,
                "Cause", "{% $parse($states.input.Cause).errorMessage %}")), fail, "InvalidEvent");
        for (String message : List.of("Invalid completion event: the event must be a JSON object, got an array",
                "Invalid completion event: level: is below the minimum: 0 is less than 1")) {
            Object errorOutput = lambdaError(InvalidEventException.class.getName(), message);
            assertEquals(message, evaluate(fail.get("Cause"), states(errorOutput, null), Map.of()));
        }
    }

    @Test
    void housekeeping_runsReportAndRecordingInParallel_andOutputsEventReportRecorded() {
        Map<String, Object> parallel = definition.state("Housekeeping");
        assertMatches(Match.objectLike(Map.of(
                "Type", "Parallel",
                "Next", "PublishMetrics",
                "Branches", Match.arrayEquals(List.of(
                        Match.objectLike(Map.of("StartAt", "GenerateReport")),
                        Match.objectLike(Map.of("StartAt", "IsGameCompleted")))))),
                parallel, "Housekeeping");
        assertMatches(Match.objectLike(Map.of("Output", "{% $states.result.Payload %}", "End", true)),
                definition.state("GenerateReport"), "GenerateReport");
        Map<String, Object> report = Map.of("level", 3, "attempts", 1);
        Map<String, Object> recorded = Map.of("tables", List.of("CompletedLevel"));
        assertEquals(Map.of("event", EVENT, "report", report, "recorded", recorded),
                evaluate(parallel.get("Output"), states(EVENT, List.of(report, recorded)), Map.of("event", EVENT)));
    }

    @Test
    void isGameCompleted_recordsGamesAndOtherwiseLevels() {
        Map<String, Object> choice = definition.state("IsGameCompleted");
        assertMatches(Match.objectLike(Map.of(
                "Type", "Choice",
                "Choices", Match.arrayEquals(List.of(Match.objectEquals(Map.of(
                        "Condition", "{% $event.gameCompleted %}", "Next", "RecordGameCompletion")))),
                "Default", "RecordLevelCompletion")), choice, "IsGameCompleted");
        Object condition = ((Map<?, ?>) ((List<?>) choice.get("Choices")).get(0)).get("Condition");
        for (boolean gameCompleted : List.of(true, false)) {
            Map<String, Object> event = new LinkedHashMap<>(EVENT);
            event.put("gameCompleted", gameCompleted);
            assertEquals(gameCompleted, evaluate(condition, states(event, null), Map.of("event", event)));
        }
        for (String record : List.of("RecordGameCompletion", "RecordLevelCompletion")) {
            assertMatches(Match.objectLike(Map.of("Output", "{% $states.result.Payload %}", "End", true)),
                    definition.state(record), record);
        }
    }

    @Test
    void publishMetrics_getsTheEvent_andPassesItsInputOn() {
        Map<String, Object> publish = definition.state("PublishMetrics");
        assertMatches(Match.objectLike(Map.of("Output", "{% $states.input %}", "End", true)), publish, "PublishMetrics");
        Map<String, Object> combined = Map.of("event", EVENT, "report", Map.of(), "recorded", Map.of());
        assertEquals(combined, evaluate(publish.get("Output"),
                states(combined, Map.of("Payload", Map.of("published", true))), Map.of("event", EVENT)));
    }

    @Test
    void everyTask_retriesLambdaTransientErrorsAndTimeouts_withBackoffMaxDelayAndFullJitter() {
        List<String> errors = List.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
                "Lambda.SdkClientException", "Lambda.TooManyRequestsException", "States.Timeout",
                "io.github.gamehousekeeping.contract.TransientFailureException");
        definition.tasks().forEach((name, task) -> assertMatches(Match.objectLike(Map.of(
                "Retry", Match.arrayEquals(List.of(Match.objectEquals(Map.of(
                        "ErrorEquals", errors,
                        "IntervalSeconds", 1,
                        "MaxAttempts", 4,
                        "BackoffRate", 2,
                        "MaxDelaySeconds", 8,
                        "JitterStrategy", "FULL")))))), task, name + ": only the explicit retrier"));
    }

    @Test
    void retryAndCatchErrorNames_areTheRealContractClassNames() throws ClassNotFoundException {
        int checked = 0;
        for (Map<String, Object> task : definition.tasks().values()) {
            for (String key : List.of("Retry", "Catch")) {
                for (Object entry : (List<?>) task.get(key)) {
                    for (Object error : (List<?>) ((Map<?, ?>) entry).get("ErrorEquals")) {
                        if (((String) error).startsWith("Lambda.") || ((String) error).startsWith("States.")) {
                            continue;
                        }
                        assertTrue(RuntimeException.class.isAssignableFrom(Class.forName((String) error)), (String) error);
                        checked++;
                    }
                }
            }
        }
        assertEquals(6, checked, "5 retriers name TransientFailureException, 1 catcher InvalidEventException");
        assertTrue(HousekeepingWorkflow.RETRYABLE_ERRORS.contains(TransientFailureException.class.getName()));
    }

    @Test
    void everyOtherTask_catchesAllErrorsIntoItsNamedFailState_withTheErrorCause() {
        Map<String, String> expected = Map.of(
                "GenerateReport", WorkflowErrors.REPORT_FAILED,
                "RecordLevelCompletion", WorkflowErrors.RECORDING_FAILED,
                "RecordGameCompletion", WorkflowErrors.RECORDING_FAILED,
                "PublishMetrics", WorkflowErrors.METRICS_FAILED);
        expected.forEach((taskName, error) -> {
            Capture next = new Capture();
            assertMatches(Match.objectLike(Map.of("Catch", Match.arrayEquals(List.of(Match.objectEquals(Map.of(
                    "ErrorEquals", List.of("States.ALL"), "Next", next)))))), states.get(taskName), taskName);
            Map<String, Object> fail = definition.state(next.asString());
            assertMatches(Match.objectLike(Map.of("Type", "Fail", "Error", error, "Cause", "{% $states.input.Cause %}")),
                    fail, taskName);
            Map<String, Object> errorOutput = lambdaError("java.lang.IllegalStateException", "table is not writable");
            assertEquals(errorOutput.get("Cause"), evaluate(fail.get("Cause"), states(errorOutput, null), Map.of()));
        });
    }

    /**
     * States entered from StartAt (Step Functions Standard bills one transition per state entered): Choice rules are
     * evaluated with the workflow variables, a Task with a catcher of {@code error} goes to its handler.
     */
    @SuppressWarnings("unchecked")
    static int transitions(Map<String, Object> scope, Map<String, Object> variables, String error) {
        int count = 0;
        String name = (String) scope.get("StartAt");
        Map<String, Object> all = (Map<String, Object>) scope.get("States");
        while (name != null) {
            Map<String, Object> state = (Map<String, Object>) all.get(name);
            count++;
            switch ((String) state.get("Type")) {
                case "Fail" -> {
                    if (error == null) {
                        throw new AssertionError("happy path reached Fail state " + name);
                    }
                    return count;
                }
                case "Parallel" -> {
                    for (Object branch : (List<?>) state.get("Branches")) {
                        count += transitions((Map<String, Object>) branch, variables, error);
                    }
                }
                case "Choice" -> {
                    name = (String) state.get("Default");
                    for (Object rule : (List<?>) state.get("Choices")) {
                        Map<String, Object> r = (Map<String, Object>) rule;
                        if (Boolean.TRUE.equals(evaluate(r.get("Condition"), Map.of(), variables))) {
                            name = (String) r.get("Next");
                            break;
                        }
                    }
                    continue;
                }
                default -> {
                }
            }
            String caught = null;
            for (Object catcher : (List<?>) state.getOrDefault("Catch", List.of())) {
                if (error != null && ((List<?>) ((Map<?, ?>) catcher).get("ErrorEquals")).contains(error)) {
                    caught = (String) ((Map<?, ?>) catcher).get("Next");
                }
            }
            name = caught != null ? caught : (String) state.get("Next");
        }
        if (error != null) {
            throw new AssertionError(error + " did not end in a Fail state");
        }
        return count;
    }

    @Test
    void happyPath_costsSixStateTransitions_forLevelsAndGames() {
        for (boolean gameCompleted : List.of(false, true)) {
            Map<String, Object> event = new LinkedHashMap<>(EVENT);
            event.put("gameCompleted", gameCompleted);
            assertEquals(6, transitions(definition.machine, Map.of("event", event), null), "game " + gameCompleted);
        }
    }

    /** The JSONPath definition took ValidateEvent, the Pass state ParseValidationError and the Fail state. */
    private static final int JSONPATH_INVALID_EVENT_TRANSITIONS = 3;

    @Test
    void invalidEventPath_costsTwoStateTransitions_oneFewerThanWithJsonPath() {
        int transitions = transitions(definition.machine, Map.of(), InvalidEventException.class.getName());
        assertEquals(2, transitions, "ValidateEvent, InvalidEvent");
        assertTrue(transitions < JSONPATH_INVALID_EVENT_TRANSITIONS);
    }

    @Test
    void stateMachine_logsAllWithExecutionData_tracesAndTimesOut() {
        StackFixture f = StackFixture.defaults();
        Capture logGroup = new Capture();
        f.template.hasResourceProperties(STATE_MACHINE, Match.objectLike(Map.of(
                "StateMachineType", "STANDARD",
                "TracingConfiguration", Map.of("Enabled", true),
                "LoggingConfiguration", Match.objectLike(Map.of(
                        "Level", "ALL",
                        "IncludeExecutionData", true,
                        "Destinations", List.of(Map.of("CloudWatchLogsLogGroup",
                                Map.of("LogGroupArn", Map.of("Fn::GetAtt", List.of(logGroup, "Arn"))))))))));
        assertTrue(WorkflowDiagram.render(f.properties(logGroup.asString()).get("LogGroupName"))
                .startsWith("/aws/vendedlogs/states/"));
        assertEquals(30, f.properties(logGroup.asString()).get("RetentionInDays").getAsInt());
        assertMatches(Match.objectLike(Map.of("TimeoutSeconds", 300)), definition.machine, "execution timeout");
    }

    @Test
    void stateMachine_isExpress_whenTheContextAsksForIt_withTheSameDefinition() {
        StackFixture f = StackFixture.variant();
        Template template = f.template;
        template.hasResourceProperties(STATE_MACHINE, Match.objectLike(Map.of(
                "StateMachineType", "EXPRESS",
                "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL")))));
        assertEquals(WorkflowDiagram.toMermaid(StackFixture.defaults().definition()),
                WorkflowDiagram.toMermaid(f.definition()), "same definition in both types");
        assertEquals(definition.machine, AslDefinition.of(f).machine, "same definition in both types");
    }
}
