package io.github.gamehousekeeping.client;

import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.EventContract;
import io.github.gamehousekeeping.contract.HousekeepingOutput;
import io.github.gamehousekeeping.contract.InvalidEventException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HousekeepingClient with the real SDK SfnClient against the local Step Functions endpoint ({@link LocalStepFunctions}). */
class HousekeepingClientTest {
    static LocalStepFunctions local;
    static HousekeepingClient standard;

    @BeforeAll
    static void start() throws IOException {
        local = LocalStepFunctions.start();
        standard = local.clientBuilder(local.standardArn()).express(false).build();
    }

    @AfterAll
    static void stop() {
        standard.close();
        local.close();
    }

    /** A valid event with a fresh eventId, so tests sharing the endpoint do not collide. */
    static CompletionEvent event(String playerId, boolean gameCompleted) {
        return new CompletionEvent("evt-" + UUID.randomUUID(), playerId, 3, 1200, 93_500, "2026-11-21T10:15:30Z", gameCompleted);
    }

    @Test
    void submit_startsExecutionNamedByEventId_withCanonicalEventAsInput() {
        CompletionEvent e = event("player-1", false);
        Submission s = standard.submit(e);

        assertEquals("arn:aws:states:us-east-1:123456789012:execution:Housekeeping:" + e.eventId(), s.executionArn());
        assertFalse(s.alreadyStarted());
        assertTrue(HousekeepingClient.sameJson(e.toJson(), standard.describe(s.executionArn()).input()));
    }

    @Test
    void submit_sameEventTwice_returnsTheFirstExecution_withoutStartingAnother() throws Exception {
        CompletionEvent e = event("player-2", false);
        Submission first = standard.submit(e);
        standard.await(first.executionArn(), Duration.ofSeconds(10));

        // The backend retries (e.g. after a network timeout), this time from JSON with other member order.
        String reordered = "{\"gameCompleted\":false,\"completedAt\":\"2026-11-21T10:15:30Z\",\"durationMs\":93500,"
                + "\"score\":1200,\"level\":3,\"playerId\":\"player-2\",\"eventId\":\"" + e.eventId() + "\"}";
        Submission again = standard.submit(reordered);

        assertTrue(again.alreadyStarted());
        assertEquals(first.executionArn(), again.executionArn());
        assertEquals(first.startDate(), again.startDate());
        try (SfnClient sfn = local.sfnClient()) {
            List<ExecutionListItem> named = sfn.listExecutionsPaginator(r -> r.stateMachineArn(local.standardArn())).executions()
                    .stream().filter(i -> i.name().equals(e.eventId())).toList();
            assertEquals(1, named.size(), "one execution for the event");
        }
    }

    @Test
    void submit_sameEventIdForDifferentEvent_throwsExecutionConflict() throws Exception {
        CompletionEvent e = event("player-3", false);
        Submission first = standard.submit(e);
        standard.await(first.executionArn(), Duration.ofSeconds(10));
        CompletionEvent other = new CompletionEvent(e.eventId(), e.playerId(), e.level(), 9999, e.durationMs(), e.completedAt(), false);

        ExecutionConflictException conflict = assertThrows(ExecutionConflictException.class, () -> standard.submit(other));

        assertEquals(first.executionArn(), conflict.executionArn());
        assertEquals(e.eventId(), conflict.eventId());
        assertTrue(HousekeepingClient.sameJson(e.toJson(), conflict.existingInput()));
        assertTrue(conflict.getMessage().contains(e.eventId()));
    }

    @Test
    void await_success_returnsTypedHousekeepingOutput() throws Exception {
        CompletionEvent e = event("player-4", true);
        Submission s = standard.submit(e);

        ExecutionResult result = standard.await(s.executionArn(), Duration.ofSeconds(10));

        ExecutionResult.Succeeded ok = assertInstanceOf(ExecutionResult.Succeeded.class, result);
        HousekeepingOutput out = ok.output();
        assertEquals(s.executionArn(), ok.executionArn());
        assertEquals("SUCCEEDED", ok.status());
        assertEquals(e, out.event());
        assertEquals(3, out.report().level());
        assertEquals(1, out.report().attempts());
        assertEquals(1200, out.report().bestScore());
        assertTrue(out.report().newPersonalBest());
        assertNull(out.report().previousBestScore());
        assertEquals(List.of("CompletedLevel", "CompletedGame"), out.recorded().tables());
        assertEquals(e.eventId(), out.recorded().eventId());
        assertTrue(out.recorded().gameCompleted());
    }

