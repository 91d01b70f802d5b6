package io.github.gamehousekeeping.functions;

import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.LevelReport;
import io.github.gamehousekeeping.functions.store.CompletionItems;
import io.github.gamehousekeeping.functions.store.ReportGenerator;
import io.github.gamehousekeeping.functions.store.StoredCompletion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 item 11, as documented in docs/functions.md ("Reports under concurrency"): 4 completions of one level by
 * one player run at once, each as the workflow runs it (GenerateReport in parallel with its recorder). Each report
 * counts exactly the earlier completions (in (completedAt, eventId) order) that were recorded when it read: at least
 * those whose recorder had returned before the report started, never a later one, never a partial state (attempts,
 * best score and best duration always describe one and the same set). Processed again once all are recorded, the
 * reports are exact: attempts 1, 2, 3, 4.
 */
class ReportConcurrencyTest {
    private static final int ROUNDS = 3;
    private static final int COMPLETIONS = 4;

    @BeforeEach
    void setUp() {
        TestDb.reset();
    }

    @Test
    void fourCompletionsAtOnce_eachReportCountsAConsistentSetOfEarlierCompletions_andReprocessingIsExact() throws Exception {
        GenerateReportHandler report = new GenerateReportHandler(new ReportGenerator(TestDb.store()));
        RecordLevelCompletionHandler record = new RecordLevelCompletionHandler(TestDb.store());
        ExecutorService pool = Executors.newFixedThreadPool(2 * COMPLETIONS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String player = "racer-" + round;
                Instant t0 = Instant.parse("2026-11-20T08:00:00Z");
                List<Map<String, Object>> events = new ArrayList<>();
                for (int i = 0; i < COMPLETIONS; i++) {
                    // Equal instants for two of them: ordered by eventId.
                    events.add(Events.level("c" + i, player, 7, 100 + (i * 37L) % 50, 5_000 - i * 100L,
                            t0.plusSeconds(i == 3 ? 2 : i).toString()));
                }
                Map<String, Long> recordedAt = new ConcurrentHashMap<>();
                Map<String, Long> reportStartedAt = new ConcurrentHashMap<>();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<LevelReport>> reports = new ArrayList<>();
                List<Future<?>> recordings = new ArrayList<>();
                for (Map<String, Object> event : events) {
                    String id = (String) event.get("eventId");
                    reports.add(pool.submit(() -> {
                        go.await();
                        reportStartedAt.put(id, System.nanoTime());
                        return report.handleRequest(event, null);
                    }));
                    recordings.add(pool.submit(() -> {
                        go.await();
                        record.handleRequest(event, null);
                        recordedAt.put(id, System.nanoTime());
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : recordings) {
                    f.get(60, TimeUnit.SECONDS);
                }
                List<CompletionEvent> parsed = events.stream().map(Events::parse).toList();
                for (int i = 0; i < COMPLETIONS; i++) {
                    CompletionEvent e = parsed.get(i);
                    LevelReport got = reports.get(i).get(60, TimeUnit.SECONDS);
                    List<CompletionEvent> earlier = parsed.stream().filter(o -> before(o, e)).toList();
                    Set<String> mustCount = new java.util.HashSet<>();
                    for (CompletionEvent o : earlier) {
                        if (recordedAt.get(o.eventId()) < reportStartedAt.get(e.eventId())) {
                            mustCount.add(o.eventId());
                        }
                    }
                    assertTrue(matchesSomeSubset(e, got, earlier, mustCount), () -> player + " " + e.eventId() + ": " + got
                            + " is not the report of any set of earlier completions containing " + mustCount);
                }
                // Processed again with everything recorded: exact, in (completedAt, eventId) order.
                for (CompletionEvent e : parsed) {
                    long position = parsed.stream().filter(o -> before(o, e)).count() + 1;
                    LevelReport again = report.handleRequest(events.get(parsed.indexOf(e)), null);
                    assertEquals(position, again.attempts(), e.eventId());
                    assertEquals(ReportGenerator.compute(e, stored(parsed)), again);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean before(CompletionEvent a, CompletionEvent b) {
        return CompletionItems.orderKey(a).compareTo(CompletionItems.orderKey(b)) < 0;
    }

    /** True when {@code got} is the report of {@code e} given some subset of {@code earlier} that holds {@code mustCount}. */
    private static boolean matchesSomeSubset(CompletionEvent e, LevelReport got, List<CompletionEvent> earlier, Set<String> mustCount) {
        for (int mask = 0; mask < (1 << earlier.size()); mask++) {
            List<CompletionEvent> subset = new ArrayList<>();
            for (int i = 0; i < earlier.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    subset.add(earlier.get(i));
                }
            }
            if (subset.stream().map(CompletionEvent::eventId).toList().containsAll(mustCount)
                    && ReportGenerator.compute(e, stored(subset)).equals(got)) {
                return true;
            }
        }
        return false;
    }

    private static List<StoredCompletion> stored(List<CompletionEvent> events) {
        return events.stream().map(o -> new StoredCompletion(o.eventId(), o.level(), o.score(), o.durationMs(),
                CompletionItems.completedAtUtc(o))).toList();
    }
}
