package io.github.gamehousekeeping.local.server;

import io.github.gamehousekeeping.local.asl.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InspectionLevel;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.TestExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TestStateResponse;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** TestState through the real SDK v2 SfnClient (and one raw JSON POST): single states with mocks, TRACE inspection. */
class TestStateOperationTest extends LocalServerFixture {
    static final String CHARGE = """
            {"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
             "Parameters":{"FunctionName":"charge","Payload":{"order.$":"$.orderId","customer.$":"$customer"}},
             "ResultSelector":{"paid.$":"$.Payload.paid"},"ResultPath":"$.payment",
             "Retry":[{"ErrorEquals":["Gateway.Busy"],"MaxAttempts":2}],
             "Catch":[{"ErrorEquals":["Card.Declined"],"ResultPath":"$.error","Next":"Declined"}],
             "Next":"Ship"}""";

    @Test
    void mockedResult_succeeds_withTraceInspection() {
        TestStateResponse r = sfn.testState(b -> b.definition(CHARGE).input("{\"orderId\":\"o-1\"}")
                .variables("{\"customer\":\"c-9\"}").inspectionLevel(InspectionLevel.TRACE)
                .mock(m -> m.result("{\"StatusCode\":200,\"Payload\":{\"paid\":42}}")));

        assertEquals(TestExecutionStatus.SUCCEEDED, r.status());
        assertEquals("Ship", r.nextState());
        assertEquals(Json.parseUnchecked("{\"orderId\":\"o-1\",\"payment\":{\"paid\":42}}"), Json.parseUnchecked(r.output()));
        assertEquals(Json.parseUnchecked("{\"orderId\":\"o-1\"}"), Json.parseUnchecked(r.inspectionData().input()));
        assertEquals(Json.parseUnchecked("{\"FunctionName\":\"charge\",\"Payload\":{\"order\":\"o-1\",\"customer\":\"c-9\"}}"),
                Json.parseUnchecked(r.inspectionData().afterParameters()), "variables given to TestState are visible");
        assertEquals(Json.parseUnchecked("{\"StatusCode\":200,\"Payload\":{\"paid\":42}}"), Json.parseUnchecked(r.inspectionData().result()));
        assertEquals(r.output(), r.inspectionData().afterResultPath());
    }

    @Test
    void mockedError_isCaught_retriable_orFailed() {
        TestStateResponse caught = sfn.testState(b -> b.definition(CHARGE).input("{\"orderId\":\"o-2\"}")
                .variables("{\"customer\":\"c\"}").mock(m -> m.errorOutput(e -> e.error("Card.Declined").cause("no funds"))));
        assertEquals(TestExecutionStatus.CAUGHT_ERROR, caught.status());
        assertEquals("Declined", caught.nextState());
        assertEquals("Card.Declined", caught.error());
        assertEquals("no funds", caught.cause());
        assertEquals(Json.parseUnchecked("{\"orderId\":\"o-2\",\"error\":{\"Error\":\"Card.Declined\",\"Cause\":\"no funds\"}}"),
                Json.parseUnchecked(caught.output()));
        assertNull(caught.inspectionData(), "INFO: no inspection data");

        TestStateResponse retriable = sfn.testState(b -> b.definition(CHARGE).input("{\"orderId\":\"o-3\"}").variables("{\"customer\":\"c\"}")
                .mock(m -> m.errorOutput(e -> e.error("Gateway.Busy").cause("later"))));
        assertEquals(TestExecutionStatus.RETRIABLE, retriable.status());
        assertEquals("Gateway.Busy", retriable.error());
        assertNull(retriable.nextState());

        TestStateResponse exhausted = sfn.testState(b -> b.definition(CHARGE).input("{\"orderId\":\"o-3\"}").variables("{\"customer\":\"c\"}")
                .stateConfiguration(c -> c.retrierRetryCount(2))
                .mock(m -> m.errorOutput(e -> e.error("Gateway.Busy").cause("later"))));
        assertEquals(TestExecutionStatus.FAILED, exhausted.status(), "the retrier's 2 attempts are used up");
        assertEquals("Gateway.Busy", exhausted.error());
    }

    @Test
    void stateOfAWholeJsonataMachine_byStateName() {
        String machine = """
                {"QueryLanguage":"JSONata","StartAt":"Start","States":{
                  "Start":{"Type":"Pass","Next":"Pick"},
                  "Pick":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.total > $limit %}","Next":"Big"}],"Default":"Small"},
                  "Big":{"Type":"Succeed"},"Small":{"Type":"Succeed"}}}""";
        TestStateResponse r = sfn.testState(b -> b.definition(machine).stateName("Pick").input("{\"total\":120}")
                .variables("{\"limit\":100}").inspectionLevel(InspectionLevel.DEBUG));
        assertEquals(TestExecutionStatus.SUCCEEDED, r.status());
        assertEquals("Big", r.nextState());
        assertEquals("{\"total\":120}", r.output());
        assertEquals("{\"total\":120}", r.inspectionData().input());
    }

    @Test
    void badRequests_areRefusedClearly() {
        assertThrows(InvalidDefinitionException.class, () -> sfn.testState(b -> b.definition("{\"Type\":\"Nope\"}")));
        ValidationException noState = assertThrows(ValidationException.class, () -> sfn.testState(b -> b
                .definition("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"}}}").stateName("B")));
        assertEquals("stateName 'B' is not a state of the definition's States", noState.awsErrorDetails().errorMessage());
    }

    @Test
    void rawJsonPost_failState() throws Exception {
        String body = "{\"definition\":\"{\\\"Type\\\":\\\"Fail\\\",\\\"Error\\\":\\\"Order.Bad\\\",\\\"Cause\\\":\\\"bad\\\"}\"}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions.TestState")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(Json.parseUnchecked("{\"status\":\"FAILED\",\"error\":\"Order.Bad\",\"cause\":\"bad\"}"), Json.parseUnchecked(response.body()));
    }
}
