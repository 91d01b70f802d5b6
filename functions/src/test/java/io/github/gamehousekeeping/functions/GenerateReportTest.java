package io.github.gamehousekeeping.functions;

import io.github.gamehousekeeping.contract.LevelReport;
import io.github.gamehousekeeping.functions.store.ReportGenerator;
import io.github.gamehousekeeping.functions.store.StoredCompletion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GenerateReportTest {
    private GenerateReportHandler report;
    private RecordLevelCompletionHandler recordLevel;
    private RecordGameCompletionHandler recordGame;

    @BeforeEach
    void setUp() {
        TestDb.reset();
        report = new GenerateReportHandler(new ReportGenerator(TestDb.store()));
        recordLevel = new RecordLevelCompletionHandler(TestDb.store());
        recordGame = new RecordGameCompletionHandler(TestDb.store());
    }

    private void record(Map<String, Object> event) {
        if (Boolean.TRUE.equals(event.get("gameCompleted"))) {
            recordGame.handleRequest(event, null);
        } else {
            recordLevel.handleRequest(event, null);
        }
    }

    @Test
    void firstCompletion_hasNoPreviousValues() {
        assertEquals(new LevelReport(3, 1, null, 1200, true, null, 1), report.handleRequest(Events.levelCompleted(), null));
    }

    @Test
    void firstCompletion_isTheSameReport_afterItWasRecorded() {
        LevelReport before = report.handleRequest(Events.levelCompleted(), null);
        record(Events.levelCompleted());
        assertEquals(before, report.handleRequest(Events.levelCompleted(), null));
    }

    @Test
    void higherScore_isANewPersonalBest() {
        record(Events.level("a1", "p1", 2, 500, 60_000, "2026-11-20T10:00:00Z"));
        record(Events.level("a2", "p1", 2, 700, 50_000, "2026-11-20T11:00:00Z"));

        LevelReport r = report.handleRequest(Events.level("a3", "p1", 2, 800, 55_000, "2026-11-20T12:00:00Z"), null);

        assertEquals(new LevelReport(2, 3, 700L, 800, true, 50_000L, 1), r);
    }

    @Test
    void lowerOrEqualScore_isNotAPersonalBest() {
        record(Events.level("a1", "p1", 2, 700, 60_000, "2026-11-20T10:00:00Z"));

        assertEquals(new LevelReport(2, 2, 700L, 700, false, 60_000L, 1),
                report.handleRequest(Events.level("a2", "p1", 2, 700, 40_000, "2026-11-20T11:00:00Z"), null));
        assertEquals(new LevelReport(2, 2, 700L, 700, false, 60_000L, 1),
                report.handleRequest(Events.level("a3", "p1", 2, 100, 90_000, "2026-11-20T11:00:00Z"), null));
    }

    @Test
    void levelsCompleted_countsDistinctLevelsUpToThisCompletion_includingGameCompletions() {
        record(Events.level("b1", "p2", 1, 10, 1_000, "2026-11-20T10:00:00Z"));
        record(Events.level("b2", "p2", 1, 20, 1_000, "2026-11-20T10:05:00Z"));
        record(Events.level("b3", "p2", 2, 30, 1_000, "2026-11-20T10:10:00Z"));
        record(Events.with(Events.level("b4", "p2", 3, 40, 1_000, "2026-11-20T10:15:00Z"), "gameCompleted", true));
        record(Events.level("b9", "p2", 7, 40, 1_000, "2026-11-20T23:00:00Z")); // later: not counted
        record(Events.level("x1", "someone-else", 5, 40, 1_000, "2026-11-20T09:00:00Z")); // other player

        LevelReport r = report.handleRequest(Events.level("b5", "p2", 4, 50, 1_000, "2026-11-20T10:20:00Z"), null);

        assertEquals(new LevelReport(4, 1, null, 50, true, null, 4), r);
        assertEquals(3, report.handleRequest(Events.level("b6", "p2", 2, 50, 1_000, "2026-11-20T10:20:00Z"), null)
                .levelsCompleted());
    }

    @Test
    void ordering_usesTheInstant_notTheTextOfCompletedAt() {
        // 11:30+02:00 is 09:30Z: before 10:00Z although its text sorts after it.
        record(Events.level("c1", "p3", 1, 900, 5_000, "2026-11-20T11:30:00+02:00"));
        // 10:30-01:00 is 11:30Z: after 10:00Z although its text sorts before 11:30+02:00.
        record(Events.level("c2", "p3", 1, 950, 4_000, "2026-11-20T10:30:00-01:00"));

        LevelReport r = report.handleRequest(Events.level("c3", "p3", 1, 920, 4_500, "2026-11-20T10:00:00Z"), null);

        assertEquals(new LevelReport(1, 2, 900L, 920, true, 5_000L, 1), r);
    }

    @Test
    void sameInstant_isOrderedByEventId_andTheEventItselfIsNeverPrevious() {
        record(Events.level("d1", "p4", 1, 100, 5_000, "2026-11-20T10:00:00Z"));
        record(Events.level("d3", "p4", 1, 300, 3_000, "2026-11-20T10:00:00.000Z"));

        Map<String, Object> d2 = Events.level("d2", "p4", 1, 200, 4_000, "2026-11-20T12:00:00+02:00");
        LevelReport before = report.handleRequest(d2, null);
        record(d2);
        LevelReport after = report.handleRequest(d2, null);

        assertEquals(new LevelReport(1, 2, 100L, 200, true, 5_000L, 1), before);
        assertEquals(before, after);
    }

    @Test
    void compute_isAPureFunctionOfTheHistory() {
        var event = Events.parse(Events.level("e2", "p5", 6, 50, 700, "2026-11-20T10:00:00Z"));
        List<StoredCompletion> history = List.of(
                new StoredCompletion("e1", 6, 80, 900, "2026-11-20T09:00:00.000000000Z"),
                new StoredCompletion("e2", 6, 50, 700, "2026-11-20T10:00:00.000000000Z"),
                new StoredCompletion("e3", 6, 99, 100, "2026-11-20T11:00:00.000000000Z"),
                new StoredCompletion("e0", 5, 10, 100, "2026-11-19T11:00:00.000000000Z"));
        assertEquals(new LevelReport(6, 2, 80L, 80, false, 900L, 2), ReportGenerator.compute(event, history));
        assertEquals(ReportGenerator.compute(event, history.subList(0, 1).stream()
                        .collect(java.util.stream.Collectors.toList())).attempts(),
                ReportGenerator.compute(event, history).attempts());
    }
}