    @Test
    void await_failure_returnsTypedErrorAndCause() throws Exception {
        Submission s = standard.submit(event("player-broken", false));

        ExecutionResult result = standard.await(s.executionArn(), Duration.ofSeconds(10));

        ExecutionResult.Failed failed = assertInstanceOf(ExecutionResult.Failed.class, result);
        assertEquals("FAILED", failed.status());
        assertEquals("Housekeeping.RecordingFailed", failed.error());
        assertTrue(failed.cause().contains("Recording the completion failed"), failed.cause());
        assertEquals(s.executionArn(), failed.executionArn());
    }

    @Test
    void await_timeout_throwsTypedTimeout_whileExecutionRuns() {
        Submission s = standard.submit(event("player-slow", false));

        long start = System.nanoTime();
        AwaitTimeoutException timeout = assertThrows(AwaitTimeoutException.class,
                () -> standard.await(s.executionArn(), Duration.ofMillis(300)));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals("RUNNING", timeout.lastStatus());
        assertEquals(s.executionArn(), timeout.executionArn());
        assertTrue(elapsedMs >= 300 && elapsedMs < 1400, "waited about the timeout: " + elapsedMs + " ms");
    }

    @Test
    void submit_invalidEvent_isRejectedBeforeAnyCall_namingTheFields() throws IOException {
        String json = Files.readString(Path.of("../events/invalid-many-fields.json"));
        long before = local.requestCount();

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> standard.submit(json));
        CompletionEvent badRecord = new CompletionEvent("evt-1", "p", 0, 10, 10, "2026-11-21T10:15:30Z", false);
        InvalidEventException fromRecord = assertThrows(InvalidEventException.class, () -> standard.submit(badRecord));

