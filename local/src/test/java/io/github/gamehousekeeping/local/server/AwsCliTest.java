package io.github.gamehousekeeping.local.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.EngineOptions;
import io.github.gamehousekeeping.local.asl.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real AWS CLI ({@code aws} on the PATH, run as a subprocess with dummy credentials and no config files) against
 * the local server with a Step Functions Local mock configuration: a JSONPath and a JSONata state machine created and
 * run to SUCCEEDED through {@code <arn>#<TestCase>}, TestState of a single state with a mock at TRACE, and a failed
 * execution (a mock failing its first call) redriven to SUCCEEDED. Skipped, with the reason, when the CLI is absent or
 * too old to know TestState's mock or RedriveExecution.
 */
class AwsCliTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/OrderRole";
    static final String MOCKS = """
            {"StateMachines":{
               "CliOrdersPath":{"TestCases":{"HappyPath":{"Charge":"Paid"},"FailsOnce":{"Charge":"FailsThenPays"}}},
               "CliOrdersAta":{"TestCases":{"HappyPath":{"Charge":"Paid"}}}},
             "MockedResponses":{
               "Paid":{"0":{"Return":{"StatusCode":200,"Payload":{"paid":42}}}},
               "FailsThenPays":{"0":{"Throw":{"Error":"Gateway.Timeout","Cause":"first call fails"}},
                                "1":{"Return":{"StatusCode":200,"Payload":{"paid":7}}}}}}""";
    static final String JSONPATH = """
            {"StartAt":"Charge","States":{"Charge":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
              "Parameters":{"FunctionName":"charge-card","Payload.$":"$"},"ResultSelector":{"paid.$":"$.Payload.paid"},
              "ResultPath":"$.payment","End":true}}}""";
    static final String JSONATA = """
            {"QueryLanguage":"JSONata","StartAt":"Charge","States":{"Charge":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
              "Arguments":{"FunctionName":"charge-card","Payload":"{% $states.input %}"},
              "Output":"{% $merge([$states.input, {'paid': $states.result.Payload.paid}]) %}","End":true}}}""";

    @TempDir
    static Path dir;
    static ExecutionService service;
    static StepFunctionsServer server;
    static Path config;

    /** Why the CLI cannot be used here (each test is skipped with it), null when it can. */
    static String skipReason;

    @BeforeAll
    static void start() throws Exception {
        skipReason = cliMissing();
        if (skipReason != null) {
            System.err.println("AwsCliTest skipped: " + skipReason);
            return;
        }
        config = Files.writeString(dir.resolve("empty-aws-config"), "");
        service = ExecutionService.create(EngineOptions.builder().waitScale(0).build(), 4);
        service.taskRouting().mockConfig(Json.parseUnchecked(MOCKS));
        server = StepFunctionsServer.start(service, 0);
    }

    static String cliMissing() {
        String version = probe("--version");
        if (version == null) {
            return "no AWS CLI ('aws') on the PATH";
        }
        String testState = probe("stepfunctions", "test-state", "--generate-cli-skeleton", "input");
        if (testState == null || !testState.contains("\"mock\"") || !testState.contains("\"stateName\"")) {
            return "the AWS CLI on the PATH (" + version.trim() + ") is too old for TestState's mock (added to the API in November 2025)";
        }
        if (probe("stepfunctions", "redrive-execution", "--generate-cli-skeleton", "input") == null) {
            return "the AWS CLI on the PATH (" + version.trim() + ") does not know RedriveExecution";
        }
        return null;
    }

    @BeforeEach
    void cliAvailable() {
        Assumptions.assumeTrue(skipReason == null, () -> "skipped: " + skipReason);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            service.close();
        }
    }

    /** The CLI's stdout for these arguments, or null when it cannot run or exits non-zero (no endpoint needed). */
    static String probe(String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("aws"));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Runs {@code aws stepfunctions <args>} against the local server; its JSON output (null when empty). */
    static JsonNode aws(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", server.endpoint().toString(), "--region", "us-east-1",
                "--output", "json", "stepfunctions"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        List.of("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL").forEach(env::remove);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", config.toString());
        // TestState (like StartSyncExecution) is modeled with the host prefix "sync-": docs/local-server.md
        env.put("AWS_DISABLE_HOST_PREFIX_INJECTION", "true");
        Path err = Files.createTempFile(dir, "aws", ".err");
        Process p = pb.redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "aws " + String.join(" ", args) + " did not end");
        assertEquals(0, p.exitValue(), "aws " + String.join(" ", args) + " failed: " + Files.readString(err));
        return out.isBlank() ? null : Json.parseUnchecked(out);
    }

    static JsonNode awaitEnd(String executionArn) throws Exception {
        for (int i = 0; i < 100; i++) {
            JsonNode d = aws("describe-execution", "--execution-arn", executionArn);
            if (!"RUNNING".equals(d.path("status").asText())) {
                return d;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("still running: " + executionArn);
    }

    static String create(String name, String definition) throws Exception {
        return aws("create-state-machine", "--name", name, "--definition", definition, "--role-arn", ROLE).path("stateMachineArn").asText();
    }

    @Test
    void jsonPathAndJsonataMachines_runTheirMockTestCase_toSuccess() throws Exception {
        for (String[] machine : new String[][] {{"CliOrdersPath", JSONPATH, "{\"order\":\"o-1\",\"payment\":{\"paid\":42}}"},
                {"CliOrdersAta", JSONATA, "{\"order\":\"o-1\",\"paid\":42}"}}) {
            String arn = create(machine[0], machine[1]);
            String execution = aws("start-execution", "--state-machine-arn", arn + "#HappyPath", "--name", "happy-" + machine[0],
                    "--input", "{\"order\":\"o-1\"}").path("executionArn").asText();
            JsonNode done = awaitEnd(execution);
            assertEquals("SUCCEEDED", done.path("status").asText(), done.toString());
            assertEquals(arn, done.path("stateMachineArn").asText());
            assertEquals(Json.parseUnchecked(machine[2]), Json.parseUnchecked(done.path("output").asText()), machine[0]);
        }
    }

    @Test
    void testState_singleStateWithMock_atTrace() throws Exception {
        String state = """
                {"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","InputPath":"$.order",
                 "Parameters":{"FunctionName":"charge-card","Payload.$":"$"},"ResultSelector":{"paid.$":"$.Payload.paid"},
                 "ResultPath":"$.payment","Next":"Ship"}""";
        JsonNode r = aws("test-state", "--definition", state, "--input", "{\"order\":{\"id\":\"o-1\"}}", "--inspection-level", "TRACE",
                "--mock", "{\"result\":\"{\\\"StatusCode\\\":200,\\\"Payload\\\":{\\\"paid\\\":42}}\"}");
        assertEquals("SUCCEEDED", r.path("status").asText(), r.toString());
        assertEquals("Ship", r.path("nextState").asText());
        assertEquals(Json.parseUnchecked("{\"order\":{\"id\":\"o-1\"},\"payment\":{\"paid\":42}}"), Json.parseUnchecked(r.path("output").asText()));
        JsonNode data = r.path("inspectionData");
        assertEquals(Json.parseUnchecked("{\"id\":\"o-1\"}"), Json.parseUnchecked(data.path("afterInputPath").asText()));
        assertEquals(Json.parseUnchecked("{\"FunctionName\":\"charge-card\",\"Payload\":{\"id\":\"o-1\"}}"),
                Json.parseUnchecked(data.path("afterParameters").asText()));
        assertEquals(Json.parseUnchecked("{\"paid\":42}"), Json.parseUnchecked(data.path("afterResultSelector").asText()));
        assertEquals(r.path("output"), data.path("afterResultPath"));
    }

    @Test
    void failedExecution_isRedriven_toSuccess() throws Exception {
        String arn = create("CliOrdersPath", JSONPATH);
        String execution = aws("start-execution", "--state-machine-arn", arn + "#FailsOnce", "--name", "fails-once",
                "--input", "{\"order\":\"o-2\"}").path("executionArn").asText();
        JsonNode failed = awaitEnd(execution);
        assertEquals("FAILED", failed.path("status").asText(), failed.toString());
        assertEquals("Gateway.Timeout", failed.path("error").asText());
        assertEquals("REDRIVABLE", failed.path("redriveStatus").asText());

        assertTrue(aws("redrive-execution", "--execution-arn", execution).has("redriveDate"));
        JsonNode done = awaitEnd(execution);
        assertEquals("SUCCEEDED", done.path("status").asText(), done.toString());
        assertEquals(1, done.path("redriveCount").asInt());
        assertEquals(Json.parseUnchecked("{\"order\":\"o-2\",\"payment\":{\"paid\":7}}"), Json.parseUnchecked(done.path("output").asText()));
        JsonNode events = aws("get-execution-history", "--execution-arn", execution).path("events");
        assertTrue(events.toString().contains("\"ExecutionRedriven\""), "ExecutionRedriven in the history");
    }
}
