package io.github.gamehousekeeping.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.EventContract;
import io.github.gamehousekeeping.contract.InvalidEventException;
import io.github.gamehousekeeping.contract.LevelReport;
import io.github.gamehousekeeping.contract.MetricsPublished;
import io.github.gamehousekeeping.contract.Recorded;
import io.github.gamehousekeeping.local.asl.EngineOptions;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.asl.TaskFailedException;
import io.github.gamehousekeeping.local.asl.TaskInvocation;
import io.github.gamehousekeeping.local.asl.TaskInvoker;
import io.github.gamehousekeeping.local.server.ExecutionService;
import io.github.gamehousekeeping.local.server.StepFunctionsServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * THE seam of the client tests: a Step Functions endpoint serving the housekeeping workflow.
 *
 * <p>Today: the local runtime's {@link StepFunctionsServer} hosting the agreed housekeeping definition
 * ({@code housekeeping-definition.json}) as a Standard ({@value #STANDARD}) and an Express ({@value #EXPRESS}) state
 * machine, with the five functions emulated in memory by {@link Functions} (validation with the real contract,
 * idempotent recording by eventId). To run the client tests against the full housekeeping runtime (synthesized
 * definition, Lambda emulation, DynamoDB Local), change only {@link #start()}: the tests need an endpoint, the two
 * state machine ARNs, a request counter and the data triggers documented on {@link Functions}.
 */
public final class LocalStepFunctions implements AutoCloseable {
    static final String STANDARD = "Housekeeping";
    static final String EXPRESS = "HousekeepingExpress";
    static final AwsCredentialsProvider DUMMY_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final ExecutionService service;
    private final StepFunctionsServer server;
    private final String standardArn;
    private final String expressArn;

    private LocalStepFunctions(ExecutionService service, StepFunctionsServer server, String standardArn, String expressArn) {
        this.service = service;
        this.server = server;
        this.standardArn = standardArn;
        this.expressArn = expressArn;
    }

    public static LocalStepFunctions start() throws IOException {
        String definition;
        try (InputStream in = LocalStepFunctions.class.getResourceAsStream("/housekeeping-definition.json")) {
            definition = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Retry delays skipped (waitScale 0): the tests check results, not timing.
        ExecutionService service = ExecutionService.create(EngineOptions.builder().waitScale(0).build(), 8);
        Functions functions = new Functions();
        String standard = service.registerStateMachine(STANDARD, definition, ExecutionService.Type.STANDARD, functions, null).arn();
        String express = service.registerStateMachine(EXPRESS, definition, ExecutionService.Type.EXPRESS, functions, null).arn();
        return new LocalStepFunctions(service, StepFunctionsServer.start(service, 0), standard, express);
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public String standardArn() {
        return standardArn;
    }

    public String expressArn() {
        return expressArn;
    }

    /** Requests the endpoint has received (any operation). */
    public long requestCount() {
        return server.requestCount();
    }

    /** A client as a backend would build it for this endpoint. */
    public HousekeepingClient.Builder clientBuilder(String stateMachineArn) {
        return HousekeepingClient.builder()
                .stateMachineArn(stateMachineArn)
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(DUMMY_CREDENTIALS)
                .pollInitialDelay(java.time.Duration.ofMillis(20))
                .pollMaxDelay(java.time.Duration.ofMillis(200));
    }

    /** A raw SDK client for this endpoint (host prefix injection disabled, dummy credentials). */
    public SfnClient sfnClient() {
        return SfnClients.create(Region.US_EAST_1, endpoint(), DUMMY_CREDENTIALS, null);
    }

    @Override
    public void close() {
        server.close();
        service.close();
    }

    /**
     * The five functions, in memory, answering as the Lambda integration does ({@code {"StatusCode", "Payload"}}) and
     * failing with the Java exception's class name as the error and the Lambda error JSON as the cause. Data triggers:
     * player {@code player-broken} makes the recorders fail permanently (workflow error
     * {@code Housekeeping.RecordingFailed}); player {@code player-slow} makes GenerateReport take 1.5 s.
     */
    static final class Functions implements TaskInvoker {
        /** playerId -> eventId -> event: the recorded completions (a recorder is idempotent on eventId). */
        private final Map<String, Map<String, CompletionEvent>> completions = new ConcurrentHashMap<>();

        @Override
        public JsonNode invoke(TaskInvocation invocation) throws TaskFailedException {
            String function = invocation.input().path("FunctionName").asText();
            JsonNode payload = invocation.input().path("Payload");
            Object result;
            if (function.contains("ValidateEvent")) {
                result = validate(payload);
            } else if (function.contains("GenerateReport")) {
                CompletionEvent e = validate(payload);
                if (e.playerId().equals("player-slow")) {
                    sleep(1500);
                }
                result = report(e);
            } else if (function.contains("RecordLevelCompletion") || function.contains("RecordGameCompletion")) {
                CompletionEvent e = validate(payload);
                if (e.playerId().equals("player-broken")) {
                    throw failure("java.lang.IllegalStateException", "table CompletedLevel is not writable");
                }
                completions.computeIfAbsent(e.playerId(), k -> new ConcurrentHashMap<>()).putIfAbsent(e.eventId(), e);
                result = new Recorded(e.gameCompleted() ? List.of("CompletedLevel", "CompletedGame") : List.of("CompletedLevel"),
                        e.playerId(), e.eventId(), e.level(), e.gameCompleted());
            } else if (function.contains("PublishMetrics")) {
                result = new MetricsPublished("GameHousekeeping", "emf", List.of("LevelCompleted"));
            } else {
                throw failure("java.lang.IllegalArgumentException", "unknown function " + function);
            }
            ObjectNode response = Json.object();
            response.put("StatusCode", 200);
            response.set("Payload", Json.parseUnchecked(io.github.gamehousekeeping.contract.Json.GSON.toJson(result)));
            return response;
        }

        private static CompletionEvent validate(JsonNode payload) throws TaskFailedException {
            try {
                return EventContract.get().parse(Json.write(payload));
            } catch (InvalidEventException e) {
                throw failure(InvalidEventException.class.getName(), e.getMessage());
            }
        }

        private LevelReport report(CompletionEvent e) {
            Map<String, CompletionEvent> mine = completions.getOrDefault(e.playerId(), Map.of());
            List<CompletionEvent> previous = mine.values().stream()
                    .filter(p -> p.level() == e.level() && !p.eventId().equals(e.eventId()))
                    .toList();
            Long previousBest = previous.stream().map(CompletionEvent::score).max(Long::compare).orElse(null);
            Long previousFastest = previous.stream().map(CompletionEvent::durationMs).min(Long::compare).orElse(null);
            long levels = mine.values().stream().map(CompletionEvent::level).filter(l -> l != e.level()).distinct().count() + 1;
            return new LevelReport(e.level(), previous.size() + 1, previousBest,
                    previousBest == null ? e.score() : Math.max(previousBest, e.score()),
                    previousBest == null || e.score() > previousBest, previousFastest, (int) levels);
        }

        private static TaskFailedException failure(String type, String message) {
            ObjectNode cause = Json.object();
            cause.put("errorMessage", message);
            cause.put("errorType", type);
            cause.set("stackTrace", Json.array());
            return new TaskFailedException(type, Json.write(cause));
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
