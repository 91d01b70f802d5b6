package io.github.gamehousekeeping.functions;

import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.LevelReport;
import io.github.gamehousekeeping.functions.store.CompletionStore;
import io.github.gamehousekeeping.functions.store.ReportGenerator;
import io.github.gamehousekeeping.functions.store.StoredCompletion;
import io.github.gamehousekeeping.localdb.LocalDynamoDb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How many items a report reads, counted on the real SDK client (an {@link ExecutionInterceptor} that adds up the items
 * of every GetItem, BatchGetItem and Query response, the Query's ScannedCount) against DynamoDB Local: never more than
 * the player's completions of the level + 2, and 2 for an event that comes after its level's recorded completions,
 * however long the player's history.
 */
class ItemsReadTest {
    /** Items and requests of the responses the client has unmarshalled. */
    static final class ItemCounter implements ExecutionInterceptor {
        final AtomicInteger items = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();

        @Override
        public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
            SdkResponse response = context.response();
            requests.incrementAndGet();
            if (response instanceof GetItemResponse get && get.hasItem() && !get.item().isEmpty()) {
                items.incrementAndGet();
            } else if (response instanceof BatchGetItemResponse batch) {
                batch.responses().values().forEach(list -> items.addAndGet(list.size()));
            } else if (response instanceof QueryResponse query) {
                items.addAndGet(query.scannedCount());
            }
        }

        void reset() {
            items.set(0);
            requests.set(0);
        }
    }

    private final ItemCounter counter = new ItemCounter();
    private ReportGenerator reports;
    private CompletionStore store;
    private final List<StoredCompletion> recorded = new ArrayList<>();

    @BeforeEach
    void setUp() {
        TestDb.reset();
        DynamoDbClient client = io.github.gamehousekeeping.functions.store.DynamoDb.builder()
                .endpointOverride(TestDb.db().endpoint())
                .region(LocalDynamoDb.REGION)
                .credentialsProvider(LocalDynamoDb.credentials())
                .build();
        DynamoDbClient counting = io.github.gamehousekeeping.functions.store.DynamoDb.builder()
                .endpointOverride(TestDb.db().endpoint())
                .region(LocalDynamoDb.REGION)
                .credentialsProvider(LocalDynamoDb.credentials())
                .overrideConfiguration(o -> o.addExecutionInterceptor(counter))
                .build();
        store = new CompletionStore(client, TestDb.LEVEL_TABLE, TestDb.GAME_TABLE, TestDb.PROGRESS_TABLE);
        reports = new ReportGenerator(new CompletionStore(counting, TestDb.LEVEL_TABLE, TestDb.GAME_TABLE, TestDb.PROGRESS_TABLE));
    }

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static CompletionEvent event(String id, int level, long score, long duration, long second) {
        return Events.parse(Events.level(id, "reader", level, score, duration, T0.plusSeconds(second).toString()));
    }

    private void record(CompletionEvent e) {
        store.recordLevel(e);
        recorded.add(new StoredCompletion(e.eventId(), e.level(), e.score(), e.durationMs(),
                io.github.gamehousekeeping.functions.store.CompletionItems.completedAtUtc(e)));
    }

    private LevelReport reportCounting(CompletionEvent e) {
        counter.reset();
        return reports.generate(e);
    }

    private long completionsOfLevel(int level) {
        return recorded.stream().filter(c -> c.level() == level).count();
    }

    @Test
    void aNewCompletion_readsTwoItems_inOneRequest_whateverTheHistory() {
        for (int i = 0; i < 120; i++) {
            record(event("h" + i, 1 + i % 6, (i * 37L) % 101, 1_000 + (i * 53L) % 997, i));
        }
        CompletionEvent next = event("next", 3, 60, 1_500, 500);

        LevelReport report = reportCounting(next);

        assertEquals(ReportGenerator.compute(next, recorded), report);
        assertEquals(21, report.attempts());
        assertEquals(6, report.levelsCompleted());
        assertEquals(2, counter.items.get(), "the level's progress and the player's levels item");
        assertEquals(1, counter.requests.get());

        // The same event again after its recorder ran (a retry, a redrive): the same report, still two items.
        record(next);
        assertEquals(report, reportCounting(next));
        assertEquals(2, counter.items.get());
    }

    @Test
    void aLateCompletion_readsAtMostItsLevelsCompletionsPlusTwo_andGetsTheSameReportAsFromTheWholeHistory() {
        for (int i = 0; i < 60; i++) {
            record(event("h" + i, 1 + i % 3, (i * 37L) % 101, 1_000 + (i * 53L) % 997, 10 * i));
        }
        // Delivered after later completions of its level were recorded: 305 s lies between h30 and h31.
        CompletionEvent late = event("late", 2, 99, 500, 305);

        LevelReport report = reportCounting(late);

        assertEquals(ReportGenerator.compute(late, recorded), report);
        assertTrue(counter.items.get() <= completionsOfLevel(2) + 2, counter.items + " items");
        assertTrue(counter.items.get() < completionsOfLevel(2), "reads the level's completions up to the event only: "
                + counter.items);
        record(late);
        assertEquals(report, reportCounting(late), "identical on reprocessing");
        assertTrue(counter.items.get() <= completionsOfLevel(2) + 2, counter.items + " items");
    }

    @Test
    void storedProgress_givesTheSameReportsAsTheHistory_forCompletionsRecordedInAnyOrder() {
        List<CompletionEvent> events = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            events.add(event("r" + i, 1 + i % 3, (i * 7919L) % 1_009, 1_000 + (i * 104_729L) % 5_000, (i * 13L) % 20));
        }
        Collections.shuffle(events, new Random(7)); // late deliveries and equal instants (ordered by eventId) included
        for (CompletionEvent e : events) {
            assertEquals(ReportGenerator.compute(e, recorded), reportCounting(e), "before recording " + e.eventId());
            assertTrue(counter.items.get() <= completionsOfLevel(e.level()) + 2);
            record(e);
            assertEquals(ReportGenerator.compute(e, recorded), reportCounting(e), "after recording " + e.eventId());
            assertTrue(counter.items.get() <= completionsOfLevel(e.level()) + 2);
        }
        for (CompletionEvent e : events) {
            assertEquals(ReportGenerator.compute(e, recorded), reportCounting(e), "reprocessed " + e.eventId());
        }
    }
}
