package io.github.gamehousekeeping.functions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What SnapStart priming leaves for the first real invocation, in the classes it loads: per handler a fresh JVM (as a
 * restored snapshot is one JVM's state) builds the handler with its no-arg constructor, runs its priming as
 * {@code beforeCheckpoint} does, then handles one real event (a new player's, against DynamoDB Local; PublishMetrics'
 * api mode against a fake CloudWatch endpoint) with {@code -Xlog:class+load} on. A class loaded during that invoke is
 * a path the priming did not exercise (the write path's request model and marshaller, the response unmarshaller, the
 * fluent logging API, ...): the test names it. A control run without priming shows the check can fail.
 */
class FirstInvokeAfterPrimingTest {
    private static final String START = "FIRST-INVOKE-START";
    private static final String END = "FIRST-INVOKE-END";

    /** Runs in the child JVM: {@code <handler class> <level|game|wrapped> <prime|no-priming>}. */
    public static void main(String[] args) throws Exception {
        @SuppressWarnings("unchecked")
        RequestHandler<Object, Object> handler =
                (RequestHandler<Object, Object>) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        if (args[2].equals("prime")) {
            Method prime = handler.getClass().getDeclaredMethod("prime");
            prime.setAccessible(true);
            prime.invoke(handler);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", "evt-first-" + ProcessHandle.current().pid());
        event.put("playerId", "player-first-" + ProcessHandle.current().pid());
        event.put("level", 3);
        event.put("score", 1200);
        event.put("durationMs", 93500);
        event.put("completedAt", "2026-11-21T10:15:30Z");
        event.put("gameCompleted", args[1].equals("game"));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("event", event);
        input.put("executionName", "exec-first");
        TestContext context = new TestContext("first-invoke-test", "req-first");
        System.out.println(START);
        System.out.flush();
        Object result = handler.handleRequest(input, context);
        System.out.println(END);
        System.out.println("RESULT " + result);
    }

    /** The classes the child JVM loaded during its first invoke, and its whole output. */
    private record FirstInvoke(List<String> classes, String output) {
    }

    private static FirstInvoke run(Class<?> handler, String event, boolean prime, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xlog:class+load=info:stdout",
                "-cp", System.getProperty("java.class.path"), FirstInvokeAfterPrimingTest.class.getName(),
                handler.getName(), event, prime ? "prime" : "no-priming");
        Map<String, String> env = pb.environment();
        TestDb.functionEnvironment(env);
        env.put("METRICS_NAMESPACE", "FirstInvokeTest");
        env.putAll(extraEnv);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        List<String> classes = new ArrayList<>();
        boolean inside = false;
        for (String line : output.split("\n")) {
            if (line.equals(START)) {
                inside = true;
            } else if (line.equals(END)) {
                inside = false;
            } else if (inside && line.contains("[class,load]")) {
                classes.add(line.substring(line.indexOf("[class,load]") + "[class,load]".length()).trim());
            }
        }
        assertTrue(output.contains(END), output);
        return new FirstInvoke(classes, output);
    }

    private static void assertNothingLeft(Class<?> handler, String event, Map<String, String> env) throws Exception {
        FirstInvoke first = run(handler, event, true, env);
        assertEquals(List.of(), first.classes(), handler.getSimpleName()
                + ": classes loaded by the first invoke after priming (paths the priming did not exercise)");
        assertTrue(first.output().contains("\"coldStart\":true"),
                "the first real invoke after priming still logs coldStart: " + first.output());
        assertFalse(first.output().contains(Priming.EXECUTION_NAME), "priming wrote no log line: " + first.output());
    }

    @Test
    void validateEvent_firstInvokeAfterPriming_loadsNoClass() throws Exception {
        assertNothingLeft(ValidateEventHandler.class, "level", Map.of());
    }

    @Test
    void generateReport_firstInvokeAfterPriming_loadsNoClass() throws Exception {
        assertNothingLeft(GenerateReportHandler.class, "level", Map.of());
    }

    @Test
    void recordLevelCompletion_firstInvokeAfterPriming_loadsNoClass_theWritePathWasPrimedOffline() throws Exception {
        assertNothingLeft(RecordLevelCompletionHandler.class, "level", Map.of());
    }

    @Test
    void recordGameCompletion_firstInvokeAfterPriming_loadsNoClass_theWritePathWasPrimedOffline() throws Exception {
        assertNothingLeft(RecordGameCompletionHandler.class, "game", Map.of());
    }

    @Test
    void publishMetrics_emf_firstInvokeAfterPriming_loadsNoClass() throws Exception {
        assertNothingLeft(PublishMetricsHandler.class, "level", Map.of("METRICS_MODE", "emf"));
    }

    @Test
    void publishMetrics_api_firstInvokeAfterPriming_loadsNoClass_putMetricDataWasMarshalledOffline() throws Exception {
        try (FakeEndpoint cloudWatch = new FakeEndpoint(FakeEndpoint.always(new FakeEndpoint.Answer(200,
                Map.of("Content-Type", "application/cbor", "smithy-protocol", "rpc-v2-cbor"), new byte[] {(byte) 0xA0},
                false)))) {
            assertNothingLeft(PublishMetricsHandler.class, "level", Map.of("METRICS_MODE", "api",
                    "AWS_ENDPOINT_URL_CLOUDWATCH", cloudWatch.uri().toString()));
            // priming sent PutMetricData requests without any datum through the real client; the invoke sent its four
            List<Integer> data = new ArrayList<>();
            ObjectMapper cbor = new ObjectMapper(new CBORFactory());
            for (FakeEndpoint.Request request : cloudWatch.requests()) {
                assertTrue(request.path().endsWith("/operation/PutMetricData"), request.path());
                data.add(cbor.readTree(request.body()).path("MetricData").size());
            }
            assertEquals(4, data.remove(data.size() - 1));
            assertFalse(data.isEmpty(), "priming exercised the real client");
            assertTrue(data.stream().allMatch(n -> n == 0), "priming published nothing: " + data);
        }
    }

    @Test
    void control_withoutPriming_theFirstInvokeLoadsTheWritePath() throws Exception {
        FirstInvoke first = run(RecordLevelCompletionHandler.class, "level", false, Map.of());
        assertTrue(first.classes().stream().anyMatch(c -> c.startsWith(
                "software.amazon.awssdk.services.dynamodb.transform.TransactWriteItemsRequestMarshaller ")), first.classes()
                .toString());
    }
}
