package io.github.gamehousekeeping.functions;

import io.github.gamehousekeeping.contract.LevelReport;
import io.github.gamehousekeeping.contract.Recorded;
import io.github.gamehousekeeping.functions.store.ReportGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrencyTest {
    private static final int EVENTS = 200;
    private static final String PLAYER = "player-concurrent";

    @BeforeEach
    void setUp() {
        TestDb.reset();
    }

    @Test
    void concurrentCompletionsOfOneLevel_loseNothing_andTheReportCountsThemAll() throws Exception {
        RecordLevelCompletionHandler handler = new RecordLevelCompletionHandler(TestDb.store());
        Instant start = Instant.parse("2026-11-20T08:00:00Z");
        List<Map<String, Object>> events = new ArrayList<>();
        long bestScore = -1;
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < EVENTS; i++) {
            long score = (i * 7919L) % 10_007; // scattered, best not at the end
            long duration = 30_000 + (i * 104_729L) % 50_000;
            bestScore = Math.max(bestScore, score);
            fastest = Math.min(fastest, duration);
            events.add(Events.level("conc-" + i, PLAYER, 4, score, duration, start.plusSeconds(i).toString()));
        }
        // Each event delivered twice: duplicates race with first deliveries too.
        List<Map<String, Object>> deliveries = new ArrayList<>(events);
        deliveries.addAll(events);
        java.util.Collections.shuffle(deliveries, new java.util.Random(42));

        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Recorded>> results = new ArrayList<>();
        try {
            for (Map<String, Object> event : deliveries) {
                results.add(pool.submit(() -> {
                    go.await();
                    return handler.handleRequest(event, null);
                }));
            }
            go.countDown();
            Set<String> recordedIds = new HashSet<>();
            for (Future<Recorded> result : results) {
                recordedIds.add(result.get(60, TimeUnit.SECONDS).eventId());
            }
            assertEquals(EVENTS, recordedIds.size());
        } finally {
            pool.shutdownNow();
        }

        assertEquals(EVENTS, TestDb.levels().size(), "every completion recorded exactly once");

        GenerateReportHandler report = new GenerateReportHandler(new ReportGenerator(TestDb.store()));
        Map<String, Object> later = Events.level("conc-later", PLAYER, 4, 10, 99_999, start.plusSeconds(EVENTS + 60).toString());
        LevelReport before = report.handleRequest(later, null);
        handler.handleRequest(later, null);
        LevelReport after = report.handleRequest(later, null);

        assertEquals(new LevelReport(4, EVENTS + 1, bestScore, bestScore, false, fastest, 1), before);
        assertEquals(before, after, "the report does not depend on whether the event is already recorded");
        assertTrue(bestScore > 10);
    }
}
