package io.github.gamehousekeeping.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.Engine;
import io.github.gamehousekeeping.local.asl.EngineOptions;
import io.github.gamehousekeeping.local.asl.ExecutionRequest;
import io.github.gamehousekeeping.local.asl.ExecutionResult;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.asl.StateMachineDefinition;
import io.github.gamehousekeeping.local.lambda.fixture.TestHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lambda tasks through the engine, served by real (emulated) functions: what the workflow sees of them. */
class LambdaTaskInvokerTest {
    private static final String H = TestHandlers.class.getName() + "$";
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:";
    private static LocalLambdaService service;
    private static Engine engine;
    private static final List<String> invocations = new CopyOnWriteArrayList<>();
    private static LambdaTaskInvoker invoker;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("function.jar");
        LocalLambdaServiceTest.packageFixtureClasses(jar);
        service = LocalLambdaService.builder()
                .function(new LambdaFunction("Echo", H + "Echo::handleRequest", jar, Map.of("TABLE_NAME", "t"), 10, 256))
                .function(new LambdaFunction("Failing", H + "Failing::handleRequest", jar, Map.of(), 10, 256))
                .build();
        invoker = new LambdaTaskInvoker(name -> {
            String unqualified = name.startsWith(ARN) ? name.substring(ARN.length()) : name;
            String fn = unqualified.contains(":") ? unqualified.substring(0, unqualified.indexOf(':')) : unqualified;
            return service.functions().containsKey(fn) ? Optional.of(fn) : Optional.empty();
        }, service, (execution, state, result) -> invocations.add(state + ":" + result.succeeded()));
        engine = new Engine(EngineOptions.builder().waitScale(0).build());
    }

    @AfterAll
    static void stop() {
        engine.close();
        service.close();
    }

    private static ExecutionResult run(String definition, String input) throws Exception {
        return engine.execute(StateMachineDefinition.parse(definition),
                ExecutionRequest.builder().name("e-" + System.nanoTime()).input(input).invoker(invoker).build());
    }

    @Test
    void returnsTheInvokeApiResponse_forTheOptimizedIntegration() throws Exception {
        ExecutionResult result = run("""
                {"StartAt": "Echo", "States": {"Echo": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "%sEcho:live", "Payload.$": "$"}, "End": true}}}""".formatted(ARN),
                "{\"level\": 2}");
        assertEquals(ExecutionStatus.SUCCEEDED, result.status(), () -> result.error() + " " + result.cause());
        JsonNode out = result.output();
        assertEquals(200, out.get("StatusCode").asInt());
        assertEquals("1", out.get("ExecutedVersion").asText());
        assertEquals(2, out.at("/Payload/level").asInt());
        assertEquals("t", out.at("/Payload/table").asText());
        assertEquals(ARN + "Echo:live", out.at("/Payload/invokedArn").asText());
        assertTrue(out.at("/SdkResponseMetadata/RequestId").asText().length() > 10);
    }

    @Test
    void returnsThePayloadItself_forAPlainFunctionArn() throws Exception {
        ExecutionResult result = run("""
                {"StartAt": "Echo", "States": {"Echo": {"Type": "Task", "Resource": "%sEcho", "End": true}}}"""
                .formatted(ARN), "{\"level\": 5}");
        assertEquals(5, result.output().get("level").asInt());
        assertTrue(!result.output().has("StatusCode") && !result.output().has("Payload"), result.output().toString());
    }

    @Test
    void exceptionClassNameIsTheErrorName_soRetryAndCatchMatchIt() throws Exception {
        invocations.clear();
        ExecutionResult result = run("""
                {"StartAt": "Fail", "States": {
                  "Fail": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "Failing", "Payload.$": "$"},
                    "Retry": [{"ErrorEquals": ["java.lang.IllegalStateException"], "MaxAttempts": 2, "IntervalSeconds": 1}],
                    "Catch": [{"ErrorEquals": ["java.lang.IllegalStateException"], "ResultPath": "$.error", "Next": "Caught"}],
                    "End": true},
                  "Caught": {"Type": "Pass", "Parameters": {"error.$": "$.error.Error",
                    "cause.$": "States.StringToJson($.error.Cause)"}, "End": true}}}""", "{\"level\": 9}");
        assertEquals(ExecutionStatus.SUCCEEDED, result.status());
        assertEquals("java.lang.IllegalStateException", result.output().get("error").asText());
        JsonNode cause = result.output().get("cause");
        assertEquals("level 9 is broken", cause.get("errorMessage").asText());
        assertEquals("java.lang.IllegalStateException", cause.get("errorType").asText());
        assertTrue(cause.get("stackTrace").isArray());
        assertEquals(List.of("Fail:false", "Fail:false", "Fail:false"), invocations, "first attempt + 2 retries");
    }

    @Test
    void unknownFunctionFailsWithResourceNotFound() throws Exception {
        ExecutionResult result = run("""
                {"StartAt": "Nope", "States": {"Nope": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "Nope", "Payload": {}}, "End": true}}}""", "{}");
        assertEquals(ExecutionStatus.FAILED, result.status());
        assertEquals("Lambda.ResourceNotFoundException", result.error());
        assertTrue(result.cause().startsWith("Function not found: Nope"), result.cause());
    }
}
