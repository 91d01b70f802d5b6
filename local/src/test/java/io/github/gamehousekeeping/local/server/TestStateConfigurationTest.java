package io.github.gamehousekeeping.local.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InspectionLevel;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.MockResponseValidationMode;
import software.amazon.awssdk.services.sfn.model.TestExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TestStateRequest;
import software.amazon.awssdk.services.sfn.model.TestStateResponse;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TestState's context, stateConfiguration (errorCausedByState, mapIterationFailureCount, retrierRetryCount),
 * mock.fieldValidationMode, inspection data and request checks, through the real SDK v2 SfnClient.
 */
class TestStateConfigurationTest extends LocalServerFixture {
    /** A Map (AWS's recorded BASE_MAP_STATE_CATCH shape): one tolerated failure, the threshold error caught. */
    static final String MAP_CATCH = """
            {"Type":"Map","QueryLanguage":"JSONata","Items":"{% $states.input.Values %}",
             "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"HandleItem",
               "States":{"HandleItem":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:handle","End":true}}},
             "Catch":[{"ErrorEquals":["MockException"],"Next":"HandleMockError"},
                      {"ErrorEquals":["States.ExceedToleratedFailureThreshold"],"Output":"{% $states.errorOutput %}","Next":"HandleThreshold"}],
             "ToleratedFailureCount":1,"End":true}""";
    static final String INPUT = "{\"Values\":[\"first\",\"second\",\"third\"]}";
    static final String TASK = """
            {"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","InputPath":"$.order",
             "Parameters":{"FunctionName":"charge","Payload":{"id.$":"$.id"}},
             "ResultSelector":{"paid.$":"$.Payload.paid"},"ResultPath":"$.payment","OutputPath":"$.payment",
             "Assign":{"lastPaid.$":"$.paid"},
             "Retry":[{"ErrorEquals":["Other"],"MaxAttempts":1},{"ErrorEquals":["Gateway.Busy"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":3}],
             "Catch":[{"ErrorEquals":["Card.Declined"],"Assign":{"declined.$":"$.Error"},"ResultPath":"$.error","Next":"Declined"}],
             "Next":"Ship"}""";

    TestStateResponse test(Consumer<TestStateRequest.Builder> b) {
        return sfn.testState(b);
    }

    static JsonNode json(String text) {
        return Json.parseUnchecked(text);
    }

    @Test
    void context_isSeenAs$$_andAs$statesContext() {
        TestStateResponse path = test(b -> b.definition("""
                {"Type":"Pass","Parameters":{"execution.$":"$$.Execution.Name","item.$":"$$.Map.Item.Value","machine.$":"$$.StateMachine.Name"},
                 "End":true}""").context("{\"Execution\":{\"Name\":\"exec-7\"},\"Map\":{\"Item\":{\"Index\":2,\"Value\":\"b\"}}}"));
        assertEquals(TestExecutionStatus.SUCCEEDED, path.status(), path.toString());
        assertEquals(json("{\"execution\":\"exec-7\",\"item\":\"b\",\"machine\":\"TestState\"}"), json(path.output()),
                "the given members replace the engine's, the others stay");

        TestStateResponse jsonata = test(b -> b.definition("""
                {"Type":"Task","QueryLanguage":"JSONata","Resource":"arn:aws:states:::lambda:invoke",
                 "Arguments":{"FunctionName":"f","Payload":{"name":"{% $states.context.Execution.Name %}",
                   "retry":"{% $states.context.State.RetryCount %}","token":"{% $states.context.Task.Token %}"}},
                 "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":3}],"Output":"{% $states.result.Payload %}","End":true}""")
                .context("{\"Execution\":{\"Name\":\"exec-8\"},\"Task\":{\"Token\":\"tok\"}}").inspectionLevel(InspectionLevel.DEBUG)
                .stateConfiguration(c -> c.retrierRetryCount(2)).mock(m -> m.result("{\"StatusCode\":200,\"Payload\":{\"ok\":true}}")));
        assertEquals(TestExecutionStatus.SUCCEEDED, jsonata.status(), jsonata.toString());
        assertEquals(json("{\"FunctionName\":\"f\",\"Payload\":{\"name\":\"exec-8\",\"retry\":2,\"token\":\"tok\"}}"),
                json(jsonata.inspectionData().afterArguments()), "context members and RetryCount = retrierRetryCount");
        assertThrows(ValidationException.class, () -> test(b -> b.definition("{\"Type\":\"Pass\",\"End\":true}").context("[1]")));
    }

