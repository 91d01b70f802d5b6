package io.github.gamehousekeeping.functions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.EventConflictException;
import io.github.gamehousekeeping.contract.FunctionEnvironment;
import io.github.gamehousekeeping.contract.InvalidEventException;
import io.github.gamehousekeeping.contract.TransientFailureException;
import io.github.gamehousekeeping.functions.FakeEndpoint.Answer;
import io.github.gamehousekeeping.functions.logging.JsonLogSink;
import io.github.gamehousekeeping.functions.logging.LogLevels;
import io.github.gamehousekeeping.functions.store.CompletionStore;
import io.github.gamehousekeeping.functions.store.ReportGenerator;
import io.github.gamehousekeeping.localdb.LocalDynamoDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON lines each handler writes (captured in-process from the functions' SLF4J provider): one object per line,
 * the outcome of each meaningful step, and the correlation fields on every line; plus the task envelope
 * {@code {"event", "executionName"}} and the runtime serializer's handling of non-object input.
 */
class StructuredLoggingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXECUTION = "evt-level-0001";
    private JsonLogSink.Capture capture;

    @BeforeEach
    void capture() {
        TestDb.reset();
        LogLevels.threshold(Level.INFO);
        capture = JsonLogSink.capture();
    }

    @AfterEach
    void release() {
        capture.close();
        LogLevels.threshold(Level.INFO);
    }

    private static Map<String, Object> envelope(Object event, String executionName) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event", event);
        envelope.put("executionName", executionName);
        return envelope;
    }

    /** Every captured line parsed; each must be one JSON object with timestamp, level, message and logger. */
    private List<JsonNode> lines() {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : capture.lines()) {
            assertFalse(line.contains("\n"), "one line: " + line);
            try {
                JsonNode node = JSON.readTree(line);
                assertTrue(node.isObject(), line);
                parsed.add(node);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + line, e);
            }
        }
        return parsed;
    }

    /** The log lines (EMF documents excluded) that carry an outcome. */
    private List<JsonNode> outcomes() {
        return lines().stream().filter(l -> !l.has("_aws")).filter(l -> l.has("outcome")).toList();
    }

    private static void assertCorrelated(JsonNode line, String step, String requestId, String executionName,
                                         String eventId, String playerId, int gameLevel) {
        Instant.parse(line.get("timestamp").asText()); // RFC 3339
        assertTrue(Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(line.get("level").asText()), line.toString());
        assertTrue(line.get("message").isTextual(), line.toString());
        assertEquals(step, line.path("step").asText(), line.toString());
        assertEquals(step, line.path("function").asText(), line.toString());
        assertEquals(requestId, line.path("requestId").asText(), line.toString());
        assertTrue(line.path("coldStart").isBoolean(), "coldStart is a boolean field: " + line);
        if (executionName == null) {
            assertFalse(line.has("executionName"), line.toString());
        } else {
            assertEquals(executionName, line.path("executionName").asText(), line.toString());
        }
        assertEquals(eventId, line.path("eventId").asText(), line.toString());
        assertEquals(playerId, line.path("playerId").asText(), line.toString());
        assertEquals(gameLevel, line.path("gameLevel").asInt(-1), line.toString());
        assertTrue(line.path("gameLevel").isIntegralNumber(), line.toString());
    }

    @Test
    void validateEvent_acceptsTheEnvelopeAndTheBareEvent_andLogsTheAcceptedEvent_withoutThePayload() {
        ValidateEventHandler handler = new ValidateEventHandler();
        CompletionEvent enveloped = handler.handleRequest(envelope(Events.levelCompleted(), EXECUTION),
                new TestContext("ValidateEvent", "req-1"));
        CompletionEvent bare = handler.handleRequest(Events.levelCompleted(), new TestContext("ValidateEvent", "req-2"));
        assertEquals(bare, enveloped);

        List<JsonNode> out = outcomes();
        assertEquals(2, out.size(), capture.lines().toString());
        assertCorrelated(out.get(0), "ValidateEvent", "req-1", EXECUTION, "evt-level-0001", "player-42", 3);
        assertCorrelated(out.get(1), "ValidateEvent", "req-2", null, "evt-level-0001", "player-42", 3);
        assertEquals("INFO", out.get(0).get("level").asText());
        assertEquals("accepted", out.get(0).get("outcome").asText());
        assertEquals("event accepted", out.get(0).get("message").asText());
        for (String line : capture.lines()) {
            assertFalse(line.contains("completedAt") || line.contains("\"score\""), "no payload at INFO: " + line);
        }
    }

    @Test
    void debugLevel_addsThePayloadLine_infoDoesNot() {
        new ValidateEventHandler().handleRequest(envelope(Events.levelCompleted(), EXECUTION), new TestContext("ValidateEvent", "r"));
        assertTrue(lines().stream().noneMatch(l -> l.get("level").asText().equals("DEBUG")));
        LogLevels.threshold(LogLevels.parse("DEBUG"));
        new ValidateEventHandler().handleRequest(envelope(Events.levelCompleted(), EXECUTION), new TestContext("ValidateEvent", "r"));
        // The handler's own DEBUG line (DynamoDB Local's Jetty, in this JVM for the tests only, may log at DEBUG too
        // while a response of the set-up's requests is still being flushed).
        List<JsonNode> all = lines();
        JsonNode debug = all.stream().filter(l -> l.get("level").asText().equals("DEBUG"))
                .filter(l -> l.get("message").asText().startsWith("task payload: {")).findFirst()
                .orElseThrow(() -> new AssertionError("no DEBUG line with the task payload: " + all));
        assertEquals(EXECUTION, debug.get("executionName").asText());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "[1,2]", "\"a string\"", "42", "4.5", "true", "null"})
    void validateEvent_rejectsNonObjects_bareOrEnveloped_asInvalidEvent_throughTheRuntimesSerializer(String json)
            throws Exception {
        ValidateEventHandler handler = new ValidateEventHandler();
        Object bare = runtimeDeserialize(handler, json);
        Object enveloped = runtimeDeserialize(handler, "{\"event\":" + json + ",\"executionName\":\"x-1\"}");
        String kind = json.startsWith("[") ? "an array" : json.startsWith("\"") ? "a string"
                : json.equals("true") ? "a boolean" : json.equals("null") ? "null" : "a number";
        for (Object input : new Object[] {bare, enveloped}) {
            InvalidEventException e = assertThrows(InvalidEventException.class,
                    () -> handler.handleRequest(input, new TestContext("ValidateEvent", "r")));
            assertEquals("Invalid completion event: (event): must be a JSON object, got " + kind, e.getMessage());
        }
        JsonNode rejected = outcomes().get(1);
        assertEquals("WARN", rejected.get("level").asText());
        assertEquals("rejected", rejected.get("outcome").asText());
        assertEquals("x-1", rejected.get("executionName").asText());
        assertEquals("[\"(event)\"]", rejected.get("fields").toString());
    }

    /** What the Lambda Java runtime does before calling the handler: deserialize with its serializer for the input type. */
    private static Object runtimeDeserialize(RequestHandler<?, ?> handler, String json) {
        Type input = null;
        for (Type t : handler.getClass().getGenericInterfaces()) {
            if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                input = p.getActualTypeArguments()[0];
            }
        }
        PojoSerializer<Object> serializer = JacksonFactory.getInstance().getSerializer(input);
        return serializer.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void recordLevelCompletion_logsItemWritten_thenDuplicateDetected_thenConflict() {
        RecordLevelCompletionHandler handler = new RecordLevelCompletionHandler(TestDb.store());
        handler.handleRequest(envelope(Events.levelCompleted(), EXECUTION), new TestContext("RecordLevelCompletion", "a"));
        handler.handleRequest(envelope(Events.levelCompleted(), EXECUTION), new TestContext("RecordLevelCompletion", "b"));
        assertThrows(EventConflictException.class, () -> handler.handleRequest(
                envelope(Events.with(Events.levelCompleted(), "score", 9999L), EXECUTION), new TestContext("RecordLevelCompletion", "c")));

        List<JsonNode> out = outcomes();
        assertEquals(List.of("written", "duplicate", "conflict"), out.stream().map(l -> l.get("outcome").asText()).toList());
        assertEquals(List.of("INFO", "INFO", "WARN"), out.stream().map(l -> l.get("level").asText()).toList());
        assertEquals(List.of("a", "b", "c"), out.stream().map(l -> l.get("requestId").asText()).toList());
        out.forEach(l -> assertCorrelated(l, "RecordLevelCompletion", l.get("requestId").asText(), EXECUTION,
                "evt-level-0001", "player-42", 3));
        assertEquals("[\"CompletedLevel\"]", out.get(0).get("tables").toString());
        assertEquals("item written", out.get(0).get("message").asText());
        assertTrue(out.get(1).get("message").asText().startsWith("duplicate detected"));
        assertTrue(out.get(2).get("message").asText().startsWith("conflict"));
        assertFalse(out.get(2).get("reason").asText().isEmpty());
    }

    @Test
    void recordGameCompletion_andGenerateReport_andPublishMetrics_logTheirOutcome() {
        String execution = "evt-game-0001";
        new RecordGameCompletionHandler(TestDb.store())
                .handleRequest(envelope(Events.gameCompleted(), execution), new TestContext("RecordGameCompletion", "g"));
        new GenerateReportHandler(new ReportGenerator(TestDb.store()))
                .handleRequest(envelope(Events.gameCompleted(), execution), new TestContext("GenerateReport", "r"));
        new PublishMetricsHandler(Environment.of(Map.of(FunctionEnvironment.METRICS_NAMESPACE, "GameHousekeeping")))
                .handleRequest(envelope(Events.gameCompleted(), execution), new TestContext("PublishMetrics", "m"));

        List<JsonNode> out = outcomes();
        assertEquals(List.of("written", "reported", "published"), out.stream().map(l -> l.get("outcome").asText()).toList());
        assertCorrelated(out.get(0), "RecordGameCompletion", "g", execution, "evt-game-0001", "player-42", 10);
        assertEquals("[\"CompletedLevel\",\"CompletedGame\"]", out.get(0).get("tables").toString());
        assertTrue(out.get(0).get("gameCompleted").asBoolean());
        assertCorrelated(out.get(1), "GenerateReport", "r", execution, "evt-game-0001", "player-42", 10);
        assertEquals(1, out.get(1).get("attempts").asInt());
        assertCorrelated(out.get(2), "PublishMetrics", "m", execution, "evt-game-0001", "player-42", 10);
        assertEquals("emf", out.get(2).get("mode").asText());
        assertEquals(4, out.get(2).get("metrics").size());
        // the EMF document is a line of its own, before the outcome line, untouched (CloudWatch reads its _aws)
        assertEquals(1, lines().stream().filter(l -> l.has("_aws")).count());
    }

    @Test
    void transientFailure_isLoggedAsRetriedByTheStateMachine() throws IOException {
        try (FakeEndpoint fake = new FakeEndpoint(FakeEndpoint.always(Answer.json(500,
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"boom\"}")))) {
            CompletionStore store = new CompletionStore(io.github.gamehousekeeping.functions.store.DynamoDb.builder()
                    .endpointOverride(fake.uri()).region(LocalDynamoDb.REGION)
                    .credentialsProvider(LocalDynamoDb.credentials()).build(), "CompletedLevel", "CompletedGame", "PlayerProgress");
            assertThrows(TransientFailureException.class, () -> new RecordLevelCompletionHandler(store)
                    .handleRequest(envelope(Events.levelCompleted(), EXECUTION), new TestContext("RecordLevelCompletion", "t")));
        }
        JsonNode line = outcomes().get(0);
        assertEquals("transient", line.get("outcome").asText());
        assertEquals("WARN", line.get("level").asText());
        assertTrue(line.get("retryable").asBoolean());
        assertTrue(line.get("message").asText().contains("the state machine retries"), line.toString());
        assertTrue(line.get("reason").asText().contains("InternalServerError"), line.toString());
        assertCorrelated(line, "RecordLevelCompletion", "t", EXECUTION, "evt-level-0001", "player-42", 3);
    }

    @Test
    void coldStart_isTrueOnlyOnTheFirstInvocationOfTheEnvironment() {
        // Another test may have run first in this JVM: what matters is that at most one invocation is cold, and
        // every later one is warm.
        ValidateEventHandler handler = new ValidateEventHandler();
        for (int i = 0; i < 3; i++) {
            handler.handleRequest(Events.levelCompleted(), new TestContext("ValidateEvent", "r" + i));
        }
        List<JsonNode> out = outcomes();
        assertFalse(out.get(1).get("coldStart").asBoolean());
        assertFalse(out.get(2).get("coldStart").asBoolean());
    }
}
