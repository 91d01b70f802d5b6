package io.github.gamehousekeeping.client;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.gamehousekeeping.client.cli.HousekeepingCli;
import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.WorkflowErrors;
import io.github.gamehousekeeping.local.junit.HousekeepingLocal;
import io.github.gamehousekeeping.local.junit.HousekeepingStateMachineArn;
import io.github.gamehousekeeping.local.junit.LocalStepFunctions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redrive against the full local runtime (real functions, DynamoDB Local): the housekeeping definition with
 * PublishMetrics' Catch removed, PublishMetrics served by a mock that fails on its first call and succeeds on its
 * second. The event is recorded by the real RecordLevelCompletion in the first run; the redrive runs PublishMetrics
 * only, and the table holds the event once.
 */
@HousekeepingLocal(scope = HousekeepingLocal.Scope.JVM)
class HousekeepingRedriveEndToEndTest {
    static final String MOCKS = """
            {"StateMachines":{"HousekeepingRedrive":{"TestCases":{"MetricsFailOnce":{"PublishMetrics":"FailsOnce"}}}},
             "MockedResponses":{"FailsOnce":{
                "0":{"Throw":{"Error":"Injected.Fault","Cause":"metrics backend down (first call)"}},
                "1":{"Return":{"StatusCode":200,"Payload":{"published":true}}}}}}""";

    /** The unchanged housekeeping definition: PublishMetrics' error is caught into the MetricsFailed Fail state. */
    static final String CAUGHT_MOCKS = """
            {"StateMachines":{"HousekeepingCaught":{"TestCases":{"MetricsFail":{"PublishMetrics":"AlwaysFails"}}}},
             "MockedResponses":{"AlwaysFails":{
                "0-9":{"Throw":{"Error":"Injected.Fault","Cause":"metrics backend down"}}}}}""";

    static LocalStepFunctions local;
    static String stateMachineArn;
    static String housekeepingArn;
    static String caughtArn;

    @BeforeAll
    static void start(LocalStepFunctions stepFunctions, @HousekeepingStateMachineArn String housekeeping) {
        local = stepFunctions;
        housekeepingArn = housekeeping;
        JsonObject definition = JsonParser.parseString(
                local.sfn().describeStateMachine(r -> r.stateMachineArn(housekeeping)).definition()).getAsJsonObject();
        definition.getAsJsonObject("States").getAsJsonObject("PublishMetrics").remove("Catch");
        definition.getAsJsonObject("States").remove("MetricsFailed"); // unreachable without the Catch
        stateMachineArn = local.createStateMachine("HousekeepingRedrive", definition.toString(), MOCKS);
        caughtArn = local.createStateMachine("HousekeepingCaught",
                local.sfn().describeStateMachine(r -> r.stateMachineArn(housekeeping)).definition(), CAUGHT_MOCKS);
    }

