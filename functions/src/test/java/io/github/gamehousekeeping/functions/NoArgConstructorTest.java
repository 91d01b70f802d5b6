package io.github.gamehousekeeping.functions;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Lambda runtime's way: a fresh JVM whose environment holds the configuration, the handler built with its no-arg
 * constructor, no endpoint in code — the SDK picks up AWS_ENDPOINT_URL_DYNAMODB and reaches DynamoDB Local.
 */
class NoArgConstructorTest {

    /** Runs in the child JVM: {@code <handler class> <event file>}. */
    public static void main(String[] args) throws Exception {
        Map<String, Object> event = Events.map(Path.of(args[1]).getFileName().toString());
        @SuppressWarnings("unchecked")
        var handler = (com.amazonaws.services.lambda.runtime.RequestHandler<Map<String, Object>, Object>)
                Class.forName(args[0]).getDeclaredConstructor().newInstance();
        System.out.println("RESULT " + handler.handleRequest(event, null));
    }

    private static String run(String handlerClass, String eventFile) throws IOException, InterruptedException {
        return run(handlerClass, eventFile, Map.of());
    }

    private static String run(String handlerClass, String eventFile, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                NoArgConstructorTest.class.getName(), handlerClass, eventFile);
        Map<String, String> env = pb.environment();
        TestDb.functionEnvironment(env);
        env.putAll(extraEnv);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @Test
    void noArgConstructedHandlers_reachDynamoDbLocal_throughTheSdksEndpointVariable() throws Exception {
        TestDb.reset();
        String output = run(RecordGameCompletionHandler.class.getName(), "game-completed.json");

        assertTrue(output.contains("RESULT Recorded[tables=[CompletedLevel, CompletedGame], playerId=player-42, "
                + "eventId=evt-game-0001, level=10, gameCompleted=true]"), output);
        assertEquals(1, TestDb.levels().size());
        assertEquals(1, TestDb.games().size());
        assertEquals(List.of("evt-game-0001"), TestDb.games().stream().map(i -> i.get("eventId").s()).toList());
    }

    @Test
    void theLogLevel_comesFromLambdasAdvancedLoggingVariable_andLinesAreJsonOnStdout() throws Exception {
        TestDb.reset();
        String debug = run(RecordLevelCompletionHandler.class.getName(), "level-completed.json",
                Map.of("AWS_LAMBDA_LOG_LEVEL", "DEBUG"));
        assertTrue(debug.contains("\"level\":\"DEBUG\",\"message\":\"task payload: {"), debug);
        assertTrue(debug.contains("\"level\":\"INFO\",\"message\":\"item written\""), debug);
        assertTrue(debug.contains("\"coldStart\":true"), "the first invocation of a fresh JVM is a cold start: " + debug);
    }
}
