package io.github.gamehousekeeping.local.server;

import io.github.gamehousekeeping.local.asl.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

import java.util.List;

import static io.github.gamehousekeeping.local.server.RedriveExecutionTest.entered;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * AWS's redrive of Parallel and inline Map states, nested: only the branches/iterations that failed or were aborted run
 * again, from the state where they stopped, at every depth; a state that failed with States.DataLimitExceeded runs
 * again whole; a failure caught into a Fail state re-enters that Fail state and fails again. Real SfnClient, Step
 * Functions Local mock configurations.
 */
class NestedRedriveTest extends LocalServerFixture {
    static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:";
    /** A ‖ (B ‖ Pause→C→Report): C fails on its first call, after A and B have succeeded (Pause waits 0.1 s). */
    static final String NESTED_PARALLEL = """
            {"StartAt":"Outer","States":{"Outer":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"%1$sa","End":true}}},
              {"StartAt":"Inner","States":{"Inner":{"Type":"Parallel","End":true,"Branches":[
                {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"%1$sb","End":true}}},
                {"StartAt":"Pause","States":{
                  "Pause":{"Type":"Wait","Seconds":2,"Assign":{"paused":true},"Next":"C"},
                  "C":{"Type":"Task","Resource":"%1$sc","Next":"Report"},
                  "Report":{"Type":"Pass","Parameters":{"c.$":"$","paused.$":"$paused"},"End":true}}}]}}}]}}}"""
            .formatted(FN);
    /** A Map of Maps, one iteration at a time: items 1, 2, 3 call Work in turn; the third call fails once. */
    static final String NESTED_MAP = """
            {"StartAt":"Groups","States":{"Groups":{"Type":"Map","MaxConcurrency":1,"End":true,
              "ItemProcessor":{"StartAt":"Items","States":{"Items":{"Type":"Map","MaxConcurrency":1,"End":true,
                "ItemProcessor":{"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"%1$swork","End":true}}}}}}}}}"""
            .formatted(FN);
    static final String MOCKS = """
            {"StateMachines":{
               "Nested":{"TestCases":{"CFailsOnce":{"A":"A","B":"B","C":"FailsOnce"}}},
               "Maps":{"TestCases":{"ThirdCallFails":{"Work":"ThirdCallFails"}}},
               "Caught":{"TestCases":{"ChargeFailsOnce":{"Charge":"FailsOnce"}}}},
             "MockedResponses":{
                "A":{"0":{"Return":{"a":1}}},
                "B":{"0":{"Return":{"b":1}}},
                "FailsOnce":{"0":{"Throw":{"Error":"Gateway.Timeout","Cause":"first call fails"}},"1":{"Return":{"ok":true}}},
                "ThirdCallFails":{"0":{"Return":{"call":0}},"1":{"Return":{"call":1}},
                                  "2":{"Throw":{"Error":"Work.Failed","Cause":"item 3"}},"3":{"Return":{"call":3}}}}}""";

    @Override
    ExecutionService newService() {
        return mocked(0.05, MOCKS);
    }

