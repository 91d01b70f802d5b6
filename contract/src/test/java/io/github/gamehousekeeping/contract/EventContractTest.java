package io.github.gamehousekeeping.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventContractTest {
    private static final Path EVENTS = Path.of("..", "events");
    private final EventContract contract = EventContract.get();

    private static String fixture(String name) throws IOException {
        return Files.readString(EVENTS.resolve(name));
    }

    private static Map<String, Object> validMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", "evt-1");
        m.put("playerId", "p-1");
        m.put("level", 3);
        m.put("score", 10L);
        m.put("durationMs", 1000);
        m.put("completedAt", "2026-11-21T10:15:30Z");
        m.put("gameCompleted", false);
        return m;
    }

    @Test
    void parsesSampleEvents_intoRecords() throws IOException {
        CompletionEvent level = contract.parse(fixture("level-completed.json"));
        assertEquals(new CompletionEvent("evt-level-0001", "player-42", 3, 1200, 93500, "2026-11-21T10:15:30Z", false), level);
        CompletionEvent game = contract.parse(fixture("game-completed.json"));
        assertTrue(game.gameCompleted());
        assertEquals("2026-11-21T10:02:00Z", game.completedAtInstant().toString());
    }

    @Test
    void namesEveryOffendingField_whenManyAreWrong() throws IOException {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> contract.parse(fixture("invalid-many-fields.json")));
        assertEquals(List.of("eventId", "level", "score", "durationMs", "completedAt", "gameCompleted", "cheat"), e.fields());
        assertTrue(e.getMessage().contains("durationMs: is required"), e.getMessage());
        assertTrue(e.getMessage().contains("cheat: is not a field of the event contract"), e.getMessage());
        assertTrue(e.getMessage().contains("eventId: must be 1-80 characters"), e.getMessage());
        assertTrue(e.getMessage().contains("completedAt: must be an ISO-8601 timestamp"), e.getMessage());
    }

    @Test
    void acceptsAMap_asTheLambdaRuntimeDeserializesIt() {
        CompletionEvent event = contract.validate(validMap());
        assertEquals(3, event.level());
        assertEquals(validMap(), new LinkedHashMap<>(event.toMap()) {{ put("score", 10L); put("durationMs", 1000); put("level", 3); }});
    }

    @ParameterizedTest(name = "{0} = {1} is rejected")
    @CsvSource(delimiter = '|', value = {
            "eventId       | s:",
            "eventId       | s:a/b",
            "eventId       | s:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "playerId      | s:",
            "playerId      | s:tab\there",
            "level         | n:0",
            "level         | n:1.5",
            "level         | s:3",
            "score         | n:-1",
            "durationMs    | n:-1",
            "completedAt   | s:2026-11-21T10:15:30",
            "completedAt   | s:2026-02-30T10:15:30Z",
            "completedAt   | s:21/11/2026",
            "gameCompleted | s:true",
    })
    void rejectsField_whenValueBreaksTheContract(String field, String raw) {
        Map<String, Object> event = validMap();
        event.put(field, coerce(field, raw));
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> contract.validate(event));
        assertEquals(List.of(field), e.fields(), e.getMessage());
    }

    private static Object coerce(String field, String raw) {
        String value = raw.substring(2);
        if (raw.startsWith("s:")) {
            return value.replace("\\t", "\t");
        }
        return value.contains(".") ? (Object) Double.parseDouble(value) : (Object) Long.parseLong(value);
    }

    @Test
    void rejectsPlayerIdWithControlCharacter() {
        Map<String, Object> event = validMap();
        event.put("playerId", "bad\u0007id");
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> contract.validate(event));
        assertEquals(List.of("playerId"), e.fields());
    }

    @Test
    void rejectsStringsThatAreNotValidUnicode_namingTheField() {
        // An unpaired surrogate cannot be encoded in UTF-8: DynamoDB would store it as '?', so "p\uD800" and
        // "p\uDC00" would be the same player.
        for (String bad : List.of("p\uD800", "\uDC00p", "a\uDBFFb", "\uDC00\uD800")) {
            Map<String, Object> event = validMap();
            event.put("playerId", bad);
            InvalidEventException e = assertThrows(InvalidEventException.class, () -> contract.validate(event));
            assertEquals(List.of("playerId"), e.fields());
            assertTrue(e.getMessage().contains("playerId: is not valid Unicode (unpaired UTF-16 surrogate"), e.getMessage());
        }
        // The same through JSON text with escapes, the way the state machine's input arrives.
        String json = "{\"eventId\":\"evt-1\",\"playerId\":\"p\\ud800\",\"level\":1,\"score\":1,\"durationMs\":1,"
                + "\"completedAt\":\"2026-11-21T10:15:30Z\",\"gameCompleted\":false,\"x\\udc00\":1}";
        List<Violation> violations = contract.violations(json);
        assertEquals(List.of("playerId", "x\\uDC00"), violations.stream().map(Violation::field).toList(), violations.toString());
        // A valid pair (an emoji) is fine.
        Map<String, Object> emoji = validMap();
        emoji.put("playerId", "p\uD83C\uDFAE");
        assertTrue(contract.violations(emoji).isEmpty(), () -> contract.violations(emoji).toString());
    }

    @Test
    void acceptsBoundaryValues() {
        Map<String, Object> event = validMap();
        event.put("eventId", "x".repeat(80));
        event.put("playerId", "é".repeat(128));
        event.put("level", 1);
        event.put("score", 0);
        event.put("durationMs", 0);
        event.put("completedAt", "2026-11-21T10:15:30.123456789-05:30");
        assertTrue(contract.violations(event).isEmpty(), () -> contract.violations(event).toString());
    }

    @Test
    void rejectsNonObjectsAndInvalidJson_asAWhole() {
        assertEquals(List.of(EventContract.WHOLE_EVENT), contract.violations("[1,2]").stream().map(Violation::field).toList());
        assertEquals(List.of(EventContract.WHOLE_EVENT), contract.violations("{\"eventId\": ").stream().map(Violation::field).toList());
        assertFalse(contract.violations("null").isEmpty());
    }

    @Test
    void schemaIsValidAgainstTheDraft2020MetaSchema() {
        // The runtime skips this check for speed; registering with schema validation on fails on an invalid schema.
        var validator = EventContract.validatorFactory().createValidator();
        validator.registerSchema(contract.schemaJson());
        assertThrows(RuntimeException.class, () -> EventContract.validatorFactory().createValidator()
                .registerSchema("{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": 12}"));
    }

    @Test
    void schemaListsExactlyTheRecordComponents() {
        List<String> components = java.util.Arrays.stream(CompletionEvent.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toList();
        assertEquals(components, contract.fields());
    }

    @Test
    void outputRoundTrips_throughJson() throws IOException {
        CompletionEvent event = contract.parse(fixture("level-completed.json"));
        HousekeepingOutput output = new HousekeepingOutput(event,
                new LevelReport(3, 1, null, 1200, true, null, 1),
                new Recorded(List.of("CompletedLevel"), "player-42", "evt-level-0001", 3, false));
        assertEquals(output, HousekeepingOutput.fromJson(output.toJson()));
        assertTrue(output.toJson().contains("\"previousBestScore\":null"));
        assertThrows(IllegalArgumentException.class, () -> HousekeepingOutput.fromJson("{\"event\":null}"));
    }
}
