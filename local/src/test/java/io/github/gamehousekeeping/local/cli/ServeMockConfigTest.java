package io.github.gamehousekeeping.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve --mock-config}: a state machine created through the SDK runs a test case of the file; a bad file stops
 * serve before anything starts, with an error naming file and problem.
 */
class ServeMockConfigTest {
    @TempDir
    Path dir;

    String serve(Path mockConfig) {
        StringWriter err = new StringWriter();
        int code = LocalCli.run(new String[] {"serve", "--port", "0", "--mock-config", mockConfig.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(CommandLine.ExitCode.USAGE, code, err.toString());
        return err.toString();
    }

    @Test
    void createdStateMachine_runsATestCaseOfTheMockConfigFile() throws Exception {
        Path mocks = Files.writeString(dir.resolve("MockConfigFile.json"), """
                {"StateMachines":{"Orders":{"TestCases":{"HappyPath":{"Reserve":"Reserved"}}}},
                 "MockedResponses":{"Reserved":{"0":{"Return":{"StatusCode":200,"Payload":{"reserved":3}}}}}}""");
        ServeCommand serve = new ServeCommand();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(serve);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("--port", "0", "--mock-config", mocks.toString()));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!out.toString().contains("\n") && System.nanoTime() < deadline && !exit.isDone()) {
                Thread.sleep(50);
            }
            JsonNode info = Json.parseUnchecked(out.toString().lines().findFirst().orElseThrow(() -> new AssertionError(err)));
            try (SfnClient sfn = SfnClient.builder().endpointOverride(URI.create(info.get("stepFunctionsEndpoint").asText()))
                    .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .build()) {
                String arn = sfn.createStateMachine(r -> r.name("Orders").roleArn("arn:aws:iam::123456789012:role/Orders").definition("""
                        {"StartAt":"Reserve","States":{"Reserve":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                         "Parameters":{"FunctionName":"reserve-stock","Payload.$":"$"},"OutputPath":"$.Payload","End":true}}}"""))
                        .stateMachineArn();
                String executionArn = sfn.startExecution(r -> r.stateMachineArn(arn + "#HappyPath").input("{}")).executionArn();
                DescribeExecutionResponse d;
                do {
                    Thread.sleep(50);
                    d = sfn.describeExecution(r -> r.executionArn(executionArn));
                } while (d.status() == ExecutionStatus.RUNNING && System.nanoTime() < deadline);
                assertEquals(ExecutionStatus.SUCCEEDED, d.status(), d.cause());
                assertEquals("{\"reserved\":3}", d.output());
            }
        } finally {
            serve.stop();
        }
        assertEquals(0, exit.get(30, TimeUnit.SECONDS));
    }

    @Test
    void missingFile() {
        assertTrue(serve(dir.resolve("nope.json")).contains("--mock-config file not found: "), "names the file");
    }

    @Test
    void notJson() throws IOException {
        Path file = Files.writeString(dir.resolve("mocks.json"), "{\"StateMachines\": ");
        String err = serve(file);
        assertTrue(err.contains("mocks.json") && err.contains("invalid JSON at line 1"), err);
    }

    @Test
    void testCaseNamingAnUndefinedResponse() throws IOException {
        Path file = Files.writeString(dir.resolve("mocks.json"), """
                {"StateMachines":{"Orders":{"TestCases":{"HappyPath":{"Reserve":"Reserved"}}}},"MockedResponses":{}}""");
        String err = serve(file);
        assertTrue(err.contains("StateMachines.Orders.TestCases.HappyPath") && err.contains("\"Reserved\""), err);
    }
}
