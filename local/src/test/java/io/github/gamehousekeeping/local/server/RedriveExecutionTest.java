package io.github.gamehousekeeping.local.server;

import io.github.gamehousekeeping.local.asl.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveFilter;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** RedriveExecution through the real SDK v2 SfnClient, with Step Functions Local mock configurations. */
class RedriveExecutionTest extends LocalServerFixture {
    static final String ROLE = "arn:aws:iam::123456789012:role/OrderRole";
    /** Reserve succeeds, Charge fails on its first call (no Retry) and succeeds on its second. */
    static final String ORDER_DEFINITION = """
            {"StartAt":"Init","States":{
              "Init":{"Type":"Pass","Assign":{"customer":"c-7"},"Next":"Reserve"},
              "Reserve":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                "Parameters":{"FunctionName":"reserve-stock","Payload.$":"$"},"ResultSelector":{"reserved.$":"$.Payload.reserved"},
                "ResultPath":"$.stock","Next":"Charge"},
              "Charge":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:charge-card",
                "ResultPath":"$.payment","Next":"Done"},
              "Done":{"Type":"Pass","Parameters":{"customer.$":"$customer","stock.$":"$.stock","payment.$":"$.payment",
                "redrives.$":"$$.Execution.RedriveCount"},"End":true}}}""";
    /** Two branches: Ship succeeds, Notify fails once. */
    static final String PARALLEL_DEFINITION = """
            {"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"Ship","States":{"Ship":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:ship","End":true}}},
              {"StartAt":"Notify","States":{"Notify":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:notify","End":true}}}]}}}""";
    static final String MOCKS = """
            {"StateMachines":{
               "Orders":{"TestCases":{"ChargeFailsOnce":{"Reserve":"Reserved","Charge":"FailsOnce"}}},
               "Fanout":{"TestCases":{"NotifyFailsOnce":{"Ship":"Shipped","Notify":"FailsOnce"}}},
               "Items":{"TestCases":{"SecondFails":{"Work":"SecondCallFails"}}}},
             "MockedResponses":{
                "Reserved":{"0":{"Return":{"StatusCode":200,"Payload":{"reserved":3}}}},
                "SecondCallFails":{"0":{"Return":{"done":"first"}},"1":{"Throw":{"Error":"Work.Failed","Cause":"item b"}},
                                   "2":{"Return":{"done":"again"}}},
                "Shipped":{"0-1":{"Return":{"shipped":true}}},
                "FailsOnce":{"0":{"Throw":{"Error":"Gateway.Timeout","Cause":"first call fails"}},
                             "1":{"Return":{"ok":true}}}}}""";

    @Override
    ExecutionService newService() {
        return mocked(0, MOCKS);
    }

    DescribeExecutionResponse awaitEnd(String executionArn) throws InterruptedException {
        return LocalSfnClient.awaitEnd(sfn, executionArn);
    }

