package io.github.gamehousekeeping.local.runtime;

import io.github.gamehousekeeping.local.lambda.InvokeResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-execution store of function log lines, and how the trace shows a line. */
class FunctionLogsTest {
    private static final String SM = "arn:aws:states:us-east-1:123456789012:";

    private static InvokeResult result(String function, List<String> logs) {
        return new InvokeResult(function, "req-" + function, "{}", null, logs, 12.5, true, 300);
    }

    @Test
    void keepsTheLinesPerExecutionAndState_andFindsAnExpressRunByMachineAndName() {
        FunctionLogs logs = new FunctionLogs();
        logs.onInvocation(SM + "execution:Machine:evt-1", "ValidateEvent", result("Validate", List.of("{\"level\":\"INFO\"}")));
        logs.onInvocation(SM + "execution:Machine:evt-1", "RecordLevelCompletion", result("Record", List.of("a", "b")));
        logs.onInvocation(SM + "express:Machine:evt-2:run-a", "ValidateEvent", result("Validate", List.of("c")));

        assertEquals(2, logs.of(SM + "execution:Machine:evt-1").size());
        assertEquals(List.of("c"), logs.of(SM + "express:Machine:evt-2:run-b").get(0).result().logs());
        assertTrue(logs.of(SM + "execution:Other:evt-1").isEmpty());

        var reply = logs.toJson(SM + "execution:Machine:evt-1", "RecordLevelCompletion");
        assertEquals(1, reply.get("invocations").size());
        var invocation = reply.get("invocations").get(0);
        assertEquals("Record", invocation.get("functionName").asText());
        assertEquals("req-Record", invocation.get("requestId").asText());
        assertTrue(invocation.get("coldStart").asBoolean());
        assertEquals("[\"a\",\"b\"]", invocation.get("logs").toString());
        assertFalse(invocation.has("error"));
    }

    @Test
    void traceShowsAJsonLineWithoutTheSharedCorrelationFields() {
        String line = "{\"timestamp\":\"2026-11-30T05:00:00Z\",\"level\":\"INFO\",\"message\":\"item written\","
                + "\"logger\":\"x\",\"step\":\"RecordLevelCompletion\",\"requestId\":\"r\",\"coldStart\":true,"
                + "\"eventId\":\"evt-1\",\"playerId\":\"p\",\"gameLevel\":3,\"outcome\":\"written\",\"tables\":[\"CompletedLevel\"]}";
        assertEquals("INFO  item written outcome=written tables=[\"CompletedLevel\"]", TraceFormatter.logLine(line));
        assertEquals("EMF metrics LevelCompleted, Score", TraceFormatter.logLine("{\"_aws\":{\"CloudWatchMetrics\":"
                + "[{\"Metrics\":[{\"Name\":\"LevelCompleted\"},{\"Name\":\"Score\"}]}]}}"));
        assertEquals("plain text", TraceFormatter.logLine("plain text"));
        assertEquals("{not json", TraceFormatter.logLine("{not json"));
    }
}
