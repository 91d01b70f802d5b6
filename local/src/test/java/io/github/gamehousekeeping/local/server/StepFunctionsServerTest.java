package io.github.gamehousekeeping.local.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.EngineOptions;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.asl.MockConfigTaskInvoker;
import io.github.gamehousekeeping.local.asl.TaskInvoker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.StopExecutionResponse;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real AWS SDK v2 SfnClient against the local Step Functions API server hosting the housekeeping workflow. */
class StepFunctionsServerTest extends LocalServerFixture {
    static final String LEVEL_EVENT = """
            {"eventId":"evt-level-0001","playerId":"player-42","level":3,"score":1200,"durationMs":93500,\
            "completedAt":"2026-11-21T10:15:30Z","gameCompleted":false}""";
    static final String INVALID_EVENT = """
            {"eventId":"evt-bad","playerId":"player-42","level":0,"score":1,"durationMs":1,\
            "completedAt":"2026-11-21T10:15:30Z","gameCompleted":false,"cheat":true}""";
    static final String HOLD_DEFINITION = """
            {"StartAt":"Hold","States":{"Hold":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
             "Parameters":{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:hold","Payload.$":"$"},
             "OutputPath":"$.Payload","End":true}}}""";

    CountDownLatch release = new CountDownLatch(1);
    String housekeeping;
    String invalidCase;
    String retryCase;
    String express;
    String hold;

