package io.github.gamehousekeeping.local.server;

import io.github.gamehousekeeping.local.asl.EngineOptions;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One owner of execution identity: the ARN the API reports (StartExecution/DescribeExecution) is the one the running
 * execution sees as $$.Execution.Id, for Standard and for Express state machines.
 */
class ExecutionIdentityTest {
    private static final String DEFINITION = """
            {"StartAt": "Who", "States": {"Who": {"Type": "Pass",
              "Parameters": {"id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "machine.$": "$$.StateMachine.Id"}, "End": true}}}""";

    @Test
    void theContextObjectSeesTheArnTheApiReports_standardAndExpress() throws Exception {
        try (ExecutionService service = ExecutionService.create(EngineOptions.builder().waitScale(0).build(), 4)) {
            for (ExecutionService.Type type : ExecutionService.Type.values()) {
                String sm = service.registerStateMachine("Who" + type, DEFINITION, type, invocation -> {
                    throw new IllegalStateException("no tasks");
                }, null).arn();
                ExecutionService.Execution e = service.start(sm, "run-1", "{}");
                assertTrue(e.await(Duration.ofSeconds(30)));
                assertEquals(ExecutionStatus.SUCCEEDED, e.status());
                assertEquals(e.arn(), e.result().output().get("id").asText(), type + " execution ARN");
                assertEquals("run-1", e.result().output().get("name").asText());
                assertEquals(sm, e.result().output().get("machine").asText());
                assertEquals(e.arn(), service.execution(e.arn()).arn());
                assertTrue(e.arn().contains(type == ExecutionService.Type.EXPRESS ? ":express:" : ":execution:"), e.arn());
            }
        }
    }
}
