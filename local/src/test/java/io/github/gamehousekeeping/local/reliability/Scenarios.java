package io.github.gamehousekeeping.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.runtime.HousekeepingRuntime;
import io.github.gamehousekeeping.local.server.StepFunctionsServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the reliability scenarios share: events, an SDK client, and checks of the tables. */
final class Scenarios {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant BASE = Instant.parse("2026-11-21T10:00:00Z");

    private Scenarios() {
    }

    /** A valid completion event; every {@code gameEvery}-th one (0: none) completes the game. */
    static ObjectNode event(String prefix, int i, int gameEvery) {
        ObjectNode e = MAPPER.createObjectNode();
        e.put("eventId", prefix + "-" + i);
        e.put("playerId", prefix + "-player-" + i);
        e.put("level", 1 + i % 7);
        e.put("score", 100 + i);
        e.put("durationMs", 1000L + i);
        e.put("completedAt", BASE.plusSeconds(i).toString());
        e.put("gameCompleted", gameEvery > 0 && i % gameEvery == 0);
        return e;
    }

    static SfnClient sfn(URI endpoint) {
        return SfnClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> o.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }

    /** A fresh runtime (embedded stack, real functions, DynamoDB Local) with its API server on loopback. */
    static final class Stack implements AutoCloseable {
        final HousekeepingRuntime runtime;
        final StepFunctionsServer server;
        final SfnClient sfn;

        Stack(HousekeepingRuntime.Options options) throws Exception {
            runtime = HousekeepingRuntime.start(options);
            server = StepFunctionsServer.start(runtime.executions(), 0);
            sfn = sfn(server.endpoint());
        }

        String arn() {
            return runtime.stateMachine().arn();
        }

        /**
         * Items per table, keyed by eventId (the completion tables); PlayerProgress items, which carry no eventId, by
         * their key (playerId and entry).
         */
        Map<String, Map<String, JsonNode>> items() {
            JsonNode dump = runtime.dumpTables();
            Map<String, Map<String, JsonNode>> tables = new HashMap<>();
            dump.fields().forEachRemaining(t -> {
                Map<String, JsonNode> byEvent = new HashMap<>();
                for (JsonNode item : t.getValue()) {
                    String key = item.has("eventId") ? item.path("eventId").asText()
                            : item.path("playerId").asText() + "|" + item.path("entry").asText();
                    JsonNode previous = byEvent.put(key, item);
                    if (previous != null) {
                        throw new AssertionError("two items for event " + item.path("eventId") + " in " + t.getKey());
                    }
                }
                tables.put(t.getKey(), byEvent);
            });
            return tables;
        }

        /** Game completions written as both items or neither; returns the problems found. */
        List<String> halfWritten(Map<String, ObjectNode> events) {
            Map<String, Map<String, JsonNode>> items = items();
            Map<String, JsonNode> levels = items.getOrDefault("CompletedLevel", Map.of());
            Map<String, JsonNode> games = items.getOrDefault("CompletedGame", Map.of());
            List<String> problems = new ArrayList<>();
            for (String id : games.keySet()) {
                if (!levels.containsKey(id)) {
                    problems.add(id + ": CompletedGame without its CompletedLevel");
                }
            }
            for (String id : levels.keySet()) {
                ObjectNode e = events.get(id);
                if (e != null && e.path("gameCompleted").asBoolean() && !games.containsKey(id)) {
                    problems.add(id + ": game completion with CompletedLevel only");
                }
            }
            return problems;
        }

        @Override
        public void close() {
            sfn.close();
            server.close();
            runtime.close();
        }
    }
}