    @Test
    void mapMockedAsAWhole_mapIterationFailureCountAgainstTheTolerance() {
        TestStateResponse below = test(b -> b.definition(MAP_CATCH).input(INPUT).inspectionLevel(InspectionLevel.DEBUG)
                .stateConfiguration(c -> c.mapIterationFailureCount(1)).mock(m -> m.result("[1,1,1]")));
        assertEquals(TestExecutionStatus.SUCCEEDED, below.status(), below.toString());
        assertEquals(json("[1,1,1]"), json(below.output()));
        assertEquals(1, below.inspectionData().toleratedFailureCount());
        assertEquals(0, below.inspectionData().maxConcurrency());
        assertEquals(json(INPUT), json(below.inspectionData().input()));
        assertNull(below.inspectionData().result(), "AWS reports no result for a JSONata Map");

        TestStateResponse exceeds = test(b -> b.definition(MAP_CATCH).input(INPUT).inspectionLevel(InspectionLevel.DEBUG)
                .stateConfiguration(c -> c.mapIterationFailureCount(2)).mock(m -> m.result("[0,0,1]")));
        assertEquals(TestExecutionStatus.CAUGHT_ERROR, exceeds.status(), exceeds.toString());
        assertEquals("States.ExceedToleratedFailureThreshold", exceeds.error());
        assertEquals("The specified tolerated failure threshold was exceeded", exceeds.cause());
        assertEquals("HandleThreshold", exceeds.nextState());
        assertEquals(1, exceeds.inspectionData().errorDetails().catchIndex());

        String retrying = MAP_CATCH.replace("\"Catch\"", "\"Retry\":[{\"ErrorEquals\":[\"States.ExceedToleratedFailureThreshold\"]}],\"Catch\"");
        TestStateResponse retriable = test(b -> b.definition(retrying).input(INPUT).inspectionLevel(InspectionLevel.TRACE)
                .stateConfiguration(c -> c.mapIterationFailureCount(2)).mock(m -> m.result("[0,0,1]")));
        assertEquals(TestExecutionStatus.RETRIABLE, retriable.status(), retriable.toString());
        assertEquals(0, retriable.inspectionData().errorDetails().retryIndex());
        assertEquals(1, retriable.inspectionData().errorDetails().retryBackoffIntervalSeconds());

        String untolerant = MAP_CATCH.replace("\"ToleratedFailureCount\":1,", "");
        assertEquals(TestExecutionStatus.SUCCEEDED, test(b -> b.definition(untolerant).input(INPUT)
                .stateConfiguration(c -> c.mapIterationFailureCount(2)).mock(m -> m.result("[0,0,1]"))).status(),
                "without a tolerance AWS does not judge the failure count (recorded on AWS)");
    }

    @Test
    void errorCausedByState_namesTheInnerStateThatRaisedTheMockedError() {
        TestStateResponse map = test(b -> b.definition(MAP_CATCH.replace("\"MockException\"", "\"Other\"")).input(INPUT)
                .stateConfiguration(c -> c.errorCausedByState("HandleItem"))
                .mock(m -> m.errorOutput(e -> e.error("MockException").cause("Mock the cause of the error."))));
        assertEquals(TestExecutionStatus.FAILED, map.status(), map.toString());
        assertEquals("MockException", map.error());
        assertEquals("Mock the cause of the error.", map.cause());

        String parallel = """
                {"Type":"Parallel","Branches":[
                  {"StartAt":"Ship","States":{"Ship":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"ship"},"End":true}}},
                  {"StartAt":"Notify","States":{"Notify":{"Type":"Pass","End":true}}}],
                 "Catch":[{"ErrorEquals":["Ship.Failed"],"ResultPath":"$.error","Next":"Compensate"}],"Next":"Done"}""";
        TestStateResponse caught = test(b -> b.definition(parallel).input("{\"o\":1}").stateConfiguration(c -> c.errorCausedByState("Ship"))
                .mock(m -> m.errorOutput(e -> e.error("Ship.Failed").cause("no truck"))));
        assertEquals(TestExecutionStatus.CAUGHT_ERROR, caught.status(), caught.toString());
        assertEquals("Compensate", caught.nextState());
        assertEquals(json("{\"o\":1,\"error\":{\"Error\":\"Ship.Failed\",\"Cause\":\"no truck\"}}"), json(caught.output()));
        TestStateResponse whole = test(b -> b.definition(parallel).input("{\"o\":1}").mock(m -> m.result("[{\"a\":1},{\"b\":2}]")));
        assertEquals(json("[{\"a\":1},{\"b\":2}]"), json(whole.output()), "the mock is the Parallel's result");
        assertEquals("Done", whole.nextState());

        ValidationException unknown = assertThrows(ValidationException.class, () -> test(b -> b.definition(parallel)
                .stateConfiguration(c -> c.errorCausedByState("Nope")).mock(m -> m.errorOutput(e -> e.error("X")))));
        assertTrue(unknown.awsErrorDetails().errorMessage().contains("'Nope' is not a state of a branch of state 'TestState' (its states: Ship, Notify)"),
                unknown.awsErrorDetails().errorMessage());
        ValidationException onTask = assertThrows(ValidationException.class, () -> test(b -> b.definition(TASK)
                .stateConfiguration(c -> c.errorCausedByState("Ship")).mock(m -> m.errorOutput(e -> e.error("X")))));
        assertTrue(onTask.awsErrorDetails().errorMessage().contains("only allowed for a Map or Parallel state; state 'TestState' is a Task state"),
                onTask.awsErrorDetails().errorMessage());
    }

