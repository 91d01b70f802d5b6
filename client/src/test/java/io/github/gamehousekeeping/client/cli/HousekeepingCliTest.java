package io.github.gamehousekeeping.client.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.gamehousekeeping.client.LocalStepFunctions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI in-process (picocli), against the local Step Functions endpoint. */
class HousekeepingCliTest {
    static LocalStepFunctions local;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        local = LocalStepFunctions.start();
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    record Run(int code, String out, String err) {
        JsonObject json() {
            return JsonParser.parseString(out).getAsJsonObject();
        }
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HousekeepingCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** The sample event with a fresh eventId (and optionally another player) in a temp file. */
    Path eventFile(String sample, String playerId) throws IOException {
        String json = Files.readString(Path.of("../events/" + sample));
        json = json.replaceAll("\"eventId\": \"[^\"]+\"", "\"eventId\": \"evt-" + UUID.randomUUID() + "\"");
        if (playerId != null) {
            json = json.replace("player-42", playerId);
        }
        Path file = dir.resolve(UUID.randomUUID() + ".json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void submit_printsExecutionArn_andExitsZero() throws IOException {
        Path file = eventFile("level-completed.json", null);
        Run r = cli("submit", "--event", file.toString(), "--state-machine-arn", local.standardArn(),
                "--endpoint-url", local.endpoint().toString());

        assertEquals(HousekeepingCli.OK, r.code(), r.err());
        assertTrue(r.out().trim().matches("arn:aws:states:us-east-1:123456789012:execution:Housekeeping:evt-[0-9a-f-]+"), r.out());
    }

    @Test
    void submitWait_printsTypedResultJson_andExitsZero() throws IOException {
        Path file = eventFile("game-completed.json", null);
        Run r = cli("submit", "--event", file.toString(), "--state-machine-arn", local.standardArn(),
                "--endpoint-url", local.endpoint().toString(), "--wait", "--timeout", "20");

        assertEquals(HousekeepingCli.OK, r.code(), r.err());
        JsonObject json = r.json();
        assertEquals("SUCCEEDED", json.get("status").getAsString());
        assertEquals("player-42", json.getAsJsonObject("output").getAsJsonObject("event").get("playerId").getAsString());
        assertEquals(10, json.getAsJsonObject("output").getAsJsonObject("report").get("level").getAsInt());
        assertEquals("CompletedGame", json.getAsJsonObject("output").getAsJsonObject("recorded").getAsJsonArray("tables").get(1).getAsString());
        assertTrue(r.err().contains(json.get("executionArn").getAsString()), "the ARN goes to stderr with --wait");
    }

    @Test
    void submitWait_onExpress_usesSyncExecution() throws IOException {
        Path file = eventFile("level-completed.json", null);
        Run r = cli("submit", "--event", file.toString(), "--state-machine-arn", local.expressArn(),
                "--endpoint-url", local.endpoint().toString(), "--wait");

        assertEquals(HousekeepingCli.OK, r.code(), r.err());
        assertTrue(r.json().get("executionArn").getAsString().contains(":express:HousekeepingExpress:"));
    }

    @Test
    void submitWait_failedExecution_printsErrorAndCause_andExitsOne() throws IOException {
        Path file = eventFile("level-completed.json", "player-broken");
        Run r = cli("submit", "--event", file.toString(), "--state-machine-arn", local.standardArn(),
                "--endpoint-url", local.endpoint().toString(), "--wait");

        assertEquals(HousekeepingCli.EXECUTION_FAILED, r.code(), r.err());
        assertEquals("FAILED", r.json().get("status").getAsString());
        assertEquals("Housekeeping.RecordingFailed", r.json().get("error").getAsString());
        assertTrue(r.json().get("cause").getAsString().length() > 0);
    }

    @Test
    void submit_invalidEvent_namesFieldsOnStderr_exitsTwo_withoutAnyRequest() {
        long before = local.requestCount();
        Run r = cli("submit", "--event", "../events/invalid-many-fields.json", "--state-machine-arn", local.standardArn(),
                "--endpoint-url", local.endpoint().toString());

        assertEquals(HousekeepingCli.INVALID, r.code());
        assertEquals("", r.out());
        for (String field : new String[] {"eventId:", "level:", "score:", "durationMs:", "completedAt:", "gameCompleted:", "cheat:"}) {
            assertTrue(r.err().contains(field), "stderr names " + field + ": " + r.err());
        }
        assertEquals(before, local.requestCount());
    }

    @Test
    void submit_unreadableFile_orMissingOption_exitsTwo() {
        Run missingFile = cli("submit", "--event", "no/such/file.json", "--state-machine-arn", local.standardArn(),
                "--endpoint-url", local.endpoint().toString());
        assertEquals(HousekeepingCli.INVALID, missingFile.code());
        assertTrue(missingFile.err().contains("cannot read event file"), missingFile.err());

        Run missingOption = cli("submit", "--event", "../events/level-completed.json");
        assertEquals(HousekeepingCli.INVALID, missingOption.code());
        assertTrue(missingOption.err().contains("--state-machine-arn"), missingOption.err());

        Run noCommand = cli();
        assertEquals(HousekeepingCli.INVALID, noCommand.code());
    }

    @Test
    void submit_sameEventIdDifferentEvent_exitsTwo() throws IOException {
        Path file = eventFile("level-completed.json", null);
        String[] args = {"submit", "--event", file.toString(), "--state-machine-arn", local.standardArn(),
                "--endpoint-url", local.endpoint().toString(), "--wait"};
        assertEquals(HousekeepingCli.OK, cli(args).code());
        assertEquals(HousekeepingCli.OK, cli(args).code(), "same event again: the first execution");

        Files.writeString(file, Files.readString(file).replace("1200", "1300"));
        Run conflict = cli(args);
        assertEquals(HousekeepingCli.INVALID, conflict.code());
        assertTrue(conflict.err().contains("different event"), conflict.err());
    }

    @Test
    void status_printsOutputOrError_withExitCodeOfTheExecution() throws IOException {
        Path ok = eventFile("level-completed.json", null);
        String okArn = cli("submit", "--event", ok.toString(), "--state-machine-arn", local.standardArn(),
                "--endpoint-url", local.endpoint().toString(), "--wait").json().get("executionArn").getAsString();
        Path bad = eventFile("level-completed.json", "player-broken");
        String badArn = cli("submit", "--event", bad.toString(), "--state-machine-arn", local.standardArn(),
                "--endpoint-url", local.endpoint().toString(), "--wait").json().get("executionArn").getAsString();

        Run succeeded = cli("status", okArn, "--endpoint-url", local.endpoint().toString());
        assertEquals(HousekeepingCli.OK, succeeded.code(), succeeded.err());
        assertEquals("SUCCEEDED", succeeded.json().get("status").getAsString());
        assertEquals(3, succeeded.json().getAsJsonObject("output").getAsJsonObject("report").get("level").getAsInt());

        Run failed = cli("status", badArn, "--endpoint-url", local.endpoint().toString());
        assertEquals(HousekeepingCli.EXECUTION_FAILED, failed.code());
        assertEquals("Housekeeping.RecordingFailed", failed.json().get("error").getAsString());

        Run unknown = cli("status", "arn:aws:states:us-east-1:123456789012:execution:Housekeeping:nope",
                "--endpoint-url", local.endpoint().toString());
        assertEquals(HousekeepingCli.INVALID, unknown.code());
        assertTrue(unknown.err().contains("Execution Does Not Exist"), unknown.err());
    }

    @Test
    void unreachableEndpoint_exitsThree() throws IOException {
        Path file = eventFile("level-completed.json", null);
        Run r = cli("submit", "--event", file.toString(), "--state-machine-arn", local.standardArn(),
                "--endpoint-url", "http://127.0.0.1:1");
        assertEquals(HousekeepingCli.SERVICE_ERROR, r.code(), r.err());
    }
}
