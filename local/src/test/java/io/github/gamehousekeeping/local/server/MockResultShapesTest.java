package io.github.gamehousekeeping.local.server;

import io.github.gamehousekeeping.local.asl.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** TestState's fieldValidationMode shapes, with the messages AWS returned for the same mocks (recorded on AWS). */
class MockResultShapesTest {
    static String problem(String resource, String mode, String result) {
        return assertThrows(ApiException.class, () -> MockResultShapes.check(resource, mode, Json.parseUnchecked(result))).getMessage();
    }

    @Test
    void nestedFields_listElements_andNumbers() {
        assertEquals("Mock result schema validation error: Field 'Entries' must be an array",
                problem("arn:aws:states:::events:putEvents", "STRICT", "{\"Entries\":\"not a list\"}"));
        assertEquals("Mock result schema validation error: Field 'EventId' must be a string",
                problem("arn:aws:states:::events:putEvents", "PRESENT", "{\"Entries\":[{\"EventId\":\"ok\"},{\"EventId\":[\"no\"]}]}"));
        assertEquals("Mock result schema validation error: Field 'CapacityUnits' must be a number",
                problem("arn:aws:states:::dynamodb:putItem", "STRICT", "{\"ConsumedCapacity\":{\"CapacityUnits\":\"123.45\"}}"));
        assertEquals("Mock result schema validation error: Field 'StartDate' must be a string",
                problem("arn:aws:states:::states:startExecution", "STRICT", "{\"ExecutionArn\":\"a\",\"StartDate\":1764103483}"));
        assertEquals("Mock result schema validation error: Required field 'ExecutionArn' is missing",
                problem("arn:aws:states:::states:startExecution", "STRICT", "{\"executionArn\":\"a\",\"startDate\":\"b\"}"));
    }

    @Test
    void unknownFields_otherResources_andNone_pass() {
        assertDoesNotThrow(() -> MockResultShapes.check("arn:aws:states:::events:putEvents", "STRICT", Json.parseUnchecked("{\"random\":\"json\"}")));
        assertDoesNotThrow(() -> MockResultShapes.check("arn:aws:states:::events:putEvents", "STRICT", Json.parseUnchecked("{}")));
        assertDoesNotThrow(() -> MockResultShapes.check("arn:aws:lambda:us-east-1:123456789012:function:f", "STRICT", Json.parseUnchecked("42")));
        assertDoesNotThrow(() -> MockResultShapes.check("arn:aws:states:::states:startExecution", "NONE", Json.parseUnchecked("{}")));
        assertEquals("Mock result schema validation error: the result of arn:aws:states:::lambda:invoke must be a JSON object",
                problem("arn:aws:states:::lambda:invoke", "PRESENT", "[1]"));
    }
}