    @Test
    void badCombinations_areRefusedAsAws() {
        assertEquals("State type 'Pass' is not supported when a mock is specified", assertThrows(ValidationException.class,
                () -> test(b -> b.definition("{\"Type\":\"Pass\",\"End\":true}").mock(m -> m.result("{}")))).awsErrorDetails().errorMessage());
        assertEquals("TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]",
                assertThrows(InvalidDefinitionException.class, () -> test(b -> b.definition(MAP_CATCH))).awsErrorDetails().errorMessage());
        assertEquals("A test mock should have only one of the following fields: [result, errorOutput].", assertThrows(ValidationException.class,
                () -> test(b -> b.definition(TASK).mock(m -> m.result("{}").errorOutput(e -> e.error("X"))))).awsErrorDetails().errorMessage());
        assertEquals("Mocked result must be an array.", assertThrows(ValidationException.class,
                () -> test(b -> b.definition(MAP_CATCH).mock(m -> m.result("{}")))).awsErrorDetails().errorMessage());
        assertEquals("TestState does not support RevealSecrets when a mock is specified.", assertThrows(ValidationException.class,
                () -> test(b -> b.definition(TASK).revealSecrets(true).mock(m -> m.result("{}")))).awsErrorDetails().errorMessage());
        assertEquals("stateConfiguration.retrierRetryCount is set, but state 'Pick' has no Retry", assertThrows(ValidationException.class,
                () -> test(b -> b.definition("{\"StartAt\":\"Pick\",\"States\":{\"Pick\":{\"Type\":\"Task\",\"Resource\":"
                        + "\"arn:aws:states:::lambda:invoke\",\"End\":true}}}").stateName("Pick").stateConfiguration(c -> c.retrierRetryCount(1))
                        .mock(m -> m.result("{}")))).awsErrorDetails().errorMessage());
        assertTrue(assertThrows(ValidationException.class, () -> test(b -> b.definition(TASK)
                .stateConfiguration(c -> c.mapIterationFailureCount(1)).mock(m -> m.result("{}")))).awsErrorDetails().errorMessage()
                .startsWith("stateConfiguration.mapIterationFailureCount is only allowed for a Map state"));
    }

    @Test
    void fieldValidationMode_checksTheMockAgainstTheApiOutputShape() {
        String input = "{\"order\":{\"id\":\"o-1\"}}";
        String wrongType = "{\"StatusCode\":\"200\",\"Payload\":{\"paid\":1}}";
        for (MockResponseValidationMode mode : new MockResponseValidationMode[] {MockResponseValidationMode.STRICT, MockResponseValidationMode.PRESENT}) {
            ValidationException e = assertThrows(ValidationException.class, () -> test(b -> b.definition(TASK).input(input)
                    .mock(m -> m.result(wrongType).fieldValidationMode(mode))));
            assertEquals("Mock result schema validation error: Field 'StatusCode' must be a number", e.awsErrorDetails().errorMessage());
        }
        assertEquals(TestExecutionStatus.SUCCEEDED, test(b -> b.definition(TASK).input(input)
                .mock(m -> m.result(wrongType).fieldValidationMode(MockResponseValidationMode.NONE))).status());
        assertEquals(TestExecutionStatus.SUCCEEDED, test(b -> b.definition(TASK).input(input)
                .mock(m -> m.result("{\"Payload\":{\"paid\":1},\"Extra\":[1]}"))).status(), "fields the API has not are accepted");

        String start = "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::states:startExecution\",\"End\":true}";
        assertEquals("Mock result schema validation error: Required field 'ExecutionArn' is missing", assertThrows(ValidationException.class,
                () -> test(b -> b.definition(start).mock(m -> m.result("{\"StartDate\":\"x\"}")))).awsErrorDetails().errorMessage());
        assertEquals(TestExecutionStatus.SUCCEEDED, test(b -> b.definition(start)
                .mock(m -> m.result("{\"StartDate\":\"x\"}").fieldValidationMode(MockResponseValidationMode.PRESENT))).status());
    }

