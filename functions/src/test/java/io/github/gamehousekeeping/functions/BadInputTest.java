package io.github.gamehousekeeping.functions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.gamehousekeeping.contract.InvalidEventException;
import io.github.gamehousekeeping.functions.metrics.MetricsPublisher;
import io.github.gamehousekeeping.functions.store.ReportGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every invalid event is rejected by every handler, before any write, naming the offending fields. */
class BadInputTest {
    private final List<String> logged = new ArrayList<>();

    @BeforeEach
    void setUp() {
        TestDb.reset();
        logged.clear();
    }

    static Stream<Arguments> invalidEvents() {
        Map<String, Object> valid = Events.levelCompleted();
        Map<String, Object> missing = new HashMap<>(valid);
        missing.remove("durationMs");
        missing.remove("playerId");
        return Stream.of(
                Arguments.of("invalid-many-fields.json", Events.invalid(),
                        List.of("eventId", "level", "score", "durationMs", "completedAt", "gameCompleted", "cheat")),
                Arguments.of("missing fields", missing, List.of("playerId", "durationMs")),
                Arguments.of("level as a string", Events.with(valid, "level", "3"), List.of("level")),
                Arguments.of("fractional score", Events.with(valid, "score", 12.5), List.of("score")),
                Arguments.of("negative duration", Events.with(valid, "durationMs", -1L), List.of("durationMs")),
                Arguments.of("no offset in completedAt", Events.with(valid, "completedAt", "2026-11-21T10:15:30"), List.of("completedAt")),
                Arguments.of("impossible date", Events.with(valid, "completedAt", "2026-02-30T10:15:30Z"), List.of("completedAt")),
                Arguments.of("null gameCompleted", Events.with(valid, "gameCompleted", null), List.of("gameCompleted")),
                Arguments.of("unknown field", Events.with(valid, "playerName", "x"), List.of("playerName")));
    }

    private List<RequestHandler<Object, ?>> handlers() {
        return List.of(
                new ValidateEventHandler(),
                new GenerateReportHandler(new ReportGenerator(TestDb.store())),
                new RecordLevelCompletionHandler(TestDb.store()),
                new RecordGameCompletionHandler(TestDb.store()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEvents")
    void everyHandlerRejectsInvalidEvent_beforeAnyWrite_namingTheFields(String name, Map<String, Object> event, List<String> fields) {
        for (RequestHandler<Object, ?> handler : handlers()) {
            InvalidEventException e = assertThrows(InvalidEventException.class, () -> handler.handleRequest(event, null),
                    handler.getClass().getSimpleName());
            assertEquals(fields.stream().sorted().toList(), e.fields().stream().sorted().toList(), handler.getClass().getSimpleName());
            fields.forEach(f -> assertTrue(e.getMessage().contains(f + ":"), e.getMessage()));
        }
        // PublishMetrics takes {event, report, recorded}.
        PublishMetricsHandler metrics = new PublishMetricsHandler(new MetricsPublisher("Test", MetricsPublisher.Mode.EMF, null));
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> metrics.handleRequest(Map.of("event", event, "report", Map.of(), "recorded", Map.of()), null));
        assertEquals(fields.stream().sorted().toList(), e.fields().stream().sorted().toList());

        assertTrue(TestDb.levels().isEmpty());
        assertTrue(TestDb.games().isEmpty());
    }

    @Test
    void publishMetricsRejectsInputWithoutEvent() {
        PublishMetricsHandler metrics = new PublishMetricsHandler(new MetricsPublisher("Test", MetricsPublisher.Mode.EMF, null));
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> metrics.handleRequest(Events.levelCompleted(), null));
        assertEquals(List.of("event"), e.fields());
        assertThrows(InvalidEventException.class, () -> metrics.handleRequest(null, null));
    }

    @Test
    void validateEventReturnsTheValidatedEvent() {
        var event = new ValidateEventHandler().handleRequest(Events.gameCompleted(), null);
        assertEquals(Events.gameCompleted(), Events.map("game-completed.json"));
        assertEquals("evt-game-0001", event.eventId());
        assertEquals(5400, event.score());
        assertEquals(181000, event.durationMs());
        assertTrue(event.gameCompleted());
    }

    @Test
    void nullEvent_isRejected() {
        for (RequestHandler<Object, ?> handler : handlers()) {
            assertThrows(InvalidEventException.class, () -> handler.handleRequest(null, null));
        }
        assertTrue(TestDb.levels().isEmpty());
    }
}