    @Override
    ExecutionService newService() throws IOException {
        String definition = resource("/server/housekeeping-definition.json");
        JsonNode mocks = Json.parseUnchecked(resource("/server/housekeeping-mock-config.json"));
        ExecutionService service = ExecutionService.create(EngineOptions.builder().waitScale(0).build(), 4);
        housekeeping = service.registerStateMachine("Housekeeping", definition, ExecutionService.Type.STANDARD,
                new MockConfigTaskInvoker(mocks, "Housekeeping", "LevelCompleted"), null).arn();
        invalidCase = service.registerStateMachine("HousekeepingInvalid", definition, ExecutionService.Type.STANDARD,
                new MockConfigTaskInvoker(mocks, "Housekeeping", "InvalidEvent"), null).arn();
        retryCase = service.registerStateMachine("HousekeepingRetry", definition, ExecutionService.Type.STANDARD,
                new MockConfigTaskInvoker(mocks, "Housekeeping", "TransientThenRecorded"), null).arn();
        express = service.registerStateMachine("HousekeepingExpress", definition, ExecutionService.Type.EXPRESS,
                new MockConfigTaskInvoker(mocks, "Housekeeping", "LevelCompleted"), null).arn();
        TaskInvoker holding = invocation -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Json.parseUnchecked("{\"StatusCode\":200,\"Payload\":{\"released\":true}}");
        };
        hold = service.registerStateMachine("Hold", HOLD_DEFINITION, ExecutionService.Type.STANDARD, holding, null).arn();
        return service;
    }

    @AfterEach
    void release() {
        release.countDown(); // before the server closes: a held execution ends
    }

    static String resource(String path) throws IOException {
        try (InputStream in = StepFunctionsServerTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    DescribeExecutionResponse awaitEnd(String executionArn) throws InterruptedException {
        return LocalSfnClient.awaitEnd(sfn, executionArn);
    }

    static List<String> types(List<HistoryEvent> events) {
        return events.stream().map(HistoryEvent::typeAsString).toList();
    }

    @Test
    void startsAndDescribesExecution_untilSucceededWithHousekeepingOutput() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        StartExecutionResponse started = sfn.startExecution(r -> r.stateMachineArn(housekeeping).name("evt-level-0001").input(LEVEL_EVENT));

        assertEquals("arn:aws:states:us-east-1:123456789012:execution:Housekeeping:evt-level-0001", started.executionArn());
        assertTrue(started.startDate().isAfter(before) && started.startDate().isBefore(Instant.now().plusSeconds(1)),
                "startDate is a real timestamp: " + started.startDate());

        DescribeExecutionResponse d = awaitEnd(started.executionArn());
        assertEquals(software.amazon.awssdk.services.sfn.model.ExecutionStatus.SUCCEEDED, d.status());
        assertEquals("evt-level-0001", d.name());
        assertEquals(housekeeping, d.stateMachineArn());
        assertEquals(started.startDate(), d.startDate());
        assertNotNull(d.stopDate());
        assertFalse(d.stopDate().isBefore(d.startDate()));
        assertTrue(Json.equivalent(Json.parseUnchecked(LEVEL_EVENT), Json.parseUnchecked(d.input())));
        JsonNode output = Json.parseUnchecked(d.output());
        assertTrue(Json.equivalent(Json.parseUnchecked(LEVEL_EVENT), output.get("event")), "event is the execution input");
        assertEquals(1200, output.at("/report/bestScore").asInt());
        assertEquals("CompletedLevel", output.at("/recorded/tables/0").asText());
        assertEquals(3, output.size(), "exactly event, report, recorded: " + output);
        assertNull(d.error());
    }

    @Test
    void returnsHistoryInOrder_withParallelBranchesAndRetries() throws Exception {
        String arn = sfn.startExecution(r -> r.stateMachineArn(retryCase).name("evt-level-0001").input(LEVEL_EVENT)).executionArn();
        awaitEnd(arn);

        GetExecutionHistoryResponse h = sfn.getExecutionHistory(r -> r.executionArn(arn).maxResults(1000));
        List<String> types = types(h.events());
        assertNull(h.nextToken());
        assertEquals(List.of("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                "TaskStateExited", "ParallelStateEntered", "ParallelStateStarted"), types.subList(0, 8));
        assertEquals(List.of("ParallelStateSucceeded", "ParallelStateExited", "TaskStateEntered", "TaskScheduled",
                "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"), types.subList(types.size() - 8, types.size()));
        // The recorder failed once with the retryable error, then succeeded: both attempts are in the history.
        assertEquals(1, types.stream().filter("TaskFailed"::equals).count(), types.toString());
        assertEquals(1, types.stream().filter("ChoiceStateEntered"::equals).count());
        for (int i = 0; i < h.events().size(); i++) {
            assertEquals(i + 1, h.events().get(i).id(), "ids are 1..n in order");
        }
        HistoryEvent first = h.events().get(0);
        assertEquals(HistoryEventType.EXECUTION_STARTED, first.type());
        assertTrue(Json.equivalent(Json.parseUnchecked(LEVEL_EVENT), Json.parseUnchecked(first.executionStartedEventDetails().input())));
        HistoryEvent failed = h.events().stream().filter(e -> e.type() == HistoryEventType.TASK_FAILED).findFirst().orElseThrow();
        assertEquals("io.github.gamehousekeeping.contract.TransientFailureException", failed.taskFailedEventDetails().error());
        assertNotNull(h.events().get(types.indexOf("TaskScheduled")).taskScheduledEventDetails().parameters());
    }

    @Test
    void paginatesHistory_forwardAndReverse_withoutExecutionData() throws Exception {
        String arn = sfn.startExecution(r -> r.stateMachineArn(housekeeping).name("paged").input(LEVEL_EVENT)).executionArn();
        awaitEnd(arn);
        List<String> all = types(sfn.getExecutionHistory(r -> r.executionArn(arn)).events());

        List<HistoryEvent> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            GetExecutionHistoryResponse page = sfn.getExecutionHistory(r -> r.executionArn(arn).maxResults(4).nextToken(t)
                    .includeExecutionData(false));
            assertTrue(page.events().size() <= 4);
            paged.addAll(page.events());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertEquals(all, types(paged));
        assertEquals((all.size() + 3) / 4, pages);
        assertNull(paged.get(0).executionStartedEventDetails().input(), "includeExecutionData=false drops the input");

        List<String> reversed = types(sfn.getExecutionHistory(r -> r.executionArn(arn).reverseOrder(true)).events());
        List<String> expected = new ArrayList<>(all);
        java.util.Collections.reverse(expected);
        assertEquals(expected, reversed);
        assertEquals("ExecutionSucceeded", reversed.get(0));

        assertThrows(InvalidTokenException.class, () -> sfn.getExecutionHistory(r -> r.executionArn(arn).nextToken("not-a-token")));
    }

    @Test
    void failsExecution_withInvalidEventErrorAndCauseNamingFields() throws Exception {
        String arn = sfn.startExecution(r -> r.stateMachineArn(invalidCase).name("evt-bad").input(INVALID_EVENT)).executionArn();
        DescribeExecutionResponse d = awaitEnd(arn);

        assertEquals(software.amazon.awssdk.services.sfn.model.ExecutionStatus.FAILED, d.status());
        assertEquals("Housekeeping.InvalidEvent", d.error());
        assertTrue(d.cause().startsWith("Invalid completion event: level:"), d.cause());
        assertTrue(d.cause().contains("cheat:"), d.cause());
        assertNull(d.output());
        List<String> types = types(sfn.getExecutionHistory(r -> r.executionArn(arn)).events());
        assertEquals("ExecutionFailed", types.get(types.size() - 1));
        assertFalse(types.contains("ParallelStateEntered"), "nothing recorded for an invalid event");
    }

    @Test
    void duplicateStart_sameInputWhileRunning_returnsSameExecution() {
        StartExecutionResponse first = sfn.startExecution(r -> r.stateMachineArn(hold).name("dup").input("{\"a\":1,\"b\":2}"));
        // Same JSON, other member order and spacing: the same input.
        StartExecutionResponse again = sfn.startExecution(r -> r.stateMachineArn(hold).name("dup").input("{ \"b\": 2, \"a\": 1 }"));

        assertEquals(first.executionArn(), again.executionArn());
        assertEquals(first.startDate(), again.startDate());
        assertEquals(1, sfn.listExecutions(r -> r.stateMachineArn(hold)).executions().size(), "no second execution");
    }

    @Test
    void duplicateStart_differentInputOrEndedExecution_failsWithExecutionAlreadyExists() throws Exception {
        sfn.startExecution(r -> r.stateMachineArn(hold).name("dup").input("{\"a\":1}"));
        ExecutionAlreadyExistsException running = assertThrows(ExecutionAlreadyExistsException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(hold).name("dup").input("{\"a\":2}")));
        assertEquals("ExecutionAlreadyExists", running.awsErrorDetails().errorCode());
        assertEquals(400, running.statusCode());
        assertTrue(running.awsErrorDetails().errorMessage().contains(":execution:Hold:dup"), running.getMessage());

        String arn = sfn.startExecution(r -> r.stateMachineArn(housekeeping).name("done").input(LEVEL_EVENT)).executionArn();
        awaitEnd(arn);
        // AWS: once the execution has closed, the name is taken whatever the input.
        assertThrows(ExecutionAlreadyExistsException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(housekeeping).name("done").input(LEVEL_EVENT)));
    }

    @Test
    void startOrGet_returnsEndedExecutionForSameInput_andRejectsDifferentInput() throws Exception {
        ExecutionService.StartOutcome first = service.startOrGet(housekeeping, "run-1", LEVEL_EVENT);
        assertFalse(first.existing());
        assertTrue(first.execution().await(Duration.ofSeconds(10)));
        int events = first.execution().history().size();

        ExecutionService.StartOutcome second = service.startOrGet(housekeeping, "run-1", LEVEL_EVENT);
        assertTrue(second.existing());
        assertEquals(first.execution().arn(), second.execution().arn());
        assertEquals(ExecutionStatus.SUCCEEDED, second.execution().status());
        assertEquals(events, second.execution().history().size(), "not run again");

        ApiException conflict = assertThrows(ApiException.class,
                () -> service.startOrGet(housekeeping, "run-1", LEVEL_EVENT.replace("1200", "1300")));
        assertEquals("ExecutionAlreadyExists", conflict.code());
    }

    @Test
    void rejectsInvalidNamesAndInput_withModeledExceptions() {
        InvalidNameException badChars = assertThrows(InvalidNameException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(housekeeping).name("has space").input("{}")));
        assertTrue(badChars.awsErrorDetails().errorMessage().contains("has space"));
        assertThrows(InvalidNameException.class, () -> sfn.startExecution(r -> r.stateMachineArn(housekeeping).name("a:b")));
        assertThrows(InvalidNameException.class, () -> sfn.startExecution(r -> r.stateMachineArn(housekeeping).name("a/b")));
        assertThrows(ValidationException.class, () -> sfn.startExecution(r -> r.stateMachineArn(housekeeping).name("x".repeat(81))));
        assertThrows(InvalidExecutionInputException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(housekeeping).name("json").input("{not json")));
        // 80 characters of the allowed set is fine.
        String name = "A-z_0.9".repeat(11) + "abc";
        assertEquals(80, name.length());
        assertTrue(sfn.startExecution(r -> r.stateMachineArn(housekeeping).name(name).input(LEVEL_EVENT)).executionArn().endsWith(":" + name));
    }

    @Test
    void unknownAndMalformedArns_mapToModeledExceptions() {
        String missingSm = "arn:aws:states:us-east-1:123456789012:stateMachine:Nope";
        assertThrows(StateMachineDoesNotExistException.class, () -> sfn.startExecution(r -> r.stateMachineArn(missingSm)));
        assertThrows(StateMachineDoesNotExistException.class, () -> sfn.describeStateMachine(r -> r.stateMachineArn(missingSm)));
        assertThrows(StateMachineDoesNotExistException.class, () -> sfn.listExecutions(r -> r.stateMachineArn(missingSm)));
        String missingExecution = "arn:aws:states:us-east-1:123456789012:execution:Housekeeping:nope";
        assertThrows(ExecutionDoesNotExistException.class, () -> sfn.describeExecution(r -> r.executionArn(missingExecution)));
        assertThrows(ExecutionDoesNotExistException.class, () -> sfn.getExecutionHistory(r -> r.executionArn(missingExecution)));
        assertThrows(ExecutionDoesNotExistException.class, () -> sfn.stopExecution(r -> r.executionArn(missingExecution)));
        assertThrows(InvalidArnException.class, () -> sfn.describeExecution(r -> r.executionArn("not-an-arn")));
        assertThrows(InvalidArnException.class, () -> sfn.startExecution(r -> r.stateMachineArn(missingExecution)));
    }

    @Test
    void expressSyncExecution_returnsResultInOneCall() {
        StartSyncExecutionResponse r = sfn.startSyncExecution(b -> b.stateMachineArn(express).name("evt-level-0001").input(LEVEL_EVENT));

        assertEquals(SyncExecutionStatus.SUCCEEDED, r.status());
        assertTrue(r.executionArn().startsWith("arn:aws:states:us-east-1:123456789012:express:HousekeepingExpress:evt-level-0001:"),
                r.executionArn());
        assertEquals(express, r.stateMachineArn());
        assertEquals("evt-level-0001", r.name());
        JsonNode output = Json.parseUnchecked(r.output());
        assertEquals("evt-level-0001", output.at("/event/eventId").asText());
        assertEquals("CompletedLevel", output.at("/recorded/tables/0").asText());
        assertFalse(r.stopDate().isBefore(r.startDate()));
        assertTrue(r.billingDetails().billedDurationInMilliseconds() >= 100);
        assertTrue(r.inputDetails().included());

        // Express names are not unique: the same name starts a new execution.
        StartSyncExecutionResponse again = sfn.startSyncExecution(b -> b.stateMachineArn(express).name("evt-level-0001").input(LEVEL_EVENT));
        assertEquals(SyncExecutionStatus.SUCCEEDED, again.status());
        assertFalse(again.executionArn().equals(r.executionArn()));
        // Express executions cannot be described, and cannot be listed.
        InvalidArnException describe = assertThrows(InvalidArnException.class, () -> sfn.describeExecution(d -> d.executionArn(r.executionArn())));
        assertTrue(describe.awsErrorDetails().errorMessage().contains("express"));
        assertThrows(StateMachineTypeNotSupportedException.class, () -> sfn.listExecutions(l -> l.stateMachineArn(express)));
    }

    @Test
    void syncExecution_notEndingInTime_isStoppedAndReportedTimedOut() throws Exception {
        String expressHold = service.registerStateMachine("HoldExpress", HOLD_DEFINITION, ExecutionService.Type.EXPRESS,
                invocation -> {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    return Json.parseUnchecked("{\"StatusCode\":200,\"Payload\":{}}");
                }, null).arn();

        long start = System.nanoTime();
        ExecutionService.Execution e = service.startSync(expressHold, "slow", "{}", Duration.ofMillis(300));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(ExecutionStatus.TIMED_OUT, e.status());
        assertEquals("States.Timeout", e.error());
        assertNull(e.output());
        assertNotNull(e.stopDate());
        assertTrue(elapsedMs >= 300 && elapsedMs < 5000, elapsedMs + " ms");
    }

    @Test
    void syncExecutionOnStandard_isRejected() {
        StateMachineTypeNotSupportedException e = assertThrows(StateMachineTypeNotSupportedException.class,
                () -> sfn.startSyncExecution(b -> b.stateMachineArn(housekeeping).input(LEVEL_EVENT)));
        assertEquals("StateMachineTypeNotSupported", e.awsErrorDetails().errorCode());
        assertEquals(0, sfn.listExecutions(r -> r.stateMachineArn(housekeeping)).executions().size(), "nothing started");
    }

    @Test
    void listsExecutions_newestFirst_withPaginationAndStatusFilter() throws Exception {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            started.add(sfn.startExecution(r -> r.stateMachineArn(housekeeping).name("list-" + n).input(LEVEL_EVENT)).executionArn());
        }
        for (String arn : started) {
            awaitEnd(arn);
        }
        String running = sfn.startExecution(r -> r.stateMachineArn(hold).name("holding").input("{}")).executionArn();

        List<ExecutionListItem> items = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListExecutionsResponse page = sfn.listExecutions(r -> r.stateMachineArn(housekeeping).maxResults(2).nextToken(t));
            items.addAll(page.executions());
            sizes.add(page.executions().size());
            token = page.nextToken();
        } while (token != null);
        assertEquals(List.of(2, 2, 1), sizes);
        List<String> expected = new ArrayList<>(started);
        java.util.Collections.reverse(expected);
        assertEquals(expected, items.stream().map(ExecutionListItem::executionArn).toList(), "newest first, each once");
        assertTrue(items.stream().allMatch(i -> i.status() == software.amazon.awssdk.services.sfn.model.ExecutionStatus.SUCCEEDED));
        assertTrue(items.stream().allMatch(i -> i.stopDate() != null));

        assertEquals(5, sfn.listExecutions(r -> r.stateMachineArn(housekeeping).statusFilter("SUCCEEDED")).executions().size());
        assertEquals(0, sfn.listExecutions(r -> r.stateMachineArn(housekeeping).statusFilter("FAILED")).executions().size());
        ListExecutionsResponse runningOnly = sfn.listExecutions(r -> r.stateMachineArn(hold).statusFilter("RUNNING"));
        assertEquals(List.of(running), runningOnly.executions().stream().map(ExecutionListItem::executionArn).toList());
        assertNull(runningOnly.executions().get(0).stopDate());
        assertThrows(InvalidTokenException.class, () -> sfn.listExecutions(r -> r.stateMachineArn(hold).nextToken("bad")));
    }

    @Test
    void stopExecution_abortsRunningExecution_withErrorAndCause() throws Exception {
        String arn = sfn.startExecution(r -> r.stateMachineArn(hold).name("to-stop").input("{}")).executionArn();
        assertEquals(software.amazon.awssdk.services.sfn.model.ExecutionStatus.RUNNING,
                sfn.describeExecution(r -> r.executionArn(arn)).status());

        StopExecutionResponse stopped = sfn.stopExecution(r -> r.executionArn(arn).error("Player.Cancelled").cause("player left"));
        assertNotNull(stopped.stopDate());

        DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(arn));
        assertEquals(software.amazon.awssdk.services.sfn.model.ExecutionStatus.ABORTED, d.status());
        assertEquals("Player.Cancelled", d.error());
        assertEquals("player left", d.cause());
        assertEquals(stopped.stopDate(), d.stopDate());
        List<HistoryEvent> events = sfn.getExecutionHistory(r -> r.executionArn(arn)).events();
        HistoryEvent last = events.get(events.size() - 1);
        assertEquals(HistoryEventType.EXECUTION_ABORTED, last.type());
        assertEquals("Player.Cancelled", last.executionAbortedEventDetails().error());
    }

    @Test
    void describesAndListsStateMachines() {
        DescribeStateMachineResponse d = sfn.describeStateMachine(r -> r.stateMachineArn(express));
        assertEquals("HousekeepingExpress", d.name());
        assertEquals(StateMachineType.EXPRESS, d.type());
        assertEquals("ACTIVE", d.statusAsString());
        assertEquals("ValidateEvent", Json.parseUnchecked(d.definition()).get("StartAt").asText());
        assertNotNull(d.creationDate());
        assertEquals(StateMachineType.STANDARD, sfn.describeStateMachine(r -> r.stateMachineArn(housekeeping)).type());

        Set<String> names = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListStateMachinesResponse page = sfn.listStateMachines(r -> r.maxResults(2).nextToken(t));
            page.stateMachines().forEach(s -> names.add(s.name()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertEquals(Set.of("Housekeeping", "HousekeepingInvalid", "HousekeepingRetry", "HousekeepingExpress", "Hold"), names);
        assertEquals(3, pages);
    }

    @Test
    void speaksJson10_withEpochSecondTimestampsAndTypedErrors() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(server.endpoint())
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions.StartExecution")
                .POST(HttpRequest.BodyPublishers.ofString("{\"stateMachineArn\":\"" + hold + "\",\"name\":\"raw\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertEquals("application/x-amz-json-1.0", ok.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(ok.headers().firstValue("x-amzn-RequestId").isPresent());
        JsonNode body = Json.parseUnchecked(ok.body());
        assertTrue(body.get("startDate").isNumber(), "epoch seconds: " + ok.body());
        assertTrue(Math.abs(body.get("startDate").asDouble() - System.currentTimeMillis() / 1000.0) < 60);

        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(server.endpoint())
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions.CreateActivity")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, unknown.statusCode());
        assertEquals("UnknownOperationException", Json.parseUnchecked(unknown.body()).get("__type").asText());

        SfnException viaSdk = assertThrows(SfnException.class, () -> sfn.createActivity(r -> r.name("a")));
        assertEquals("UnknownOperationException", viaSdk.awsErrorDetails().errorCode());

        HttpResponse<String> notJson = http.send(HttpRequest.newBuilder(server.endpoint())
                .header("X-Amz-Target", "AWSStepFunctions.StartExecution")
                .POST(HttpRequest.BodyPublishers.ofString("{oops"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, notJson.statusCode());
        assertEquals("SerializationException", Json.parseUnchecked(notJson.body()).get("__type").asText());
    }

    @Test
    void servesConcurrentStarts_eachExecutionOnce() throws Exception {
        int n = 24;
        List<Thread> threads = new ArrayList<>();
        Set<String> arns = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int i = 0; i < n; i++) {
            int k = i % 8; // 8 distinct names, each started 3 times at once with the same input
            Thread t = new Thread(() -> arns.add(sfn.startExecution(r -> r.stateMachineArn(hold).name("c-" + k).input("{}")).executionArn()));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertEquals(8, arns.size());
        assertEquals(8, sfn.listExecutions(r -> r.stateMachineArn(hold)).executions().size());
    }

    @Test
    void closesCleanly_andFreesThePort() throws Exception {
        URI endpoint = server.endpoint();
        server.close();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThrows(IOException.class, () -> http.send(HttpRequest.newBuilder(endpoint)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()));
        try (StepFunctionsServer again = StepFunctionsServer.start(service, endpoint.getPort())) {
            assertEquals(endpoint.getPort(), again.port());
        }
    }
}