    String create(String name, String definition) {
        return sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    List<HistoryEvent> history(String executionArn) {
        return sfn.getExecutionHistory(r -> r.executionArn(executionArn)).events();
    }

    static long entered(List<HistoryEvent> events, String state) {
        return events.stream().filter(e -> e.stateEnteredEventDetails() != null && state.equals(e.stateEnteredEventDetails().name())).count();
    }

    @Test
    void failedExecution_redrivesFromTheFailedState_toSuccess() throws Exception {
        String sm = create("Orders", ORDER_DEFINITION);
        String arn = sfn.startExecution(r -> r.stateMachineArn(sm + "#ChargeFailsOnce").name("order-1").input("{\"orderId\":\"o-1\"}"))
                .executionArn();
        DescribeExecutionResponse failed = awaitEnd(arn);
        assertEquals(ExecutionStatus.FAILED, failed.status());
        assertEquals("Gateway.Timeout", failed.error());
        assertEquals(ExecutionRedriveStatus.REDRIVABLE, failed.redriveStatus());
        assertEquals(0, failed.redriveCount());

        assertNotNull(sfn.redriveExecution(r -> r.executionArn(arn)).redriveDate());
        DescribeExecutionResponse done = awaitEnd(arn);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.toString());
        assertEquals(Json.parseUnchecked("{\"customer\":\"c-7\",\"stock\":{\"reserved\":3},\"payment\":{\"ok\":true},\"redrives\":1}"),
                Json.parseUnchecked(done.output()), "variables, earlier results and the context's RedriveCount are kept");
        assertEquals(1, done.redriveCount());
        assertNotNull(done.redriveDate());
        assertEquals(ExecutionRedriveStatus.NOT_REDRIVABLE, done.redriveStatus());
        assertEquals("Execution is SUCCEEDED and cannot be redriven.", done.redriveStatusReason());
        assertEquals(failed.startDate(), done.startDate());

        List<HistoryEvent> events = history(arn);
        assertEquals(1, entered(events, "Reserve"), "the succeeded Reserve does not run again");
        assertEquals(2, entered(events, "Charge"));
        List<HistoryEventType> types = events.stream().map(HistoryEvent::type).toList();
        int failedAt = types.indexOf(HistoryEventType.EXECUTION_FAILED);
        assertEquals(HistoryEventType.EXECUTION_REDRIVEN, types.get(failedAt + 1));
        assertEquals(1, events.get(failedAt + 1).executionRedrivenEventDetails().redriveCount());
        assertEquals(HistoryEventType.EXECUTION_SUCCEEDED, types.get(types.size() - 1));
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).id(), "ids go on after the redrive");
        }

        ExecutionNotRedrivableException again = assertThrows(ExecutionNotRedrivableException.class,
                () -> sfn.redriveExecution(r -> r.executionArn(arn)));
        assertEquals("Execution is SUCCEEDED and cannot be redriven.", again.awsErrorDetails().errorMessage());
    }

    @Test
    void listExecutions_filtersByRedrive_andReportsRedriveFields() throws Exception {
        String sm = create("Orders", ORDER_DEFINITION);
        String redriven = sfn.startExecution(r -> r.stateMachineArn(sm + "#ChargeFailsOnce").name("a")).executionArn();
        awaitEnd(redriven);
        String plain = sfn.startExecution(r -> r.stateMachineArn(sm + "#ChargeFailsOnce").name("b")).executionArn();
        awaitEnd(plain);
        sfn.redriveExecution(r -> r.executionArn(redriven));
        awaitEnd(redriven);

        List<ExecutionListItem> yes = sfn.listExecutions(r -> r.stateMachineArn(sm).redriveFilter(ExecutionRedriveFilter.REDRIVEN)).executions();
        List<ExecutionListItem> no = sfn.listExecutions(r -> r.stateMachineArn(sm).redriveFilter(ExecutionRedriveFilter.NOT_REDRIVEN)).executions();
        assertEquals(List.of(redriven), yes.stream().map(ExecutionListItem::executionArn).toList());
        assertEquals(1, yes.get(0).redriveCount());
        assertNotNull(yes.get(0).redriveDate());
        assertEquals(List.of(plain), no.stream().map(ExecutionListItem::executionArn).toList());
        assertEquals(0, no.get(0).redriveCount());
    }

    @Test
    void parallel_redrivesOnlyTheFailedBranch() throws Exception {
        String sm = create("Fanout", PARALLEL_DEFINITION);
        String arn = sfn.startExecution(r -> r.stateMachineArn(sm + "#NotifyFailsOnce").input("{}")).executionArn();
        assertEquals(ExecutionStatus.FAILED, awaitEnd(arn).status());
        // Ship usually ends before Notify fails; when the failure cancelled it first, it is not kept (as on AWS).
        boolean shipSucceeded = history(arn).stream().anyMatch(e -> e.stateExitedEventDetails() != null
                && "Ship".equals(e.stateExitedEventDetails().name()));

        sfn.redriveExecution(r -> r.executionArn(arn));
        DescribeExecutionResponse done = awaitEnd(arn);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.toString());
        assertEquals(Json.parseUnchecked("[{\"shipped\":true},{\"ok\":true}]"), Json.parseUnchecked(done.output()));
        List<HistoryEvent> events = history(arn);
        assertEquals(shipSucceeded ? 1 : 2, entered(events, "Ship"), "a succeeded branch is kept, a cancelled one runs again");
        assertEquals(2, entered(events, "Notify"));
    }

    @Test
    void map_redrivesOnlyTheFailedIterations() throws Exception {
        String sm = create("Items", """
                {"StartAt":"Each","States":{"Each":{"Type":"Map","MaxConcurrency":1,"End":true,
                  "ItemProcessor":{"StartAt":"Work","States":{"Work":{"Type":"Task",
                    "Resource":"arn:aws:lambda:us-east-1:123456789012:function:work","End":true}}}}}}""");
        String arn = sfn.startExecution(r -> r.stateMachineArn(sm + "#SecondFails").input("[\"a\",\"b\"]")).executionArn();
        assertEquals("Work.Failed", awaitEnd(arn).error());

        sfn.redriveExecution(r -> r.executionArn(arn));
        DescribeExecutionResponse done = awaitEnd(arn);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.toString());
        assertEquals(Json.parseUnchecked("[{\"done\":\"first\"},{\"done\":\"again\"}]"), Json.parseUnchecked(done.output()),
                "iteration 0 kept from the first run, iteration 1 run again");
        assertEquals(3, entered(history(arn), "Work"));
    }

    @Test
    void abortedExecution_isRedrivable_runningAndUnknownAreNot() throws Exception {
        stopServer();
        serve(mocked(1, MOCKS));
        String sm = create("Waiter", """
                {"StartAt":"Wait","States":{"Wait":{"Type":"Wait","Seconds":60,"Next":"Done"},"Done":{"Type":"Succeed"}}}""");
        String arn = sfn.startExecution(r -> r.stateMachineArn(sm).name("w")).executionArn();
        ExecutionNotRedrivableException running = assertThrows(ExecutionNotRedrivableException.class,
                () -> sfn.redriveExecution(r -> r.executionArn(arn)));
        assertEquals("Execution is RUNNING and cannot be redriven.", running.awsErrorDetails().errorMessage());
        sfn.stopExecution(r -> r.executionArn(arn));
        assertEquals(ExecutionStatus.ABORTED, awaitEnd(arn).status());

        sfn.redriveExecution(r -> r.executionArn(arn));
        DescribeExecutionResponse redriven = sfn.describeExecution(r -> r.executionArn(arn));
        assertEquals(ExecutionStatus.RUNNING, redriven.status());
        assertEquals(1, redriven.redriveCount());
        sfn.stopExecution(r -> r.executionArn(arn));
        assertEquals(ExecutionStatus.ABORTED, awaitEnd(arn).status());
        List<HistoryEventType> types = history(arn).stream().map(HistoryEvent::type).toList();
        assertEquals(List.of(HistoryEventType.EXECUTION_STARTED, HistoryEventType.WAIT_STATE_ENTERED, HistoryEventType.WAIT_STATE_ABORTED,
                HistoryEventType.EXECUTION_ABORTED, HistoryEventType.EXECUTION_REDRIVEN, HistoryEventType.WAIT_STATE_ENTERED,
                HistoryEventType.WAIT_STATE_ABORTED, HistoryEventType.EXECUTION_ABORTED), types, "the redrive resumes at the Wait");

        assertThrows(ExecutionDoesNotExistException.class,
                () -> sfn.redriveExecution(r -> r.executionArn(sm.replace(":stateMachine:", ":execution:") + ":nope")));
    }
}
