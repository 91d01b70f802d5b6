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
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JSONata Lambda task as CDK's {@code LambdaInvoke.jsonata(...)} synthesizes it ({@code Arguments} with
 * {@code FunctionName} and a {@code {% %}} {@code Payload}), served by a real (emulated) function: the evaluated
 * Arguments are the Invoke request, and {@code $states.result} is the Invoke response as AWS returns it.
 */
class LambdaJsonataTaskTest {
    private static final String H = TestHandlers.class.getName() + "$";
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:";
    private static LocalLambdaService service;
    private static Engine engine;
    private static LambdaTaskInvoker invoker;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("function.jar");
        LocalLambdaServiceTest.packageFixtureClasses(jar);
        service = LocalLambdaService.builder()
                .function(new LambdaFunction("Echo", H + "Echo::handleRequest", jar, Map.of("TABLE_NAME", "t"), 10, 256))
                .build();
        invoker = new LambdaTaskInvoker(name -> {
            String unqualified = name.startsWith(ARN) ? name.substring(ARN.length()) : name;
            String fn = unqualified.contains(":") ? unqualified.substring(0, unqualified.indexOf(':')) : unqualified;
            return service.functions().containsKey(fn) ? Optional.of(fn) : Optional.empty();
        }, service, (execution, state, result) -> { });
        engine = new Engine(EngineOptions.builder().waitScale(0).build());
    }

    @AfterAll
    static void stop() {
        engine.close();
        service.close();
    }

    @Test
    void theEvaluatedArgumentsReachTheFunction_andTheResultIsTheInvokeResponse() throws Exception {
        ExecutionResult result = engine.execute(StateMachineDefinition.parse("""
                {"QueryLanguage": "JSONata", "StartAt": "Echo", "States": {
                  "Echo": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Arguments": {"FunctionName": "%sEcho:live", "Payload": "{%% $merge([$states.input, {'level': $states.input.level + 1}]) %%}"},
                    "Assign": {"status": "{%% $states.result.StatusCode %%}"},
                    "Output": {"payload": "{%% $states.result.Payload %%}", "version": "{%% $states.result.ExecutedVersion %%}",
                               "requestId": "{%% $states.result.SdkResponseMetadata.RequestId %%}"},
                    "Next": "Done"},
                  "Done": {"Type": "Pass", "Output": {"status": "{%% $status %%}", "level": "{%% $states.input.payload.level %%}",
                    "table": "{%% $states.input.payload.table %%}", "invokedArn": "{%% $states.input.payload.invokedArn %%}",
                    "version": "{%% $states.input.version %%}", "requestId": "{%% $states.input.requestId %%}"}, "End": true}}}"""
                .formatted(ARN)), ExecutionRequest.builder().name("jsonata-1").input("{\"level\": 2}").invoker(invoker).build());
        assertEquals(ExecutionStatus.SUCCEEDED, result.status(), () -> result.error() + " " + result.cause());
        JsonNode out = result.output();
        assertEquals(200, out.get("status").asInt());
        assertEquals(3, out.get("level").asInt());
        assertEquals("t", out.get("table").asText());
        assertEquals(ARN + "Echo:live", out.get("invokedArn").asText());
        assertEquals("1", out.get("version").asText());
        assertTrue(out.get("requestId").asText().length() > 10, out.toString());
    }
}