        assertEquals(before, local.requestCount(), "no request reached Step Functions");
        assertTrue(e.fields().containsAll(List.of("eventId", "level", "score", "completedAt", "gameCompleted", "cheat")), e.fields().toString());
        assertTrue(e.getMessage().startsWith("Invalid completion event: "));
        assertEquals(List.of("level"), fromRecord.fields());
    }

    @Test
    void submitAndWait_express_isOneSyncCall_afterDetectingTheTypeOnce() throws Exception {
        // Built by the client itself (SfnClients: endpoint override with host prefix injection disabled).
        try (HousekeepingClient express = local.clientBuilder(local.expressArn()).build()) {
            long before = local.requestCount();
            CompletionEvent e = event("player-5", false);
            ExecutionResult first = express.submitAndWait(e, Duration.ofSeconds(10));
            long afterFirst = local.requestCount();
            ExecutionResult second = express.submitAndWait(event("player-5", false), Duration.ofSeconds(10));

            assertEquals(2, afterFirst - before, "DescribeStateMachine once, then StartSyncExecution");
            assertEquals(1, local.requestCount() - afterFirst, "type cached: one StartSyncExecution");
            assertTrue(express.isExpress());
            ExecutionResult.Succeeded ok = assertInstanceOf(ExecutionResult.Succeeded.class, first);
            assertTrue(ok.executionArn().contains(":express:HousekeepingExpress:" + e.eventId() + ":"), ok.executionArn());
            assertEquals(e, ok.output().event());
            assertInstanceOf(ExecutionResult.Succeeded.class, second);
            // Express executions cannot be described: await says so instead of polling.
            assertThrows(UnsupportedOperationException.class, () -> express.await(ok.executionArn(), Duration.ofSeconds(1)));
        }
    }

    @Test
    void submitAndWait_express_failure_isTyped() throws Exception {
        try (HousekeepingClient express = local.clientBuilder(local.expressArn()).express(true).build()) {
            ExecutionResult r = express.submitAndWait(event("player-broken", false), Duration.ofSeconds(10));
            ExecutionResult.Failed failed = assertInstanceOf(ExecutionResult.Failed.class, r);
            assertEquals("FAILED", failed.status());
            assertEquals("Housekeeping.RecordingFailed", failed.error());
        }
    }

    @Test
    void submitAndWait_standard_submitsThenPolls() throws Exception {
        long before = local.requestCount();
        String json = Files.readString(Path.of("../events/level-completed.json")).replace("evt-level-0001", "evt-" + UUID.randomUUID());
        ExecutionResult r = standard.submitAndWait(json, Duration.ofSeconds(10));

        ExecutionResult.Succeeded ok = assertInstanceOf(ExecutionResult.Succeeded.class, r);
        assertEquals(EventContract.get().parse(json), ok.output().event());
        assertEquals(List.of("CompletedLevel"), ok.output().recorded().tables());
        assertTrue(local.requestCount() - before >= 2, "StartExecution then DescribeExecution");
    }

    @Test
    void reportIsIdempotent_acrossDuplicateSubmission() throws Exception {
        CompletionEvent e = event("player-6", false);
        ExecutionResult first = standard.submitAndWait(e, Duration.ofSeconds(10));
        Submission again = standard.submit(e);
        ExecutionResult second = standard.await(again.executionArn(), Duration.ofSeconds(10));

        assertTrue(again.alreadyStarted());
        assertEquals(((ExecutionResult.Succeeded) first).output(), ((ExecutionResult.Succeeded) second).output(),
                "the duplicate returns the first run's output, nothing runs twice");
    }

    @Test
    void concurrentSubmissionsOfOneEvent_allGetTheSameSingleExecution() throws Exception {
        CompletionEvent e = event("player-7", false);
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Submission>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                go.await();
                return standard.submit(e);
            }));
        }
        go.countDown();
        java.util.Set<String> arns = new java.util.HashSet<>();
        for (java.util.concurrent.Future<Submission> f : futures) {
            arns.add(f.get(10, java.util.concurrent.TimeUnit.SECONDS).executionArn());
        }
        pool.shutdown();

        assertEquals(java.util.Set.of("arn:aws:states:us-east-1:123456789012:execution:Housekeeping:" + e.eventId()), arns);
        try (SfnClient sfn = local.sfnClient()) {
            long count = sfn.listExecutionsPaginator(r -> r.stateMachineArn(local.standardArn())).executions()
                    .stream().filter(i -> i.name().equals(e.eventId())).count();
            assertEquals(1, count);
        }
        assertInstanceOf(ExecutionResult.Succeeded.class, standard.await(arns.iterator().next(), Duration.ofSeconds(10)));
    }

    @Test
    void poll_isEmptyWhileRunning_thenReturnsTheResult() throws Exception {
        Submission s = standard.submit(event("player-slow", false));

        assertTrue(standard.poll(s.executionArn()).isEmpty(), "still running");
        standard.await(s.executionArn(), Duration.ofSeconds(10));
        assertInstanceOf(ExecutionResult.Succeeded.class, standard.poll(s.executionArn()).orElseThrow());
    }

    @Test
    void await_stoppedExecution_returnsAborted() throws Exception {
        Submission s = standard.submit(event("player-slow", false));
        try (SfnClient sfn = local.sfnClient()) {
            sfn.stopExecution(r -> r.executionArn(s.executionArn()).error("Backend.Cancelled").cause("player deleted"));
        }

        ExecutionResult.Failed aborted = assertInstanceOf(ExecutionResult.Failed.class,
                standard.await(s.executionArn(), Duration.ofSeconds(10)));
        assertEquals("ABORTED", aborted.status());
        assertEquals("Backend.Cancelled", aborted.error());
        assertEquals("player deleted", aborted.cause());
    }

    @Test
    void submit_onExpress_startsAsyncExecution_eachCallANewOne() {
        try (HousekeepingClient express = local.clientBuilder(local.expressArn()).express(true).build()) {
            CompletionEvent e = event("player-8", false);
            Submission first = express.submit(e);
            Submission second = express.submit(e);

            assertTrue(first.executionArn().contains(":express:HousekeepingExpress:" + e.eventId() + ":"), first.executionArn());
            assertFalse(first.executionArn().equals(second.executionArn()), "Express names are not unique");
            assertFalse(second.alreadyStarted());
        }
    }

    @Test
    void builder_rejectsNonStateMachineArn() {
        try (SfnClient sfn = local.sfnClient()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HousekeepingClient.builder()
                    .stateMachineArn("arn:aws:states:us-east-1:123456789012:execution:Housekeeping:x")
                    .sfnClient(sfn).build());
            assertTrue(e.getMessage().contains("Not a state machine ARN"));
        }
    }
}
