package io.github.gamehousekeeping.client;

import io.github.gamehousekeeping.client.cli.HousekeepingCli;
import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.HousekeepingOutput;
import io.github.gamehousekeeping.contract.LevelReport;
import io.github.gamehousekeeping.local.junit.HousekeepingLocal;
import io.github.gamehousekeeping.local.junit.HousekeepingStateMachineArn;
import io.github.gamehousekeeping.local.junit.LocalStepFunctions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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

/**
 * The client against the full local housekeeping runtime (from the JUnit extension, shared by the JVM's test classes):
 * the synthesized CloudFormation template's state machine, the real function jars in emulated Lambda environments,
 * DynamoDB Local. Standard: the stack's state machine; Express: the same definition created through
 * CreateStateMachine as an Express state machine, its tasks calling the stack's functions by ARN.
 */
@HousekeepingLocal(scope = HousekeepingLocal.Scope.JVM)
class HousekeepingClientEndToEndTest {
    static LocalStepFunctions local;
    static String standardArn;
    static String expressArn;
    static HousekeepingClient client;

    @BeforeAll
    static void start(LocalStepFunctions stepFunctions, @HousekeepingStateMachineArn String housekeeping) {
        local = stepFunctions;
        standardArn = housekeeping;
        String definition = local.sfn().describeStateMachine(r -> r.stateMachineArn(housekeeping)).definition();
        expressArn = local.createStateMachine("HousekeepingExpress", StateMachineType.EXPRESS, definition, null);
        client = builder(standardArn).build();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    static HousekeepingClient.Builder builder(String stateMachineArn) {
        return HousekeepingClient.builder()
                .stateMachineArn(stateMachineArn)
                .endpointOverride(local.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(local.credentials())
                .pollInitialDelay(Duration.ofMillis(20))
                .pollMaxDelay(Duration.ofMillis(200));
    }

    static String player() {
        return "player-" + UUID.randomUUID();
    }

    static CompletionEvent event(String playerId, int level, long score, long durationMs, String completedAt, boolean gameCompleted) {
        return new CompletionEvent("evt-" + UUID.randomUUID(), playerId, level, score, durationMs, completedAt, gameCompleted);
    }

    static HousekeepingOutput succeeded(ExecutionResult r) {
        return assertInstanceOf(ExecutionResult.Succeeded.class, r, r.toString()).output();
    }

    @Test
    void levelsThenGame_reportsAccumulate_andGameIsRecordedInBothTables() throws Exception {
        String player = player();
        HousekeepingOutput first = succeeded(client.submitAndWait(event(player, 3, 1000, 90_000, "2026-11-21T10:00:00Z", false), Duration.ofSeconds(60)));
        HousekeepingOutput second = succeeded(client.submitAndWait(event(player, 3, 1500, 80_000, "2026-11-21T10:05:00Z", false), Duration.ofSeconds(60)));
        CompletionEvent game = event(player, 4, 900, 70_000, "2026-11-21T10:10:00Z", true);
        HousekeepingOutput last = succeeded(client.submitAndWait(game, Duration.ofSeconds(60)));

        assertEquals(new LevelReport(3, 1, null, 1000, true, null, 1), first.report());
        assertEquals(new LevelReport(3, 2, 1000L, 1500, true, 90_000L, 1), second.report());
        assertEquals(new LevelReport(4, 1, null, 900, true, null, 2), last.report());
        assertEquals(List.of("CompletedLevel"), first.recorded().tables());
        assertEquals(List.of("CompletedLevel", "CompletedGame"), last.recorded().tables());
        assertEquals(game, last.event());
    }

    @Test
    void duplicateSubmission_returnsFirstExecution_andIsCountedOnce() throws Exception {
        String player = player();
        CompletionEvent e = event(player, 5, 700, 60_000, "2026-11-21T11:00:00Z", false);
        ExecutionResult first = client.submitAndWait(e, Duration.ofSeconds(60));
        Submission again = client.submit(e);
        HousekeepingOutput next = succeeded(client.submitAndWait(event(player, 5, 800, 50_000, "2026-11-21T11:05:00Z", false), Duration.ofSeconds(60)));

        assertTrue(again.alreadyStarted());
        assertEquals(first.executionArn(), again.executionArn());
        assertEquals(succeeded(first), succeeded(client.await(again.executionArn(), Duration.ofSeconds(10))));
        assertEquals(2, next.report().attempts(), "the duplicate was not recorded twice");

        CompletionEvent changed = new CompletionEvent(e.eventId(), player, 5, 9999, 60_000, e.completedAt(), false);
        assertThrows(ExecutionConflictException.class, () -> client.submit(changed));
    }

    @Test
    void invalidEventStartedWithoutTheClient_awaitsAsTypedFailureNamingTheFields() throws Exception {
        String executionArn;
        try (SfnClient sfn = SfnClients.create(Region.US_EAST_1, local.endpoint(), local.credentials(), null)) {
            String json = Files.readString(Path.of("../events/invalid-many-fields.json"));
            executionArn = sfn.startExecution(r -> r.stateMachineArn(standardArn)
                    .name("invalid-" + UUID.randomUUID()).input(json)).executionArn();
        }

        ExecutionResult.Failed failed = assertInstanceOf(ExecutionResult.Failed.class, client.await(executionArn, Duration.ofSeconds(60)));

        assertEquals("FAILED", failed.status());
        assertEquals("Housekeeping.InvalidEvent", failed.error());
        for (String field : List.of("eventId", "level", "score", "durationMs", "completedAt", "gameCompleted", "cheat")) {
            assertTrue(failed.cause().contains(field + ":"), "cause names " + field + ": " + failed.cause());
        }
    }

    @Test
    void express_submitAndWait_returnsTypedOutputInOneCall() throws Exception {
        try (HousekeepingClient express = builder(expressArn).build()) {
            assertTrue(express.isExpress());
            String player = player();
            CompletionEvent e = event(player, 1, 100, 10_000, "2026-11-21T12:00:00Z", false);
            long before = local.requestCount();
            HousekeepingOutput out = succeeded(express.submitAndWait(e, Duration.ofSeconds(60)));

            assertEquals(1, local.requestCount() - before, "one StartSyncExecution");
            assertEquals(e, out.event());
            assertEquals(1, out.report().attempts());
            assertNull(out.report().previousBestScore());
        }
    }

    @Test
    void cli_submitWait_andStatus_againstTheRuntime() throws IOException {
        Path file = Files.createTempFile("event", ".json");
        try {
            Files.writeString(file, event(player(), 2, 300, 20_000, "2026-11-21T13:00:00Z", false).toJson());
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = HousekeepingCli.run(new String[] {"submit", "--event", file.toString(), "--state-machine-arn",
                    standardArn, "--endpoint-url", local.endpoint().toString(), "--wait"},
                    new PrintWriter(out), new PrintWriter(err));
            assertEquals(HousekeepingCli.OK, code, err.toString());
            assertTrue(out.toString().contains("\"status\": \"SUCCEEDED\""), out.toString());
            String arn = com.google.gson.JsonParser.parseString(out.toString()).getAsJsonObject().get("executionArn").getAsString();

            StringWriter statusOut = new StringWriter();
            int statusCode = HousekeepingCli.run(new String[] {"status", arn, "--endpoint-url", local.endpoint().toString()},
                    new PrintWriter(statusOut), new PrintWriter(new StringWriter()));
            assertEquals(HousekeepingCli.OK, statusCode);
            assertFalse(statusOut.toString().contains("\"error\""));
            assertTrue(statusOut.toString().contains("\"recorded\""), statusOut.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
