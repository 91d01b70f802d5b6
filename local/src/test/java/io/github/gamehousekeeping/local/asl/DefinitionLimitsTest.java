package io.github.gamehousekeeping.local.asl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile definitions (issue 10, items 8 and 10): deep paths and nesting are validation errors naming the state (never
 * a StackOverflowError), Wait Seconds is bounded as on AWS, and an execution whose history reaches AWS's 25,000-event
 * quota fails instead of running forever.
 */
class DefinitionLimitsTest {
    private static final Engine ENGINE = new Engine(EngineOptions.builder().waitScale(0).build());

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    private static InvalidDefinitionException rejected(String definition) {
        return assertThrows(InvalidDefinitionException.class, () -> StateMachineDefinition.parse(definition));
    }

    @Test
    void aJsonPathOf2000Segments_isAValidationErrorNamingTheState() {
        String path = "$" + ".a".repeat(2000);
        InvalidDefinitionException e = rejected("{\"StartAt\":\"Deep\",\"States\":{\"Deep\":{\"Type\":\"Pass\",\"Parameters\":{\"x.$\":\""
                + path + "\"},\"End\":true}}}");
        assertTrue(e.getMessage().contains("State \"Deep\"") && e.getMessage().contains("2000 segments"), e.getMessage());
        InvalidDefinitionException input = rejected("{\"StartAt\":\"Deep\",\"States\":{\"Deep\":{\"Type\":\"Pass\",\"InputPath\":\""
                + path + "\",\"End\":true}}}");
        assertTrue(input.getMessage().contains("State \"Deep\""), input.getMessage());
    }

    @Test
    void intrinsicsNested2000Deep_isAValidationErrorNamingTheState() {
        String call = "States.Array(".repeat(2000) + "1" + ")".repeat(2000);
        InvalidDefinitionException e = rejected("{\"StartAt\":\"Nested\",\"States\":{\"Nested\":{\"Type\":\"Pass\",\"Parameters\":{\"x.$\":\""
                + call + "\"},\"End\":true}}}");
        assertTrue(e.getMessage().contains("State \"Nested\"") && e.getMessage().contains("nested more than"), e.getMessage());
    }

    @Test
    void aJsonataExpressionNested2000Deep_isAValidationErrorNamingTheState() {
        String expression = "[".repeat(2000) + "1" + "]".repeat(2000);
        InvalidDefinitionException e = rejected("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"Nested\",\"States\":{\"Nested\":{\"Type\":\"Pass\","
                + "\"Output\":\"{% " + expression + " %}\",\"End\":true}}}");
        assertTrue(e.getMessage().contains("State \"Nested\""), e.getMessage());
    }

    @Test
    void runawayJsonataRecursion_isAClearRuntimeError() throws Exception {
        ExecutionResult r = ENGINE.execute(StateMachineDefinition.parse("""
                {"QueryLanguage": "JSONata", "StartAt": "Deep", "States": {"Deep": {"Type": "Pass",
                  "Output": "{% ($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000)) %}", "End": true}}}"""),
                ExecutionRequest.builder().name("deep").build());
        assertEquals(ExecutionStatus.FAILED, r.status());
        assertEquals("States.QueryEvaluationError", r.error());
        assertTrue(r.cause().contains("'Deep'") && r.cause().length() < 2000, r.cause());
    }

    @Test
    void waitSecondsAbove99999999_isRejectedAtValidation() {
        InvalidDefinitionException e = rejected("{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":99999999999,\"End\":true}}}");
        assertTrue(e.getMessage().contains("State \"W\"") && e.getMessage().contains("99999999"), e.getMessage());
        assertEquals(1, e.problems().size());
    }

    @Test
    void waitSecondsOf99999999_isAccepted() throws Exception {
        StateMachineDefinition.parse("{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":99999999,\"End\":true}}}");
    }

    @Test
    void anExecutionReaching25000HistoryEvents_fails() {
        // A loop that never ends with this input (2 events per state visit).
        ExecutionResult result = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> ENGINE.execute(StateMachineDefinition.parse("""
                {"StartAt": "Ping", "States": {
                  "Ping": {"Type": "Pass", "Next": "Check"},
                  "Check": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "Done"}], "Default": "Ping"},
                  "Done": {"Type": "Succeed"}}}"""), ExecutionRequest.builder().name("loop").build()));
        assertEquals(ExecutionStatus.FAILED, result.status());
        assertEquals("States.Runtime", result.error());
        assertTrue(result.cause().contains("25000"), result.cause());
        assertEquals(25_000, result.history().size());
        assertEquals("ExecutionFailed", result.history().get(24_999).type());
        AslCase.assertHistoryWellFormed(result);
    }
}
