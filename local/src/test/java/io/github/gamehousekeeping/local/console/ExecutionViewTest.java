package io.github.gamehousekeeping.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.EngineOptions;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.asl.MockConfigTaskInvoker;
import io.github.gamehousekeeping.local.asl.TaskInvoker;
import io.github.gamehousekeeping.local.server.ExecutionService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each state's outcome, input and output read from real engine histories (mocked tasks, no Lambda). */
class ExecutionViewTest {
    static final String LEVEL = """
            {"eventId":"evt-level-0001","playerId":"player-42","level":3,"score":1200,"durationMs":93500,\
            "completedAt":"2026-11-21T10:15:30Z","gameCompleted":false}""";
    final ExecutionService service = ExecutionService.create(EngineOptions.builder().waitScale(0).build(), 4);

    @AfterEach
    void close() {
        service.close();
    }

    private JsonNode view(String testCase) throws Exception {
        String definition = resource("/server/housekeeping-definition.json");
        JsonNode mocks = Json.parseUnchecked(resource("/server/housekeeping-mock-config.json"));
        String arn = service.registerStateMachine("H" + testCase, definition, ExecutionService.Type.STANDARD,
                new MockConfigTaskInvoker(mocks, "Housekeeping", testCase), null).arn();
        ExecutionService.Execution e = service.start(arn, "evt-1", LEVEL);
        assertTrue(e.await(Duration.ofSeconds(30)));
        return ExecutionView.of(Json.parseUnchecked(definition), e.status(), e.error(), e.cause(), e.history(), List.of());
    }

    @Test
    void retriedTask_isRetried_andTheOtherBranchNotRun() throws Exception {
        JsonNode v = view("TransientThenRecorded");
        assertEquals("retried", v.at("/states/RecordLevelCompletion/status").asText());
        assertEquals(2, v.at("/states/RecordLevelCompletion/attempts").asInt());
        assertEquals("io.github.gamehousekeeping.contract.TransientFailureException", v.at("/states/RecordLevelCompletion/error").asText());
        assertEquals("succeeded", v.at("/states/Housekeeping/status").asText());
        assertEquals("not-run", v.at("/states/RecordGameCompletion/status").asText());
        assertTrue(v.at("/states/GenerateReport/input").asText().contains("evt-level-0001"));
        assertTrue(v.at("/states/GenerateReport/output").asText().contains("bestScore"));
        // Every event is attributed: a Parallel's own events to the Parallel, a task's to its state.
        for (JsonNode e : v.get("events")) {
            String type = e.get("type").asText();
            if (type.startsWith("Parallel")) {
                assertEquals("Housekeeping", e.path("state").asText(), type);
            } else if (type.startsWith("Task")) {
                assertTrue(e.has("state"), type);
            }
        }
    }

    @Test
    void invalidEvent_validationCaught_failStateFailedWithTheExecutionsCause() throws Exception {
        JsonNode v = view("InvalidEvent");
        assertEquals("caught", v.at("/states/ValidateEvent/status").asText());
        assertEquals("succeeded", v.at("/states/ParseValidationError/status").asText());
        assertEquals("failed", v.at("/states/InvalidEvent/status").asText());
        assertEquals("Housekeeping.InvalidEvent", v.at("/states/InvalidEvent/error").asText());
        assertTrue(v.at("/states/InvalidEvent/cause").asText().contains("cheat"));
        assertEquals("not-run", v.at("/states/Housekeeping/status").asText());
    }

    @Test
    void runningTask_isRunning_untilItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TaskInvoker holding = invocation -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Json.parseUnchecked("{\"StatusCode\":200,\"Payload\":{}}");
        };
        String definition = """
                {"StartAt":"Hold","States":{"Hold":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                 "Parameters":{"FunctionName":"hold","Payload.$":"$"},"Next":"After"},"After":{"Type":"Pass","End":true}}}""";
        String arn = service.registerStateMachine("Hold", definition, ExecutionService.Type.STANDARD, holding, null).arn();
        ExecutionService.Execution e = service.start(arn, "hold-1", "{}");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode v;
        do {
            Thread.sleep(20);
            v = ExecutionView.of(Json.parseUnchecked(definition), e.status(), null, null, e.history(), List.of());
        } while (!v.at("/states/Hold/status").asText().equals("running") && System.nanoTime() < deadline);
        assertEquals("running", v.at("/states/Hold/status").asText());
        assertEquals("not-run", v.at("/states/After/status").asText());
        release.countDown();
        assertTrue(e.await(Duration.ofSeconds(10)));
        v = ExecutionView.of(Json.parseUnchecked(definition), e.status(), null, null, e.history(), List.of());
        assertEquals("succeeded", v.at("/states/Hold/status").asText());
        assertEquals("succeeded", v.at("/states/After/status").asText());
    }

    @Test
    void redrivenExecution_aStateThatFailedBeforeTheRedriveAndSucceededAfterIt_isRetried() throws Exception {
        String definition = """
                {"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"Ship","States":{"Ship":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:ship","End":true}}},
                  {"StartAt":"Notify","States":{"Notify":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:notify",
                    "End":true}}}]}}}""";
        JsonNode mocks = Json.parseUnchecked("""
                {"StateMachines":{"Fanout":{"TestCases":{"NotifyFailsOnce":{"Ship":"Shipped","Notify":"FailsOnce"}}}},
                 "MockedResponses":{"Shipped":{"0-1":{"Return":{"shipped":true}}},
                   "FailsOnce":{"0":{"Throw":{"Error":"Gateway.Timeout","Cause":"first call fails"}},"1":{"Return":{"ok":true}}}}}""");
        String arn = service.registerStateMachine("Fanout", definition, ExecutionService.Type.STANDARD,
                new MockConfigTaskInvoker(mocks, "Fanout", "NotifyFailsOnce"), null).arn();
        ExecutionService.Execution e = service.start(arn, "fanout-1", "{}");
        assertTrue(e.await(Duration.ofSeconds(10)));
        JsonNode failed = ExecutionView.of(Json.parseUnchecked(definition), e.status(), e.error(), e.cause(), e.history(), List.of());
        assertEquals("failed", failed.at("/states/Notify/status").asText());
        assertEquals("failed", failed.at("/states/Both/status").asText());

        service.redrive(e.arn());
        assertTrue(e.await(Duration.ofSeconds(10)));
        assertEquals(io.github.gamehousekeeping.local.asl.ExecutionStatus.SUCCEEDED, e.status());
        JsonNode v = ExecutionView.of(Json.parseUnchecked(definition), e.status(), e.error(), e.cause(), e.history(), List.of());
        assertEquals("retried", v.at("/states/Notify/status").asText(), "failed before the redrive, succeeded after it");
        assertEquals("retried", v.at("/states/Both/status").asText());
        assertEquals("succeeded", v.at("/states/Ship/status").asText());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ExecutionViewTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
