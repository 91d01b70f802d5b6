package io.github.gamehousekeeping.local.junit;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

@HousekeepingLocal // one local runtime for this class: Step Functions API, the housekeeping stack, DynamoDB Local
class ExampleWorkflowTest {
    // Your own workflow: reserve stock through a Lambda function, retrying while the stock service is busy.
    static final String ORDERS = """
            {"StartAt": "Reserve", "States": {
              "Reserve": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "reserve-stock", "Payload.$": "$"},
                "ResultSelector": {"reserved.$": "$.Payload.reserved"}, "ResultPath": "$.stock",
                "Retry": [{"ErrorEquals": ["Stock.Busy"], "MaxAttempts": 2}], "End": true}}}""";
    // An AWS Step Functions Local mock configuration, unchanged: test cases name the mocked response of each state.
    static final String MOCKS = """
            {"StateMachines": {"Orders": {"TestCases": {
                "HappyPath": {"Reserve": "Reserved"},
                "BusyThenReserved": {"Reserve": "BusyOnce"}}}},
             "MockedResponses": {
                "Reserved": {"0": {"Return": {"StatusCode": 200, "Payload": {"reserved": 3}}}},
                "BusyOnce": {"0": {"Throw": {"Error": "Stock.Busy", "Cause": "try again"}},
                             "1": {"Return": {"StatusCode": 200, "Payload": {"reserved": 1}}}}}}""";

    @Test
    void myWorkflow_runsItsMockTestCases(LocalStepFunctions local, SfnClient sfn) {
        String orders = local.createStateMachine("Orders", ORDERS, MOCKS); // deleted after the class

        DescribeExecutionResponse happy = local.execute(LocalStepFunctions.testCase(orders, "HappyPath"), "{\"orderId\": \"o-1\"}");
        DescribeExecutionResponse busy = local.execute(LocalStepFunctions.testCase(orders, "BusyThenReserved"), "{\"orderId\": \"o-2\"}");

        assertEquals(ExecutionStatus.SUCCEEDED, happy.status());
        assertEquals("{\"orderId\":\"o-1\",\"stock\":{\"reserved\":3}}", happy.output());
        assertEquals("{\"orderId\":\"o-2\",\"stock\":{\"reserved\":1}}", busy.output());
        long attempts = sfn.getExecutionHistory(r -> r.executionArn(busy.executionArn())).events().stream()
                .filter(e -> e.type() == HistoryEventType.TASK_SCHEDULED).count();
        assertEquals(2, attempts, "one retry of Stock.Busy");
    }

    @Test
    void housekeeping_recordsTheCompletion(LocalStepFunctions local, @HousekeepingStateMachineArn String housekeeping,
                                           DynamoDbClient dynamoDb) {
        String event = """
                {"eventId": "evt-example-1", "playerId": "player-example", "level": 1, "score": 10,
                 "durationMs": 1000, "completedAt": "2026-11-21T10:00:00Z", "gameCompleted": false}""";

        DescribeExecutionResponse done = local.execute(housekeeping, event); // the real functions, on DynamoDB Local

        assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.cause());
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(local.tableName("CompletedLevel"))
                .key(Map.of("playerId", AttributeValue.fromS("player-example"), "eventId", AttributeValue.fromS("evt-example-1")))).item();
        assertEquals("10", item.get("score").n());
    }
}
