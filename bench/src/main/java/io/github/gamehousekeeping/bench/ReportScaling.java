package io.github.gamehousekeeping.bench;

import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.EventContract;
import io.github.gamehousekeeping.contract.LevelReport;
import io.github.gamehousekeeping.contract.Tables;
import io.github.gamehousekeeping.functions.GenerateReportHandler;
import io.github.gamehousekeeping.functions.store.CompletionItems;
import io.github.gamehousekeeping.functions.store.CompletionStore;
import io.github.gamehousekeeping.functions.store.LevelProgress;
import io.github.gamehousekeeping.functions.store.ProgressItems;
import io.github.gamehousekeeping.functions.store.ReportGenerator;
import io.github.gamehousekeeping.functions.store.StoredCompletion;
import io.github.gamehousekeeping.localdb.LocalDynamoDb;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GenerateReport latency on DynamoDB Local for a player with few and a player with many prior completions (spread
 * over the same number of levels), measured side by side (alternating) in one JVM, through the real handler and the
 * functions' production client settings. Prints medians, items read per report, and the ratio last.
 *
 * <p>Seeding writes exactly the items the recorders write (CompletionItems / ProgressItems, progress folded with
 * {@link LevelProgress#with}) with BatchWriteItem, so 30,000 completions take seconds, not minutes; the harness then
 * checks one report against the definition computed from the whole history.
 *
 * <p>Args: [small (100)] [large (30000)] [levels (10)] [reports per player (300)]
 */
public final class ReportScaling {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Items in GetItem/BatchGetItem/Query responses (Query: ScannedCount) and requests. */
    static final class Counter implements ExecutionInterceptor {
        final AtomicLong items = new AtomicLong();
        final AtomicLong requests = new AtomicLong();

        @Override
        public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
            requests.incrementAndGet();
            Object r = context.response();
            if (r instanceof GetItemResponse get && get.hasItem() && !get.item().isEmpty()) {
                items.incrementAndGet();
            } else if (r instanceof BatchGetItemResponse batch) {
                batch.responses().values().forEach(l -> items.addAndGet(l.size()));
            } else if (r instanceof QueryResponse q) {
                items.addAndGet(q.scannedCount());
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int small = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int large = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
        int levels = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int reports = args.length > 3 ? Integer.parseInt(args[3]) : 300;

        String ratio;
        try (LocalDynamoDb db = LocalDynamoDb.start()) {
            db.createTables();
            Counter counter = new Counter();
            DynamoDbClient client = BenchStore.client(db)
                    .overrideConfiguration(o -> o.addExecutionInterceptor(counter))
                    .build();
            long seedStart = System.nanoTime();
            List<StoredCompletion> smallHistory = seed(db.client(), "player-small", small, levels);
            List<StoredCompletion> largeHistory = seed(db.client(), "player-large", large, levels);
            System.err.printf("seeded %,d + %,d completions in %.1f s%n", small, large, (System.nanoTime() - seedStart) / 1e9);

            CompletionStore store = BenchStore.store(client);
            GenerateReportHandler handler = new GenerateReportHandler(new ReportGenerator(store));
            int level = levels / 2;

            // Correctness first: the handler's report equals the definition computed from the whole history.
            for (var history : List.of(smallHistory, largeHistory)) {
                String player = history == smallHistory ? "player-small" : "player-large";
                Map<String, Object> e = event("check-" + player, player, level, Integer.MAX_VALUE);
                LevelReport expected = ReportGenerator.compute(EventContract.get().validate(e), history);
                LevelReport got = handler.handleRequest(e, null);
                if (!expected.equals(got)) {
                    throw new IllegalStateException(player + ": " + got + " != " + expected);
                }
                System.err.println(player + ": " + got);
            }

            for (int i = 0; i < 100; i++) { // warm-up: JIT, connections
                handler.handleRequest(event("warm-s" + i, "player-small", level, 1_000_000 + i), null);
                handler.handleRequest(event("warm-l" + i, "player-large", level, 1_000_000 + i), null);
            }
            long[] smallNanos = new long[reports];
            long[] largeNanos = new long[reports];
            long[] smallItems = new long[reports];
            long[] largeItems = new long[reports];
            for (int i = 0; i < reports; i++) { // alternating, so both see the same machine load
                boolean smallFirst = i % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    boolean isSmall = (k == 0) == smallFirst;
                    String player = isSmall ? "player-small" : "player-large";
                    Map<String, Object> e = event("r" + i + "-" + player, player, level, 2_000_000 + i);
                    long items0 = counter.items.get();
                    long t = System.nanoTime();
                    handler.handleRequest(e, null);
                    long elapsed = System.nanoTime() - t;
                    (isSmall ? smallNanos : largeNanos)[i] = elapsed;
                    (isSmall ? smallItems : largeItems)[i] = counter.items.get() - items0;
                }
            }
            // A late event (completedAt in the middle of the large history): the one case that reads completions.
            Map<String, Object> late = event("late", "player-large", level, large / 2);
            long items0 = counter.items.get();
            long t = System.nanoTime();
            handler.handleRequest(late, null);
            double lateMs = (System.nanoTime() - t) / 1e6;
            long lateItems = counter.items.get() - items0;

            // For comparison, what the previous design read per report: the player's whole partition (Query playerId = :p).
            DynamoDbClient patient = DynamoDbClient.builder().endpointOverride(db.endpoint()).region(LocalDynamoDb.REGION)
                    .credentialsProvider(LocalDynamoDb.credentials())
                    .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()
                            .socketTimeout(java.time.Duration.ofMinutes(2)))
                    .build();
            long[] oldSmall = new long[5];
            long[] oldLarge = new long[5];
            for (int i = 0; i < 5; i++) {
                oldSmall[i] = timeHistoryQuery(patient, "player-small");
                oldLarge[i] = timeHistoryQuery(patient, "player-large");
            }

            double smallMs = median(smallNanos) / 1e6;
            double largeMs = median(largeNanos) / 1e6;
            System.out.printf("Report latency on DynamoDB Local (%d levels, level %d, %d reports each, alternating; JDK %s)%n",
                    levels, level, reports, System.getProperty("java.version"));
            System.out.printf("  %,6d prior completions: median %.2f ms, p90 %.2f ms, items read per report %s%n",
                    small, smallMs, percentile(smallNanos, 0.9) / 1e6, range(smallItems));
            System.out.printf("  %,6d prior completions: median %.2f ms, p90 %.2f ms, items read per report %s%n",
                    large, largeMs, percentile(largeNanos, 0.9) / 1e6, range(largeItems));
            System.out.printf("  late event among %,d (reads its level's earlier completions): %.1f ms, %,d items%n",
                    large, lateMs, lateItems);
            System.out.printf("  previous design's read (Query playerId = :p, all pages), median of 5: %.1f ms at %,d,"
                    + " %.1f ms at %,d (ratio %.1f)%n", median(oldSmall) / 1e6, small, median(oldLarge) / 1e6, large,
                    (double) median(oldLarge) / median(oldSmall));
            ratio = String.format("ratio %,d / %,d prior completions (median latency): %.2f (target <= 1.5)",
                    large, small, largeMs / smallMs);
        }
        System.out.println(ratio); // last, after DynamoDB Local's shutdown lines
        // DynamoDB Local leaves non-daemon threads (its SQLite queue and a pool) after it stops: without an explicit
        // exit this JVM would never end and a caller (bench/all) would wait forever.
        System.exit(0);
    }

    private static long timeHistoryQuery(DynamoDbClient client, String player) {
        long t = System.nanoTime();
        long[] items = {0};
        client.queryPaginator(b -> b.tableName(Tables.COMPLETED_LEVEL.defaultName()).consistentRead(true)
                        .keyConditionExpression("playerId = :p")
                        .projectionExpression("eventId, #l, score, durationMs, completedAtUtc")
                        .expressionAttributeNames(Map.of("#l", "level"))
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(player))))
                .items().forEach(item -> items[0]++);
        return System.nanoTime() - t;
    }

    private static Map<String, Object> event(String id, String player, int level, long second) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", id.replaceAll("[^A-Za-z0-9_-]", "-"));
        e.put("playerId", player);
        e.put("level", level);
        e.put("score", (second * 7919L) % 10_007);
        e.put("durationMs", 30_000 + (second * 104_729L) % 50_000);
        e.put("completedAt", T0.plusSeconds(second).toString());
        e.put("gameCompleted", false);
        return e;
    }

    /** Writes {@code n} completions over {@code levels} levels as the recorders would leave them. Returns them. */
    private static List<StoredCompletion> seed(DynamoDbClient raw, String player, int n, int levels) {
        List<StoredCompletion> history = new ArrayList<>(n);
        Map<Integer, LevelProgress> progress = new TreeMap<>();
        Map<Integer, String> firsts = new TreeMap<>();
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int level = 1 + i % levels;
            CompletionEvent e = EventContract.get().validate(event(player + "-" + i, player, level, i));
            String key = CompletionItems.orderKey(e);
            progress.put(level, progress.getOrDefault(level, LevelProgress.none(level)).with(key, e.score(), e.durationMs()));
            firsts.putIfAbsent(level, key);
            history.add(new StoredCompletion(e.eventId(), level, e.score(), e.durationMs(), CompletionItems.completedAtUtc(e)));
            batch.add(put(CompletionItems.levelItem(e)));
            if (batch.size() == 25) {
                write(raw, Tables.COMPLETED_LEVEL.defaultName(), batch);
            }
        }
        write(raw, Tables.COMPLETED_LEVEL.defaultName(), batch);
        progress.values().forEach(p -> batch.add(put(ProgressItems.levelItem(player, p))));
        batch.add(put(ProgressItems.levelsItem(player, firsts)));
        write(raw, Tables.PLAYER_PROGRESS.defaultName(), batch);
        return history;
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private static void write(DynamoDbClient raw, String table, List<WriteRequest> requests) {
        for (int from = 0; from < requests.size(); from += 25) {
            Map<String, List<WriteRequest>> pending = Map.of(table,
                    List.copyOf(requests.subList(from, Math.min(requests.size(), from + 25))));
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                var response = raw.batchWriteItem(b -> b.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
        requests.clear();
    }

    private static double median(long[] values) {
        return percentile(values, 0.5);
    }

    private static double percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    }

    private static String range(long[] values) {
        long min = Arrays.stream(values).min().orElse(0);
        long max = Arrays.stream(values).max().orElse(0);
        return min == max ? Long.toString(min) : min + "-" + max;
    }
}