    String create(String name, String definition) {
        return sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(RedriveExecutionTest.ROLE)).stateMachineArn();
    }

    DescribeExecutionResponse awaitEnd(String executionArn) throws InterruptedException {
        return LocalSfnClient.awaitEnd(sfn, executionArn);
    }

    List<HistoryEvent> history(String executionArn) {
        return sfn.getExecutionHistory(r -> r.executionArn(executionArn).maxResults(1000)).events();
    }

    String startAndFail(String testCase, String input) throws InterruptedException {
        String arn = sfn.startExecution(r -> r.stateMachineArn(testCase).input(input)).executionArn();
        DescribeExecutionResponse failed = awaitEnd(arn);
        assertEquals(ExecutionStatus.FAILED, failed.status(), failed.toString());
        assertEquals(ExecutionRedriveStatus.REDRIVABLE, failed.redriveStatus());
        return arn;
    }

    DescribeExecutionResponse redrive(String arn) throws InterruptedException {
        sfn.redriveExecution(r -> r.executionArn(arn));
        return awaitEnd(arn);
    }

    @Test
    void nestedParallel_redrivesOnlyTheFailedInnerBranch_fromTheStateThatFailed() throws Exception {
        String arn = startAndFail(create("Nested", NESTED_PARALLEL) + "#CFailsOnce", "{}");

        DescribeExecutionResponse done = redrive(arn);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.toString());
        assertEquals(Json.parseUnchecked("[{\"a\":1},[{\"b\":1},{\"c\":{\"ok\":true},\"paused\":true}]]"), Json.parseUnchecked(done.output()),
                "kept outputs of A and B; the branch's variable assigned before the failure is restored");
        List<HistoryEvent> events = history(arn);
        assertEquals(1, entered(events, "A"), "the succeeded outer branch is kept");
        assertEquals(1, entered(events, "B"), "the succeeded inner branch is kept");
        assertEquals(1, entered(events, "Pause"), "the failed branch resumes at C, after its succeeded Wait");
        assertEquals(2, entered(events, "C"));
        assertEquals(2, entered(events, "Inner"));
        assertEquals(2, entered(events, "Outer"));
    }

    @Test
    void nestedMap_redrivesOnlyTheUnsuccessfulIterations_atEveryDepth() throws Exception {
        String arn = startAndFail(create("Maps", NESTED_MAP) + "#ThirdCallFails", "[[1],[2,3]]");

        DescribeExecutionResponse done = redrive(arn);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status(), done.toString());
        assertEquals(Json.parseUnchecked("[[{\"call\":0}],[{\"call\":1},{\"call\":3}]]"), Json.parseUnchecked(done.output()),
                "item 1 (outer iteration 0) and item 2 (inner iteration 0 of outer iteration 1) are kept; item 3 runs again");
        List<HistoryEvent> events = history(arn);
        assertEquals(4, entered(events, "Work"), "3 calls, then only the failed one again");
        List<HistoryEventType> afterRedrive = afterRedrive(events);
        assertEquals(List.of(HistoryEventType.MAP_STATE_ENTERED, HistoryEventType.MAP_STATE_STARTED,
                HistoryEventType.MAP_ITERATION_STARTED, HistoryEventType.MAP_STATE_ENTERED, HistoryEventType.MAP_STATE_STARTED,
                HistoryEventType.MAP_ITERATION_STARTED, HistoryEventType.TASK_STATE_ENTERED), afterRedrive.subList(0, 7),
                "kept iterations leave no events; only outer iteration 1 and its inner iteration 1 start again");
    }

    @Test
    void dataLimitExceeded_runsTheParallelAgainWhole() throws Exception {
        String sm = create("Big", """
                {"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"Left","States":{"Left":{"Type":"Pass","End":true}}},
                  {"StartAt":"Right","States":{"Right":{"Type":"Pass","End":true}}}]}}}""");
        String input = Json.write(Json.object().put("text", "x".repeat(140_000)));
        String arn = sfn.startExecution(r -> r.stateMachineArn(sm).input(input)).executionArn();
        assertEquals("States.DataLimitExceeded", awaitEnd(arn).error());

        DescribeExecutionResponse again = redrive(arn);

        assertEquals("States.DataLimitExceeded", again.error());
        List<HistoryEvent> events = history(arn);
        assertEquals(2, entered(events, "Left"), "the succeeded branches run again: the state failed with States.DataLimitExceeded");
        assertEquals(2, entered(events, "Right"));
    }

    @Test
    void failureCaughtIntoAFailState_reentersTheFailState_andFailsAgain() throws Exception {
        String sm = create("Caught", """
                {"StartAt":"Charge","States":{
                  "Charge":{"Type":"Task","Resource":"%1$scharge","Catch":[{"ErrorEquals":["States.ALL"],"Next":"ChargeFailed"}],"End":true},
                  "ChargeFailed":{"Type":"Fail","Error":"Order.ChargeFailed","Cause":"charging failed"}}}""".formatted(FN));
        String arn = startAndFail(sm + "#ChargeFailsOnce", "{}");

        DescribeExecutionResponse again = redrive(arn);

        assertEquals(ExecutionStatus.FAILED, again.status());
        assertEquals("Order.ChargeFailed", again.error());
        assertEquals(ExecutionRedriveStatus.REDRIVABLE, again.redriveStatus(), "it may be redriven again (and fails again)");
        assertEquals(List.of(HistoryEventType.FAIL_STATE_ENTERED, HistoryEventType.EXECUTION_FAILED), afterRedrive(history(arn)),
                "the Task whose error was caught is not run again (its mock would now succeed)");
    }

    static List<HistoryEventType> afterRedrive(List<HistoryEvent> events) {
        List<HistoryEventType> types = events.stream().map(HistoryEvent::type).toList();
        return types.subList(types.lastIndexOf(HistoryEventType.EXECUTION_REDRIVEN) + 1, types.size());
    }
}
