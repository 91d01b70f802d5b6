package io.github.gamehousekeeping.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve} in-process, used through the real SDK v2 SfnClient as a backend would, then stopped. */
class ServeCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void servesTheHousekeepingStateMachine_toTheSdk_andStopsCleanly() throws Exception {
        ServeCommand serve = new ServeCommand();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(serve);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("--port", "0", "--wait-scale", "0",
                "--log-level", "debug"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!out.toString().contains("\n") && System.nanoTime() < deadline && !exit.isDone()) {
            Thread.sleep(50);
        }
        JsonNode info = MAPPER.readTree(out.toString().lines().findFirst().orElseThrow(() -> new AssertionError(err)));
        String arn = info.get("stateMachineArn").asText();
        assertTrue(arn.startsWith("arn:aws:states:us-east-1:123456789012:stateMachine:"), arn);
        assertEquals("STANDARD", info.get("type").asText());
        assertTrue(info.get("dynamoDbEndpoint").asText().startsWith("http://127.0.0.1:"), info.toString());
        assertTrue(info.get("stepFunctionsEndpoint").asText().startsWith("http://127.0.0.1:"), info.toString());
        assertEquals("local", info.get("dynamoDbAccessKeyId").asText(), info.toString());

        try (SfnClient sfn = SfnClient.builder().endpointOverride(URI.create(info.get("stepFunctionsEndpoint").asText()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            String input = Files.readString(Path.of("..", "events", "level-completed.json"));
            String executionArn = sfn.startExecution(b -> b.stateMachineArn(arn).name("evt-level-0001").input(input))
                    .executionArn();
            DescribeExecutionResponse described;
            do {
                Thread.sleep(100);
                described = sfn.describeExecution(b -> b.executionArn(executionArn));
            } while (described.status() == ExecutionStatus.RUNNING && System.nanoTime() < deadline);
            assertEquals(ExecutionStatus.SUCCEEDED, described.status(), described.cause());
            JsonNode output = MAPPER.readTree(described.output());
            assertEquals(1, output.at("/report/attempts").asInt());
            assertEquals("CompletedLevel", output.at("/recorded/tables/0").asText());
            assertTrue(sfn.getExecutionHistory(b -> b.executionArn(executionArn)).events().size() > 10);
            assertFunctionLogs(URI.create(info.get("stepFunctionsEndpoint").asText()), executionArn);
        }
        assertTrue(err.toString().contains("access key id 'local' with any secret key"), "the startup line names the "
                + "credentials DynamoDB Local accepts: " + err);
        serve.stop();
        assertEquals(0, exit.get(30, TimeUnit.SECONDS));
        assertTrue(err.toString().contains("housekeeping-local: stopped: 1 executions accepted: 1 ended {SUCCEEDED=1}, 0 abandoned"),
                err.toString());
        assertTrue(out.toString().contains("{\"shutdown\":{\"accepted\":1,\"ended\":{\"SUCCEEDED\":1},\"abandoned\":[]}}"),
                out.toString());
    }

    /** LocalGetExecutionLogs: the lines the functions wrote for one state of the execution, at --log-level DEBUG. */
    private static void assertFunctionLogs(URI endpoint, String executionArn) throws Exception {
        String body = MAPPER.createObjectNode().put("executionArn", executionArn).put("stateName", "RecordLevelCompletion")
                .toString();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions.LocalGetExecutionLogs")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode reply = MAPPER.readTree(response.body());
        assertEquals(executionArn, reply.get("executionArn").asText());
        assertEquals(1, reply.get("invocations").size(), reply.toString());
        JsonNode invocation = reply.get("invocations").get(0);
        assertEquals("RecordLevelCompletion", invocation.get("stateName").asText());
        String requestId = invocation.get("requestId").asText();
        List<JsonNode> lines = new ArrayList<>();
        for (JsonNode line : invocation.get("logs")) {
            if (line.asText().startsWith("{")) {
                lines.add(MAPPER.readTree(line.asText()));
            }
        }
        assertTrue(lines.stream().anyMatch(l -> l.path("level").asText().equals("DEBUG")
                && l.path("message").asText().startsWith("task payload:")), "--log-level debug reaches the function: " + lines);
        JsonNode written = lines.stream().filter(l -> "written".equals(l.path("outcome").asText())).findFirst()
                .orElseThrow(() -> new AssertionError(reply.toString()));
        assertEquals(requestId, written.get("requestId").asText(), "the Lambda request id of the invocation");
        assertEquals("evt-level-0001", written.get("eventId").asText());
        assertEquals("player-42", written.get("playerId").asText());
        assertEquals(3, written.get("gameLevel").asInt());
        assertTrue(written.get("coldStart").asBoolean(), "the first invocation of the environment");
    }
}
