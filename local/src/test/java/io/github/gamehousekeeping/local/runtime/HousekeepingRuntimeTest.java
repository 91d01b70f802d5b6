package io.github.gamehousekeeping.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.contract.HousekeepingOutput;
import io.github.gamehousekeeping.contract.TransientFailureException;
import io.github.gamehousekeeping.contract.WorkflowErrors;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.asl.HistoryEvent;
import io.github.gamehousekeeping.local.metrics.CapturedMetric;
import io.github.gamehousekeeping.local.server.ApiException;
import io.github.gamehousekeeping.local.server.ExecutionService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The synthesized stack (embedded at build time: the real template, the real function jars) on the local runtime:
 * the workflow, the functions and DynamoDB Local together.
 */
class HousekeepingRuntimeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static HousekeepingRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = HousekeepingRuntime.start(new HousekeepingRuntime.Options().waitScale(0));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static ObjectNode event(String player, int level, long score, String completedAt, boolean gameCompleted) {
        ObjectNode e = MAPPER.createObjectNode();
        e.put("eventId", "e-" + UUID.randomUUID().toString().substring(0, 8));
        e.put("playerId", player);
        e.put("level", level);
        e.put("score", score);
        e.put("durationMs", 60_000 + score);
        e.put("completedAt", completedAt);
        e.put("gameCompleted", gameCompleted);
        return e;
    }

    private static ExecutionService.Execution run(HousekeepingRuntime rt, JsonNode event) throws Exception {
        return rt.executions().startOrGet(rt.stateMachine().arn(), event.get("eventId").asText(), event.toString())
                .execution().completion().get();
    }

    private static JsonNode items(String table, String player) {
        List<JsonNode> mine = new java.util.ArrayList<>();
        runtime.dumpTables().path(table).forEach(i -> {
            if (i.path("playerId").asText().equals(player)) {
                mine.add(i);
            }
        });
        return MAPPER.valueToTree(mine);
    }

    @Test
    void recordsALevelCompletion_andReportsIt() throws Exception {
        String player = "p-" + UUID.randomUUID();
        ObjectNode event = event(player, 3, 1200, "2026-11-21T10:15:30Z", false);
        ExecutionService.Execution execution = run(runtime, event);
        assertEquals(ExecutionStatus.SUCCEEDED, execution.status(), execution::cause);
        HousekeepingOutput output = HousekeepingOutput.fromJson(execution.output());
        assertEquals(event.get("eventId").asText(), output.event().eventId());
        assertEquals(1, output.report().attempts());
        assertTrue(output.report().newPersonalBest());
        assertNull(output.report().previousBestScore());
        assertEquals(1, output.report().levelsCompleted());
        assertEquals(List.of("CompletedLevel"), output.recorded().tables());
        assertEquals(1, items("CompletedLevel", player).size());
        assertEquals(0, items("CompletedGame", player).size());
        JsonNode out = MAPPER.readTree(execution.output());
        assertEquals(MAPPER.readTree(event.toString()), out.get("event"), "the output holds the event as sent");
        assertFalse(out.get("report").has("previousBestScore"),
                "the Lambda Java serializer omits null fields, as on AWS");
    }

    @Test
    void recordsAGameCompletion_inBothTables() throws Exception {
        String player = "p-" + UUID.randomUUID();
        ExecutionService.Execution execution = run(runtime, event(player, 10, 5400, "2026-11-21T11:02:00+01:00", true));
        assertEquals(ExecutionStatus.SUCCEEDED, execution.status(), execution::cause);
        assertEquals(List.of("CompletedLevel", "CompletedGame"),
                HousekeepingOutput.fromJson(execution.output()).recorded().tables());
        assertEquals(1, items("CompletedLevel", player).size());
        assertEquals(1, items("CompletedGame", player).size());
    }

    @Test
    void reportsPreviousBest_onALaterCompletionOfTheSameLevel() throws Exception {
        String player = "p-" + UUID.randomUUID();
        run(runtime, event(player, 2, 900, "2026-11-21T10:00:00Z", false));
        run(runtime, event(player, 1, 100, "2026-11-21T10:05:00Z", false));
        ExecutionService.Execution third = run(runtime, event(player, 2, 700, "2026-11-21T10:10:00Z", false));
        var report = HousekeepingOutput.fromJson(third.output()).report();
        assertEquals(2, report.attempts());
        assertEquals(900L, report.previousBestScore());
        assertEquals(900, report.bestScore());
        assertFalse(report.newPersonalBest());
        assertEquals(60_900L, report.previousBestDurationMs());
        assertEquals(2, report.levelsCompleted());
    }

    @Test
    void rejectsAnInvalidEvent_namingTheFields_andWritesNothing() throws Exception {
        String player = "p-" + UUID.randomUUID();
        ObjectNode event = event(player, 0, -1, "yesterday", false);
        event.put("cheat", true);
        ExecutionService.Execution execution = run(runtime, event);
        assertEquals(ExecutionStatus.FAILED, execution.status());
        assertEquals(WorkflowErrors.INVALID_EVENT, execution.error());
        for (String field : List.of("level", "score", "completedAt", "cheat")) {
            assertTrue(execution.cause().contains(field + ":"), execution.cause());
        }
        assertEquals(0, items("CompletedLevel", player).size());
        assertTrue(execution.history().stream().noneMatch(e -> e.type().equals("ParallelStateEntered")),
                "nothing after validation ran");
    }

    @Test
    void sameNameAndInput_returnsTheFirstExecution_otherInputFails() throws Exception {
        String player = "p-" + UUID.randomUUID();
        ObjectNode event = event(player, 4, 50, "2026-11-21T10:00:00Z", false);
        ExecutionService.Execution first = run(runtime, event);
        ExecutionService.StartOutcome again = runtime.executions()
                .startOrGet(runtime.stateMachine().arn(), event.get("eventId").asText(), event.toString());
        assertTrue(again.existing());
        assertEquals(first.arn(), again.execution().arn());
        ObjectNode changed = event.deepCopy().put("score", 51);
        ApiException e = assertThrows(ApiException.class, () -> runtime.executions()
                .startOrGet(runtime.stateMachine().arn(), event.get("eventId").asText(), changed.toString()));
        assertEquals("ExecutionAlreadyExists", e.code());
        assertEquals(1, items("CompletedLevel", player).size());
    }

    @Test
    void capturesTheMetricsThePublishFunctionEmits() throws Exception {
        String player = "p-" + UUID.randomUUID();
        int before = runtime.capturedMetrics().size();
        run(runtime, event(player, 77, 4321, "2026-11-21T10:00:00Z", false));
        List<CapturedMetric> mine = runtime.capturedMetrics().subList(before, runtime.capturedMetrics().size())
                .stream().filter(m -> "77".equals(m.dimensions().get("Level"))).toList();
        assertTrue(mine.stream().anyMatch(m -> m.name().equals("Score") && m.value() == 4321), mine.toString());
        assertTrue(mine.stream().allMatch(m -> m.namespace().equals("GameHousekeeping")
                && m.dimensions().keySet().equals(java.util.Set.of("Level"))), mine.toString());
    }

    @Test
    void functionsGetTheirTemplateEnvironment_withTableNamesResolved() {
        var functions = runtime.deployment().functions().values();
        assertEquals(5, functions.size());
        assertTrue(functions.stream().anyMatch(f -> "CompletedLevel".equals(f.environment().get("COMPLETED_LEVEL_TABLE"))));
        assertTrue(functions.stream().allMatch(f -> Files.isRegularFile(f.jar())));
    }

    /**
     * DynamoDB unreachable: the store functions throw TransientFailureException, the deployed Retry (matching that
     * class name) retries them, then the Catch ends the execution in the named Fail state.
     */
    @Test
    void retriesTransientStoreFailures_thenFailsWithANamedError() throws Exception {
        try (HousekeepingRuntime broken = HousekeepingRuntime.start(new HousekeepingRuntime.Options().waitScale(0))) {
            broken.dynamoDb().close();
            ExecutionService.Execution execution = run(broken, event("p-down", 1, 1, "2026-11-21T10:00:00Z", false));
            assertEquals(ExecutionStatus.FAILED, execution.status());
            assertTrue(execution.error().equals(WorkflowErrors.RECORDING_FAILED)
                    || execution.error().equals(WorkflowErrors.REPORT_FAILED), execution.error());
            List<HistoryEvent> failures = execution.history().stream()
                    .filter(e -> e.type().equals("TaskFailed")
                            && e.details().path("error").asText().equals(TransientFailureException.class.getName()))
                    .toList();
            assertTrue(failures.size() >= 4, "retried: " + failures.size() + " TaskFailed events");
        }
    }

    @Test
    void rejectsAMissingTemplate() {
        assertThrows(IllegalArgumentException.class, () -> HousekeepingRuntime.start(
                new HousekeepingRuntime.Options().template(Path.of("no-such.template.json"))));
    }
}