    @Test
    void inspectionData_everyDataFlowStep_errorDetails_andTraceAsDebug() {
        String input = "{\"order\":{\"id\":\"o-1\"},\"other\":1}";
        TestStateResponse ok = test(b -> b.definition(TASK).input(input).variables("{\"customer\":\"c\"}").inspectionLevel(InspectionLevel.DEBUG)
                .mock(m -> m.result("{\"StatusCode\":200,\"Payload\":{\"paid\":42}}")));
        assertEquals(TestExecutionStatus.SUCCEEDED, ok.status(), ok.toString());
        assertEquals(json("{\"paid\":42}"), json(ok.output()));
        assertEquals(json("{\"id\":\"o-1\"}"), json(ok.inspectionData().afterInputPath()));
        assertEquals(json("{\"FunctionName\":\"charge\",\"Payload\":{\"id\":\"o-1\"}}"), json(ok.inspectionData().afterParameters()));
        assertEquals(json("{\"StatusCode\":200,\"Payload\":{\"paid\":42}}"), json(ok.inspectionData().result()));
        assertEquals(json("{\"paid\":42}"), json(ok.inspectionData().afterResultSelector()));
        assertEquals(json("{\"order\":{\"id\":\"o-1\"},\"other\":1,\"payment\":{\"paid\":42}}"), json(ok.inspectionData().afterResultPath()));
        assertEquals(json("{\"customer\":\"c\",\"lastPaid\":42}"), json(ok.inspectionData().variables()));
        assertNull(ok.inspectionData().errorDetails());

        TestStateResponse trace = test(b -> b.definition(TASK).input(input).variables("{\"customer\":\"c\"}").inspectionLevel(InspectionLevel.TRACE)
                .mock(m -> m.result("{\"StatusCode\":200,\"Payload\":{\"paid\":42}}")));
        assertEquals(ok.inspectionData(), trace.inspectionData(), "no HTTP Task: TRACE shows what DEBUG does");
        assertNull(trace.inspectionData().request());

        TestStateResponse retriable = test(b -> b.definition(TASK).input(input).inspectionLevel(InspectionLevel.DEBUG)
                .stateConfiguration(c -> c.retrierRetryCount(1)).mock(m -> m.errorOutput(e -> e.error("Gateway.Busy"))));
        assertEquals(TestExecutionStatus.RETRIABLE, retriable.status());
        assertEquals(1, retriable.inspectionData().errorDetails().retryIndex());
        assertEquals(6, retriable.inspectionData().errorDetails().retryBackoffIntervalSeconds(), "2 s x 3^1");
        assertNull(retriable.inspectionData().result());

        TestStateResponse caught = test(b -> b.definition(TASK).input(input).inspectionLevel(InspectionLevel.DEBUG)
                .mock(m -> m.errorOutput(e -> e.error("Card.Declined").cause("no funds"))));
        assertEquals(TestExecutionStatus.CAUGHT_ERROR, caught.status());
        assertEquals(0, caught.inspectionData().errorDetails().catchIndex());
        assertEquals(json("{\"declined\":\"Card.Declined\"}"), json(caught.inspectionData().variables()), "the catcher's Assign");

        TestStateResponse badPath = test(b -> b.definition(TASK).input("{\"other\":1}").inspectionLevel(InspectionLevel.DEBUG)
                .mock(m -> m.result("{\"Payload\":{\"paid\":1}}")));
        assertEquals(TestExecutionStatus.FAILED, badPath.status());
        assertEquals("States.Runtime", badPath.error());
        assertEquals(json("{\"other\":1}"), json(badPath.inspectionData().input()), "the steps before the failing InputPath");
        assertNull(badPath.inspectionData().afterInputPath());
    }
}
