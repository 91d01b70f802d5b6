package io.github.gamehousekeeping.functions;

import io.github.gamehousekeeping.contract.FunctionEnvironment;
import io.github.gamehousekeeping.contract.MetricsPublished;
import io.github.gamehousekeeping.contract.Tables;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration comes only from environment variables; a missing one fails construction, naming it. */
class HandlerConstructionTest {
    private static final Map<String, String> FULL = Map.of(
            "AWS_REGION", "eu-west-1",
            Tables.COMPLETED_LEVEL.environmentVariable(), "CompletedLevel",
            Tables.COMPLETED_GAME.environmentVariable(), "CompletedGame",
            Tables.PLAYER_PROGRESS.environmentVariable(), "PlayerProgress",
            FunctionEnvironment.METRICS_NAMESPACE, "GameHousekeeping");

    private static Map<String, String> without(String name) {
        Map<String, String> env = new HashMap<>(FULL);
        env.remove(name);
        return env;
    }

    private static void assertMissing(String variable, Function<Environment, Object> constructor) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> constructor.apply(Environment.of(without(variable))));
        assertEquals("Missing required environment variable " + variable, e.getMessage());
    }

    @Test
    void missingVariable_failsConstruction_namingIt() {
        assertMissing("AWS_REGION", RecordLevelCompletionHandler::new);
        assertMissing(Tables.COMPLETED_LEVEL.environmentVariable(), RecordLevelCompletionHandler::new);
        assertMissing("AWS_REGION", RecordGameCompletionHandler::new);
        assertMissing(Tables.COMPLETED_LEVEL.environmentVariable(), RecordGameCompletionHandler::new);
        assertMissing(Tables.COMPLETED_GAME.environmentVariable(), RecordGameCompletionHandler::new);
        assertMissing("AWS_REGION", GenerateReportHandler::new);
        assertMissing(Tables.COMPLETED_LEVEL.environmentVariable(), GenerateReportHandler::new);
        assertMissing(Tables.PLAYER_PROGRESS.environmentVariable(), GenerateReportHandler::new);
        assertMissing(Tables.PLAYER_PROGRESS.environmentVariable(), RecordLevelCompletionHandler::new);
        assertMissing(Tables.PLAYER_PROGRESS.environmentVariable(), RecordGameCompletionHandler::new);
        assertMissing(FunctionEnvironment.METRICS_NAMESPACE, PublishMetricsHandler::new);
    }

    @Test
    void blankVariable_countsAsMissing() {
        Map<String, String> env = new HashMap<>(FULL);
        env.put(Tables.COMPLETED_LEVEL.environmentVariable(), "  ");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new GenerateReportHandler(Environment.of(env)));
        assertTrue(e.getMessage().contains(Tables.COMPLETED_LEVEL.environmentVariable()));
    }

    @Test
    void completeEnvironment_constructsEveryHandler() {
        new RecordLevelCompletionHandler(Environment.of(FULL));
        new RecordGameCompletionHandler(Environment.of(FULL));
        new GenerateReportHandler(Environment.of(FULL));
        new PublishMetricsHandler(Environment.of(FULL));
        new ValidateEventHandler();
    }

    @Test
    void metricsMode_defaultsToEmf_needsNoRegion_andRejectsUnknownModes() {
        Map<String, String> env = Map.of(FunctionEnvironment.METRICS_NAMESPACE, "GameHousekeeping");
        MetricsPublished published = new PublishMetricsHandler(Environment.of(env))
                .handleRequest(Map.of("event", Events.levelCompleted()), null);
        assertEquals(new MetricsPublished("GameHousekeeping", "emf",
                List.of("LevelCompleted", "Score", "Duration", "GameCompleted")), published);

        Map<String, String> api = new HashMap<>(env);
        api.put(FunctionEnvironment.METRICS_MODE, "api");
        assertMissing("AWS_REGION", e -> new PublishMetricsHandler(Environment.of(api)));

        Map<String, String> bad = new HashMap<>(FULL);
        bad.put(FunctionEnvironment.METRICS_MODE, "statsd");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new PublishMetricsHandler(Environment.of(bad)));
        assertTrue(e.getMessage().contains("METRICS_MODE"), e.getMessage());
    }
}
