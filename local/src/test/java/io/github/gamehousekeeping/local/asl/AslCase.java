package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One case file in the shared conformance format (definition, input, mockConfig, expected), with optional extensions
 * used by the project's own cases: {@code expected.status: "INVALID_DEFINITION"} with {@code expected.messageContains}
 * (strings the validation message must contain); {@code expected.causeContains}; {@code expected.historyTypes} (the
 * exact sequence of history event types); {@code expected.history} (a list of partial events, matched in order, each
 * a subset of the event's JSON); {@code waitScale} (default 0) with {@code expected.minElapsedMs} and
 * {@code expected.maxElapsedMs}.
 */
final class AslCase {
    private AslCase() {
    }

    static void run(Path file, Engine zeroWaitEngine) throws Exception {
        JsonNode c = Json.parse(Files.readString(file));
        JsonNode expected = c.get("expected");
        String status = expected.get("status").asText();
        StateMachineDefinition definition;
        try {
            definition = StateMachineDefinition.parse(Json.write(c.get("definition")));
        } catch (InvalidDefinitionException e) {
            if (!"INVALID_DEFINITION".equals(status)) {
                throw new AssertionError("definition rejected: " + e.getMessage(), e);
            }
            for (JsonNode s : expected.path("messageContains")) {
                assertTrue(e.getMessage().contains(s.asText()), "validation message should contain <" + s.asText() + "> but was <" + e.getMessage() + ">");
            }
            if (expected.has("problemCount")) {
                assertEquals(expected.get("problemCount").asInt(), e.problems().size(), () -> "problems: " + e.problems());
            }
            return;
        }
        if ("INVALID_DEFINITION".equals(status)) {
            fail("the definition should have been rejected");
        }
        String smName = c.path("stateMachineName").asText("Case");
        ExecutionRequest.Builder request = ExecutionRequest.builder().name(file.getFileName().toString().replace(".json", ""))
                .stateMachine(smName).input(c.get("input"));
        if (c.has("mockConfig")) {
            request.invoker(new MockConfigTaskInvoker(c.get("mockConfig"), smName, c.path("testCase").asText("Default")));
        }
        double waitScale = c.path("waitScale").asDouble(0);
        ExecutionResult result;
        long t0 = System.nanoTime();
        if (waitScale == 0 && !c.has("timeoutScale")) {
            result = zeroWaitEngine.execute(definition, request.build());
        } else {
            try (Engine engine = new Engine(EngineOptions.builder().waitScale(waitScale).timeoutScale(c.path("timeoutScale").asDouble(1)).build())) {
                result = engine.execute(definition, request.build());
            }
        }
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        String detail = "result: " + result.toJson(false) + "\nhistory types: " + types(result);
        assertEquals(status, result.status().name(), detail);
        if ("SUCCEEDED".equals(status)) {
            assertTrue(Json.equivalent(expected.get("output"), result.output()),
                    "output differs\nexpected: " + Json.write(expected.get("output")) + "\nactual:   " + Json.write(result.output()));
        } else {
            if (expected.has("error")) {
                assertEquals(expected.get("error").asText(), result.error(), detail);
            }
            if (expected.has("cause")) {
                assertEquals(expected.get("cause").asText(), result.cause(), detail);
            }
        }
        if (expected.has("causeContains")) {
            assertTrue(result.cause() != null && result.cause().contains(expected.get("causeContains").asText()),
                    "cause should contain <" + expected.get("causeContains").asText() + "> but was <" + result.cause() + ">");
        }
        if (expected.has("historyTypes")) {
            List<String> want = new ArrayList<>();
            expected.get("historyTypes").forEach(t -> want.add(t.asText()));
            assertEquals(want, types(result), "history event types");
        }
        if (expected.has("history")) {
            assertHistoryContainsInOrder(expected.get("history"), result);
        }
        if (expected.has("minElapsedMs")) {
            assertTrue(elapsedMs >= expected.get("minElapsedMs").asLong(), "elapsed " + elapsedMs + " ms, expected at least " + expected.get("minElapsedMs"));
        }
        if (expected.has("maxElapsedMs")) {
            assertTrue(elapsedMs <= expected.get("maxElapsedMs").asLong(), "elapsed " + elapsedMs + " ms, expected at most " + expected.get("maxElapsedMs"));
        }
        assertHistoryWellFormed(result);
    }

    static List<String> types(ExecutionResult r) {
        List<String> types = new ArrayList<>();
        r.history().forEach(e -> types.add(e.type()));
        return types;
    }

    /** Every event: ids 1..n in order, previousEventId smaller than id, first ExecutionStarted, last terminal. */
    static void assertHistoryWellFormed(ExecutionResult r) {
        List<HistoryEvent> h = r.history();
        assertTrue(!h.isEmpty());
        assertEquals("ExecutionStarted", h.get(0).type());
        assertEquals(0, h.get(0).previousEventId());
        for (int i = 0; i < h.size(); i++) {
            assertEquals(i + 1, h.get(i).id(), "event ids are 1..n in order");
            assertTrue(h.get(i).previousEventId() < h.get(i).id(), "previousEventId precedes the event");
        }
        String last = h.get(h.size() - 1).type();
        String expectedLast = switch (r.status()) {
            case SUCCEEDED -> "ExecutionSucceeded";
            case FAILED -> "ExecutionFailed";
            case TIMED_OUT -> "ExecutionTimedOut";
            case ABORTED -> "ExecutionAborted";
            default -> "?";
        };
        assertEquals(expectedLast, last);
    }

    private static void assertHistoryContainsInOrder(JsonNode expectedEvents, ExecutionResult result) {
        List<HistoryEvent> h = result.history();
        int pos = 0;
        for (JsonNode want : expectedEvents) {
            boolean found = false;
            while (pos < h.size()) {
                JsonNode actual = h.get(pos++).toJson();
                if (subset(want, actual)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                fail("history has no event matching " + Json.write(want) + " (in order)\nhistory: " + result.historyJson());
            }
        }
    }

    private static boolean subset(JsonNode want, JsonNode actual) {
        if (want.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            var it = want.fields();
            while (it.hasNext()) {
                var e = it.next();
                JsonNode a = actual.get(e.getKey());
                if (a == null || !subset(e.getValue(), a)) {
                    return false;
                }
            }
            return true;
        }
        return Json.equivalent(want, actual);
    }
}
