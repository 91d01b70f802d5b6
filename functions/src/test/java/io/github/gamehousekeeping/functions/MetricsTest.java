package io.github.gamehousekeeping.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.sun.net.httpserver.HttpServer;
import io.github.gamehousekeeping.contract.MetricsPublished;
import io.github.gamehousekeeping.contract.TransientFailureException;
import io.github.gamehousekeeping.functions.aws.AwsClients;
import io.github.gamehousekeeping.functions.logging.JsonLogSink;
import io.github.gamehousekeeping.functions.metrics.MetricsPublisher;
import io.github.gamehousekeeping.localdb.LocalDynamoDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {
    /** Units the EMF specification allows (CloudWatch StandardUnit values). */
    private static final Set<String> EMF_UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Lines the handler writes to stdout (JsonLogSink), EMF documents and log lines alike. */
    private final JsonLogSink.Capture capture = JsonLogSink.capture();

    /** The EMF documents among the captured lines (the JSON log lines are tested in StructuredLoggingTest). */
    private List<String> emfLines() {
        return capture.lines().stream().filter(l -> l.contains("\"_aws\"")).toList();
    }

    @AfterEach
    void releaseCapture() {
        capture.close();
    }

    private Context context() {
        return new TestContext("PublishMetrics", "req-metrics");
    }

    private static Map<String, Object> input(Map<String, Object> event) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("event", event);
        input.put("report", Map.of("level", 3, "attempts", 1));
        input.put("recorded", Map.of("eventId", event.get("eventId")));
        return input;
    }

    @Test
    void emfMode_logsOneLineDocument_thatFollowsTheEmbeddedMetricFormat() throws IOException {
        PublishMetricsHandler handler = new PublishMetricsHandler(new MetricsPublisher("GameHousekeeping", MetricsPublisher.Mode.EMF, null));

        MetricsPublished published = handler.handleRequest(input(Events.gameCompleted()), context());

        assertEquals(new MetricsPublished("GameHousekeeping", "emf", List.of("LevelCompleted", "Score", "Duration", "GameCompleted")), published);
        assertEquals(1, emfLines().size(), "one EMF document");
        String line = emfLines().get(0).stripTrailing();
        assertFalse(line.contains("\n"), "one line");
        JsonNode doc = JSON.readTree(line);
        assertEmfValid(doc);

        // The values of this event.
        JsonNode directive = doc.get("_aws").get("CloudWatchMetrics").get(0);
        assertEquals("GameHousekeeping", directive.get("Namespace").asText());
        assertEquals(JSON.readTree("[[\"Level\"]]"), directive.get("Dimensions"));
        assertEquals(JSON.readTree("[{\"Name\":\"LevelCompleted\",\"Unit\":\"Count\"},{\"Name\":\"Score\",\"Unit\":\"None\"},"
                + "{\"Name\":\"Duration\",\"Unit\":\"Milliseconds\"},{\"Name\":\"GameCompleted\",\"Unit\":\"Count\"}]"),
                directive.get("Metrics"));
        assertEquals(Instant.parse("2026-11-21T10:02:00Z").toEpochMilli(), doc.get("_aws").get("Timestamp").asLong());
        assertEquals("10", doc.get("Level").asText());
        assertEquals(1, doc.get("LevelCompleted").asLong());
        assertEquals(5400, doc.get("Score").asLong());
        assertEquals(181000, doc.get("Duration").asLong());
        assertEquals(1, doc.get("GameCompleted").asLong());
        assertFalse(line.contains("player-42"), "no playerId anywhere: " + line);
        assertFalse(line.contains("playerId"), line);
    }

    @Test
    void emfMode_levelCompletion_hasGameCompletedZero() throws IOException {
        new PublishMetricsHandler(new MetricsPublisher("NS", MetricsPublisher.Mode.EMF, null))
                .handleRequest(input(Events.levelCompleted()), context());
        JsonNode doc = JSON.readTree(emfLines().get(0));
        assertEmfValid(doc);
        assertEquals(0, doc.get("GameCompleted").asLong());
        assertEquals("3", doc.get("Level").asText());
    }

    /** The rules of the EMF specification that a document must satisfy to be extracted by CloudWatch. */
    private static void assertEmfValid(JsonNode doc) {
        assertTrue(doc.isObject());
        JsonNode aws = doc.get("_aws");
        assertNotNull(aws, "_aws is required");
        assertTrue(aws.get("Timestamp").isIntegralNumber(), "_aws.Timestamp: epoch milliseconds");
        assertTrue(aws.get("Timestamp").asLong() > 1_000_000_000_000L, "milliseconds, not seconds");
        JsonNode directives = aws.get("CloudWatchMetrics");
        assertTrue(directives.isArray() && !directives.isEmpty());
        for (JsonNode directive : directives) {
            String namespace = directive.get("Namespace").asText();
            assertFalse(namespace.isEmpty());
            assertTrue(namespace.length() <= 1024 && !namespace.startsWith(":"));
            JsonNode dimensionSets = directive.get("Dimensions");
            assertTrue(dimensionSets.isArray());
            for (JsonNode set : dimensionSets) {
                assertTrue(set.isArray() && set.size() <= 30, "at most 30 dimensions per set");
                for (JsonNode name : set) {
                    JsonNode member = doc.get(name.asText());
                    assertNotNull(member, "dimension " + name + " is a top-level member");
                    assertTrue(member.isTextual(), "dimension values are strings");
                    assertFalse(Set.of("playerId", "eventId").contains(name.asText()), "no high-cardinality dimension");
                }
            }
            JsonNode metrics = directive.get("Metrics");
            assertTrue(metrics.isArray() && !metrics.isEmpty() && metrics.size() <= 100, "1..100 metrics");
            Set<String> names = new HashSet<>();
            for (JsonNode metric : metrics) {
                String name = metric.get("Name").asText();
                assertTrue(names.add(name), "metric names are unique");
                assertTrue(name.length() >= 1 && name.length() <= 255);
                if (metric.has("Unit")) {
                    assertTrue(EMF_UNITS.contains(metric.get("Unit").asText()), "unit " + metric.get("Unit"));
                }
                JsonNode value = doc.get(name);
                assertNotNull(value, "metric " + name + " has a top-level value");
                assertTrue(value.isNumber(), "metric " + name + " is numeric");
            }
        }
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            assertFalse(it.next().equalsIgnoreCase("playerId"));
        }
    }

    // ---- api mode: the real SDK v2 CloudWatch client against a local HTTP server ----

    private HttpServer server;
    private final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, String>> headers = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger throttleFirst = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        ObjectMapper cbor = new ObjectMapper(new CBORFactory());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> h = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), String.join(",", v)));
            h.put(":path", exchange.getRequestURI().getPath());
            headers.add(h);
            bodies.add(cbor.readTree(body));
            exchange.getResponseHeaders().add("Content-Type", "application/cbor");
            exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
            byte[] answer;
            int status;
            if (throttleFirst.getAndDecrement() > 0) {
                status = 400;
                exchange.getResponseHeaders().add("x-amzn-query-error", "Throttling;Sender");
                answer = cbor.writeValueAsBytes(Map.of("__type", "com.amazonaws.cloudwatch#ThrottlingException",
                        "message", "Rate exceeded"));
            } else {
                status = 200;
                answer = cbor.writeValueAsBytes(Map.of());
            }
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private PublishMetricsHandler apiHandler() {
        CloudWatchClient client = io.github.gamehousekeeping.functions.metrics.CloudWatch.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(LocalDynamoDb.REGION)
                .credentialsProvider(LocalDynamoDb.credentials())
                .build();
        return new PublishMetricsHandler(new MetricsPublisher("GameHousekeeping", MetricsPublisher.Mode.API, client));
    }

    @Test
    void apiMode_makesOnePutMetricDataCall_withAllMetrics() {
        MetricsPublished published = apiHandler().handleRequest(input(Events.levelCompleted()), context());

        assertEquals("api", published.mode());
        assertEquals(1, bodies.size(), "one batched call");
        assertTrue(emfLines().isEmpty(), "no EMF line in api mode");
        Map<String, String> h = headers.get(0);
        assertTrue(h.get(":path").endsWith("/operation/PutMetricData"), h.get(":path"));
        assertEquals("rpc-v2-cbor", h.get("smithy-protocol"));
        JsonNode request = bodies.get(0);
        assertEquals("GameHousekeeping", request.get("Namespace").asText());
        JsonNode data = request.get("MetricData");
        assertEquals(4, data.size());
        Map<String, String> units = new LinkedHashMap<>();
        Map<String, Double> values = new LinkedHashMap<>();
        for (JsonNode datum : data) {
            String name = datum.get("MetricName").asText();
            units.put(name, datum.get("Unit").asText());
            values.put(name, datum.get("Value").asDouble());
            assertEquals(1, datum.get("Dimensions").size());
            assertEquals("Level", datum.get("Dimensions").get(0).get("Name").asText());
            assertEquals("3", datum.get("Dimensions").get(0).get("Value").asText());
            // CBOR timestamps are epoch seconds (tag 1); the event's completedAt, not the time of the call.
            assertEquals(Instant.parse("2026-11-21T10:15:30Z").getEpochSecond(), datum.get("Timestamp").asDouble(), 0.001);
        }
        assertEquals(Map.of("LevelCompleted", "Count", "Score", "None", "Duration", "Milliseconds", "GameCompleted", "Count"), units);
        assertEquals(Map.of("LevelCompleted", 1.0, "Score", 1200.0, "Duration", 93500.0, "GameCompleted", 0.0), values);
        assertFalse(request.toString().contains("player-42"), "no playerId sent");
    }

    @Test
    void apiMode_throttledOnce_isRetriedByTheSdk() {
        throttleFirst.set(1);
        MetricsPublished published = apiHandler().handleRequest(input(Events.gameCompleted()), context());
        assertEquals("api", published.mode());
        assertEquals(2, bodies.size(), "throttled call retried once by the SDK");
        assertEquals(bodies.get(0), bodies.get(1), "the retry sends the same data");
    }

    @Test
    void apiMode_throttledEveryTime_isTransient() {
        throttleFirst.set(Integer.MAX_VALUE);
        TransientFailureException e = assertThrows(TransientFailureException.class,
                () -> apiHandler().handleRequest(input(Events.gameCompleted()), context()));
        assertInstanceOf(software.amazon.awssdk.services.cloudwatch.model.CloudWatchException.class, e.getCause());
        assertEquals(AwsClients.SDK_MAX_ATTEMPTS, bodies.size());
    }
}
