package io.github.gamehousekeeping.local.junit;

import io.github.gamehousekeeping.local.asl.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local server on the full stack: state machines created through the API call the stack's real functions by name
 * and ARN; a test case of the housekeeping state machine mocks one state while the others run the real functions.
 */
@HousekeepingLocal(scope = HousekeepingLocal.Scope.JVM)
class StackTasksTest {
    static final String EVENT = """
            {"eventId":"%s","playerId":"player-stack","level":2,"score":50,"durationMs":5000,
             "completedAt":"2026-11-21T10:00:00Z","gameCompleted":false}""";

    @Test
    void createdStateMachine_callsTheStacksFunctionsByNameAndArn(LocalStepFunctions local) {
        String validate = local.functionNames().stream().filter(n -> n.contains("ValidateEvent")).findFirst().orElseThrow();
        String definition = """
                {"StartAt":"ByName","States":{
                  "ByName":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                    "Parameters":{"FunctionName":"%s","Payload.$":"$"},"ResultPath":null,"Next":"ByArn"},
                  "ByArn":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:%s","ResultPath":null,"End":true}}}"""
                .formatted(validate, validate);
        String arn = local.createStateMachine("ValidateTwice", definition);

        String valid = EVENT.formatted("evt-stack-1");
        DescribeExecutionResponse ok = local.execute(arn, valid);
        DescribeExecutionResponse rejected = local.execute(arn, "{\"eventId\":\"evt-stack-2\",\"level\":0}");

        assertEquals(ExecutionStatus.SUCCEEDED, ok.status(), ok.cause());
        assertEquals(Json.parseUnchecked(valid), Json.parseUnchecked(ok.output()));
        assertEquals("io.github.gamehousekeeping.contract.InvalidEventException", rejected.error());
        assertTrue(rejected.cause().contains("level"), rejected.cause());
    }

    @Test
    void housekeepingTestCase_mocksOneState_andRunsTheOthersForReal(LocalStepFunctions local, SfnClient sfn, DynamoDbClient dynamoDb,
                                                                    @HousekeepingStateMachineArn String housekeeping) {
        String name = sfn.describeStateMachine(r -> r.stateMachineArn(housekeeping)).name();
        local.runtime().executions().taskRouting().mockConfig(name, Json.parseUnchecked("""
                {"StateMachines":{"%s":{"TestCases":{"MetricsDown":{"PublishMetrics":"Down"}}}},
                 "MockedResponses":{"Down":{"0-9":{"Throw":{"Error":"java.lang.IllegalStateException","Cause":"metrics are down"}}}}}"""
                .formatted(name)));
        try {
            DescribeExecutionResponse d = local.execute(LocalStepFunctions.testCase(housekeeping, "MetricsDown"), EVENT.formatted("evt-stack-3"));

            assertEquals(ExecutionStatus.FAILED, d.status());
            assertEquals("Housekeeping.MetricsFailed", d.error());
            assertEquals(housekeeping, d.stateMachineArn());
            Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(local.tableName("CompletedLevel")).key(Map.of(
                    "playerId", AttributeValue.fromS("player-stack"), "eventId", AttributeValue.fromS("evt-stack-3")))).item();
            assertFalse(item.isEmpty(), "the real recorder ran");
        } finally {
            local.runtime().executions().taskRouting().removeMockConfig(name);
        }
    }
}
