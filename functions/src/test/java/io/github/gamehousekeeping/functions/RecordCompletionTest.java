package io.github.gamehousekeeping.functions;

import io.github.gamehousekeeping.contract.EventConflictException;
import io.github.gamehousekeeping.contract.Recorded;
import io.github.gamehousekeeping.contract.Tables;
import io.github.gamehousekeeping.functions.store.CompletionItems;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordCompletionTest {
    private RecordLevelCompletionHandler recordLevel;
    private RecordGameCompletionHandler recordGame;

    @BeforeEach
    void setUp() {
        TestDb.reset();
        recordLevel = new RecordLevelCompletionHandler(TestDb.store());
        recordGame = new RecordGameCompletionHandler(TestDb.store());
    }

    @Test
    void recordsLevelCompletion_asOneItemWithTheEventsData() {
        Recorded recorded = recordLevel.handleRequest(Events.levelCompleted(), null);

        assertEquals(new Recorded(List.of("CompletedLevel"), "player-42", "evt-level-0001", 3, false), recorded);
        assertEquals(List.of(Map.of(
                "playerId", AttributeValue.fromS("player-42"),
                "eventId", AttributeValue.fromS("evt-level-0001"),
                "level", AttributeValue.fromN("3"),
                "score", AttributeValue.fromN("1200"),
                "durationMs", AttributeValue.fromN("93500"),
                "completedAt", AttributeValue.fromS("2026-11-21T10:15:30Z"),
                "completedAtUtc", AttributeValue.fromS("2026-11-21T10:15:30.000000000Z"),
                "gameCompleted", AttributeValue.fromBool(false),
                "levelOrder", AttributeValue.fromS("0000000003#2026-11-21T10:15:30.000000000Z#evt-level-0001"))), TestDb.levels());
        assertTrue(TestDb.games().isEmpty());
    }

    @Test
    void recordsGameCompletion_inBothTables_withTheOffsetNormalisedToUtc() {
        Recorded recorded = recordGame.handleRequest(Events.gameCompleted(), null);

        assertEquals(new Recorded(List.of("CompletedLevel", "CompletedGame"), "player-42", "evt-game-0001", 10, true), recorded);
        List<Map<String, AttributeValue>> levels = TestDb.levels();
        List<Map<String, AttributeValue>> games = TestDb.games();
        assertEquals(1, levels.size());
        assertEquals(1, games.size());
        assertEquals(AttributeValue.fromBool(true), levels.get(0).get("gameCompleted"));
        assertEquals(AttributeValue.fromS("2026-11-21T11:02:00+01:00"), games.get(0).get("completedAt"));
        assertEquals(AttributeValue.fromS("2026-11-21T10:02:00.000000000Z"), games.get(0).get("completedAtUtc"));
        Map<String, AttributeValue> levelWithoutFlag = new HashMap<>(levels.get(0));
        levelWithoutFlag.remove("gameCompleted");
        levelWithoutFlag.remove("levelOrder");
        assertEquals(levelWithoutFlag, games.get(0), "the game item holds the same event data");
    }

    @Test
    void duplicateLevelDelivery_returnsSameResult_andLeavesTablesAsAfterOne() {
        Recorded first = recordLevel.handleRequest(Events.levelCompleted(), null);
        List<Map<String, AttributeValue>> levelsAfterOne = TestDb.levels();
        List<Map<String, AttributeValue>> gamesAfterOne = TestDb.games();

        Recorded second = recordLevel.handleRequest(Events.levelCompleted(), null);
        Recorded third = new RecordLevelCompletionHandler(TestDb.store()).handleRequest(Events.levelCompleted(), null);

        assertEquals(first, second);
        assertEquals(first, third);
        assertEquals(levelsAfterOne, TestDb.levels());
        assertEquals(gamesAfterOne, TestDb.games());
    }

    @Test
    void duplicateGameDelivery_returnsSameResult_andLeavesTablesAsAfterOne() {
        Recorded first = recordGame.handleRequest(Events.gameCompleted(), null);
        List<Map<String, AttributeValue>> levelsAfterOne = TestDb.levels();
        List<Map<String, AttributeValue>> gamesAfterOne = TestDb.games();

        Recorded second = recordGame.handleRequest(Events.gameCompleted(), null);

        assertEquals(first, second);
        assertEquals(levelsAfterOne, TestDb.levels());
        assertEquals(gamesAfterOne, TestDb.games());
    }

    @Test
    void reusedLevelEventIdWithOtherContent_failsWithConflict_andKeepsTheFirstRecord() {
        recordLevel.handleRequest(Events.levelCompleted(), null);
        List<Map<String, AttributeValue>> before = TestDb.levels();

        EventConflictException e = assertThrows(EventConflictException.class,
                () -> recordLevel.handleRequest(Events.with(Events.levelCompleted(), "score", 9999L), null));

        assertTrue(e.getMessage().contains("evt-level-0001"), e.getMessage());
        assertEquals(before, TestDb.levels());
    }

    @Test
    void reusedGameEventIdWithOtherContent_failsWithConflict_andKeepsTheFirstRecord() {
        recordGame.handleRequest(Events.gameCompleted(), null);
        List<Map<String, AttributeValue>> levels = TestDb.levels();
        List<Map<String, AttributeValue>> games = TestDb.games();

        assertThrows(EventConflictException.class,
                () -> recordGame.handleRequest(Events.with(Events.gameCompleted(), "durationMs", 1L), null));

        assertEquals(levels, TestDb.levels());
        assertEquals(games, TestDb.games());
    }

    @Test
    void recordsGameAtomically_whenTheGameItemConflicts_theLevelItemIsNotWritten() {
        // A CompletedGame item with this key and other content is already there: the transaction must write nothing.
        Map<String, AttributeValue> foreign = new HashMap<>(CompletionItems.gameItem(Events.parse(Events.gameCompleted())));
        foreign.put("score", AttributeValue.fromN("1"));
        TestDb.db().client().putItem(b -> b.tableName(TestDb.GAME_TABLE).item(foreign));
        List<Map<String, AttributeValue>> gamesBefore = TestDb.games();

        assertThrows(EventConflictException.class, () -> recordGame.handleRequest(Events.gameCompleted(), null));

        assertTrue(TestDb.levels().isEmpty(), "no CompletedLevel item without its CompletedGame item");
        assertEquals(gamesBefore, TestDb.games());
    }

    @Test
    void recordsGameAtomically_whenTheLevelItemConflicts_theGameItemIsNotWritten() {
        Map<String, AttributeValue> foreign = new HashMap<>(CompletionItems.levelItem(Events.parse(Events.gameCompleted())));
        foreign.put("level", AttributeValue.fromN("9"));
        TestDb.db().client().putItem(b -> b.tableName(TestDb.LEVEL_TABLE).item(foreign));
        List<Map<String, AttributeValue>> levelsBefore = TestDb.levels();

        assertThrows(EventConflictException.class, () -> recordGame.handleRequest(Events.gameCompleted(), null));

        assertTrue(TestDb.games().isEmpty(), "no CompletedGame item without its CompletedLevel item");
        assertEquals(levelsBefore, TestDb.levels());
    }

    @Test
    void recordsGameAtomically_whenOnlyOneItemExists_reportsAPartialRecordAsConflict() {
        // Same content, but only in CompletedLevel (written by something else than the game recorder).
        TestDb.db().client().putItem(b -> b.tableName(TestDb.LEVEL_TABLE)
                .item(CompletionItems.levelItem(Events.parse(Events.gameCompleted()))));

        EventConflictException e = assertThrows(EventConflictException.class,
                () -> recordGame.handleRequest(Events.gameCompleted(), null));

        assertTrue(e.getMessage().contains("partly recorded"), e.getMessage());
        assertTrue(TestDb.games().isEmpty());
    }

    @Test
    void rejectsMisroutedEvents_withoutWriting() {
        assertThrows(IllegalArgumentException.class, () -> recordLevel.handleRequest(Events.gameCompleted(), null));
        assertThrows(IllegalArgumentException.class, () -> recordGame.handleRequest(Events.levelCompleted(), null));
        assertTrue(TestDb.levels().isEmpty());
        assertTrue(TestDb.games().isEmpty());
    }

    @Test
    void acceptsNumbersAsTheLambdaRuntimeDeserializesThem_andStoresTheSameItem() {
        // The runtime's Jackson gives Integer for small numbers, Long for large ones, Double for "1200.0".
        Map<String, Object> asRuntime = new java.util.LinkedHashMap<>(Events.levelCompleted());
        asRuntime.put("level", Integer.valueOf(3));
        asRuntime.put("score", Double.valueOf(1200.0));
        asRuntime.put("durationMs", Integer.valueOf(93500));

        Recorded fromRuntimeTypes = recordLevel.handleRequest(asRuntime, null);
        Recorded fromFixture = recordLevel.handleRequest(Events.levelCompleted(), null); // duplicate of the same event

        assertEquals(fromFixture, fromRuntimeTypes);
        assertEquals(1, TestDb.levels().size());
        assertEquals(AttributeValue.fromN("1200"), TestDb.levels().get(0).get("score"));
    }

    @Test
    void keysComeFromTheContract() {
        Map<String, AttributeValue> key = CompletionItems.key(Tables.COMPLETED_LEVEL, Events.parse(Events.levelCompleted()));
        assertEquals(Map.of(Tables.COMPLETED_LEVEL.partitionKey().name(), AttributeValue.fromS("player-42"),
                Tables.COMPLETED_LEVEL.sortKey().name(), AttributeValue.fromS("evt-level-0001")), key);
    }
}