    static int run(StringWriter out, StringWriter err, String... args) {
        return HousekeepingCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void failedExecution_isRedrivenBySubmit_andRecordsTheEventOnce() throws Exception {
        String player = "player-" + UUID.randomUUID();
        CompletionEvent event = new CompletionEvent("evt-" + UUID.randomUUID(), player, 3, 1000, 90_000, "2026-11-21T10:00:00Z", false);
        String executionArn = local.sfn().startExecution(r -> r.stateMachineArn(LocalStepFunctions.testCase(stateMachineArn, "MetricsFailOnce"))
                .name(event.eventId()).input(event.toJson())).executionArn();
        try (HousekeepingClient client = HousekeepingClient.builder().sfnClient(local.sfn()).stateMachineArn(stateMachineArn)
                .pollInitialDelay(Duration.ofMillis(20)).pollMaxDelay(Duration.ofMillis(200)).build()) {
            ExecutionResult.Failed failed = assertInstanceOf(ExecutionResult.Failed.class, client.await(executionArn, Duration.ofSeconds(60)));
            assertEquals("Injected.Fault", failed.error());
            assertEquals(1, levelItems(player), "recorded in the first run");

            Path file = Files.createTempFile("event", ".json");
            try {
                Files.writeString(file, event.toJson());
                String[] submit = {"submit", "--event", file.toString(), "--state-machine-arn", stateMachineArn,
                        "--endpoint-url", local.endpoint().toString(), "--wait"};
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                assertEquals(HousekeepingCli.EXECUTION_FAILED, run(out, err, submit));
                assertTrue(err.toString().contains("ended FAILED with Injected.Fault; a redrive goes on from the state that was running:"
                        + " rerun with --redrive"), err.toString());

                StringWriter redrivenOut = new StringWriter();
                StringWriter redrivenErr = new StringWriter();
                String[] withRedrive = java.util.stream.Stream.concat(java.util.Arrays.stream(submit), java.util.stream.Stream.of("--redrive"))
                        .toArray(String[]::new);
                assertEquals(HousekeepingCli.OK, run(redrivenOut, redrivenErr, withRedrive), redrivenErr.toString());
                assertTrue(redrivenErr.toString().contains("redriven: the execution of this event had ended FAILED"), redrivenErr.toString());
                assertTrue(redrivenOut.toString().contains("\"status\": \"SUCCEEDED\""), redrivenOut.toString());
            } finally {
                Files.deleteIfExists(file);
            }

            assertEquals(1, levelItems(player), "the redrive wrote nothing twice");
            List<HistoryEvent> history = local.sfn().getExecutionHistory(r -> r.executionArn(executionArn).maxResults(1000)).events();
            assertEquals(1, entered(history, "RecordLevelCompletion"), "the succeeded recording was not run again");
            assertEquals(2, entered(history, "PublishMetrics"));
            assertEquals(1, client.describe(executionArn).redriveCount());
            assertThrows(ExecutionNotRedrivableException.class, () -> client.redrive(executionArn));
        }
    }

    @Test
    void cliRedrive_ofASucceededExecution_isRefusedClearly() throws Exception {
        CompletionEvent event = new CompletionEvent("evt-" + UUID.randomUUID(), "player-" + UUID.randomUUID(), 1, 10, 1000,
                "2026-11-21T10:00:00Z", false);
        String executionArn = local.sfn().startExecution(r -> r.stateMachineArn(stateMachineArn).name(event.eventId())
                .input(event.toJson())).executionArn();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (HousekeepingClient client = HousekeepingClient.builder().sfnClient(local.sfn()).stateMachineArn(stateMachineArn).build()) {
            client.await(executionArn, Duration.ofSeconds(60));
        }
        assertEquals(HousekeepingCli.INVALID, run(out, err, "redrive", executionArn, "--endpoint-url", local.endpoint().toString()));
        assertTrue(err.toString().contains("Execution is SUCCEEDED and cannot be redriven."), err.toString());
    }

    @Test
    void failureCaughtIntoAFailState_isNotRedrivenBySubmit_andTheMessageSaysWhy() throws Exception {
        String player = "player-" + UUID.randomUUID();
        CompletionEvent event = new CompletionEvent("evt-" + UUID.randomUUID(), player, 2, 500, 60_000, "2026-11-21T10:00:00Z", false);
        String executionArn = local.sfn().startExecution(r -> r.stateMachineArn(LocalStepFunctions.testCase(caughtArn, "MetricsFail"))
                .name(event.eventId()).input(event.toJson())).executionArn();
        try (HousekeepingClient client = HousekeepingClient.builder().sfnClient(local.sfn()).stateMachineArn(caughtArn)
                .pollInitialDelay(Duration.ofMillis(20)).pollMaxDelay(Duration.ofMillis(200)).build()) {
            ExecutionResult.Failed failed = assertInstanceOf(ExecutionResult.Failed.class, client.await(executionArn, Duration.ofSeconds(60)));
            assertEquals(WorkflowErrors.METRICS_FAILED, failed.error());

            Submission s = client.submitOrRedrive(event);
            assertFalse(s.redriven(), "a redrive would re-enter MetricsFailed and fail again");
            assertTrue(s.existingFailed());
            assertEquals(0, client.describe(executionArn).redriveCount());

            Path file = Files.createTempFile("event", ".json");
            try {
                Files.writeString(file, event.toJson());
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                assertEquals(HousekeepingCli.EXECUTION_FAILED, run(out, err, "submit", "--event", file.toString(), "--state-machine-arn",
                        caughtArn, "--endpoint-url", local.endpoint().toString(), "--redrive"));
                assertTrue(err.toString().contains("ended FAILED with " + WorkflowErrors.METRICS_FAILED + " in one of the workflow's Fail"
                        + " states (every task error is caught into one after its retries): a redrive re-enters that Fail state and"
                        + " fails again, so --redrive does not redrive it; to run the event again, start an execution of it under"
                        + " another name, e.g. " + event.eventId() + "-retry1"), err.toString());
            } finally {
                Files.deleteIfExists(file);
            }
            assertEquals(0, client.describe(executionArn).redriveCount());

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertEquals(HousekeepingCli.EXECUTION_FAILED, run(out, err, "redrive", executionArn, "--endpoint-url",
                    local.endpoint().toString(), "--wait"), "an explicit redrive is done, and fails again");
            assertTrue(err.toString().contains("note: the execution ended FAILED with " + WorkflowErrors.METRICS_FAILED
                    + " in one of the workflow's Fail states: the redrive re-enters that Fail state and fails again"), err.toString());
            assertTrue(out.toString().contains(WorkflowErrors.METRICS_FAILED), out.toString());
            assertEquals(1, client.describe(executionArn).redriveCount());
        }
    }

    @Test
    void failStateErrors_areTheErrorsOfTheWorkflowsFailStates() {
        JsonObject definition = JsonParser.parseString(
                local.sfn().describeStateMachine(r -> r.stateMachineArn(housekeepingArn)).definition()).getAsJsonObject();
        java.util.Set<String> errors = new java.util.HashSet<>();
        failErrors(definition, errors);
        assertEquals(errors, HousekeepingClient.FAIL_STATE_ERRORS);
    }

    /** The Error of every Fail state, nested branches included. */
    static void failErrors(com.google.gson.JsonElement node, java.util.Set<String> errors) {
        if (node.isJsonObject()) {
            JsonObject o = node.getAsJsonObject();
            if (o.has("Type") && "Fail".equals(o.get("Type").getAsString()) && o.has("Error")) {
                errors.add(o.get("Error").getAsString());
            }
            o.entrySet().forEach(e -> failErrors(e.getValue(), errors));
        } else if (node.isJsonArray()) {
            node.getAsJsonArray().forEach(e -> failErrors(e, errors));
        }
    }

    static long entered(List<HistoryEvent> events, String state) {
        return events.stream().filter(e -> e.stateEnteredEventDetails() != null && state.equals(e.stateEnteredEventDetails().name())).count();
    }

    static int levelItems(String player) {
        return local.dynamoDb().query(q -> q.tableName(local.tableName("CompletedLevel"))
                .keyConditionExpression("playerId = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(player)))).count();
    }
}
