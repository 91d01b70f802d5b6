package io.github.gamehousekeeping.functions.store;

import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.EventConflictException;
import io.github.gamehousekeeping.contract.Recorded;
import io.github.gamehousekeeping.contract.TableSchema;
import io.github.gamehousekeeping.contract.Tables;
import io.github.gamehousekeeping.contract.TransientFailureException;
import io.github.gamehousekeeping.functions.Environment;
import io.github.gamehousekeeping.functions.aws.AwsErrors;
import io.github.gamehousekeeping.functions.aws.PrimingHttpClient;
import io.github.gamehousekeeping.functions.logging.StepLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.io.UncheckedIOException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The tables and how the functions use them.
 *
 * <ul>
 *   <li>{@link #recordLevel} and {@link #recordGame}: one TransactWriteItems that puts the completion item(s) with
 *   {@code attribute_not_exists} on the key (CompletedLevel, and CompletedGame for a game completion: both or neither)
 *   and puts the level's {@link LevelProgress} item conditioned on the version read just before (plus, for a level's
 *   first completion, the levels item of PlayerProgress). A failed completion condition means the event is already
 *   there: identical content is a duplicate delivery (same result, nothing written), different content is an
 *   {@link EventConflictException}. A failed version condition or a conflicting transaction means another completion
 *   of the same player and level got in first: read again and retry (bounded, with jitter).</li>
 *   <li>{@link #reportInputs}: one consistent BatchGetItem of the two PlayerProgress items a report needs;
 *   {@link #levelCompletionsUpTo}: a consistent Query of the {@value Tables#BY_LEVEL_INDEX} index for one level up to
 *   an event, needed only for a late (out-of-order) event.</li>
 * </ul>
 */
public final class CompletionStore implements AutoCloseable {
    /** Cancellation reason codes that a later retry can get past. */
    static final Set<String> TRANSIENT_CANCELLATION_CODES = Set.of(
            "TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded");
    static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    private static final Logger LOG = LoggerFactory.getLogger(CompletionStore.class);
    /**
     * How long a recording keeps trying when other completions of the same player and level keep getting in first,
     * before it gives up with a {@link TransientFailureException} (the state machine retries it): well inside the
     * function's timeout.
     */
    static final long WRITE_BUDGET_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(8);

    private final DynamoDbClient client;
    private final String levelTable;
    private final String gameTable;
    private final String progressTable;

    /**
     * @param levelTable    the CompletedLevel table's name
     * @param gameTable     the CompletedGame table's name, or null for a function that never records games
     * @param progressTable the PlayerProgress table's name
     */
    public CompletionStore(DynamoDbClient client, String levelTable, String gameTable, String progressTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.levelTable = Objects.requireNonNull(levelTable, "levelTable");
        this.gameTable = gameTable;
        this.progressTable = Objects.requireNonNull(progressTable, "progressTable");
    }

    /**
     * The store of a function, tables from the environment ({@code COMPLETED_LEVEL_TABLE}, {@code PLAYER_PROGRESS_TABLE},
     * and {@code COMPLETED_GAME_TABLE} when {@code games}); the SDK client built here, once.
     */
    public static CompletionStore fromEnvironment(Environment env, boolean games) {
        return new CompletionStore(DynamoDb.client(env), env.required(Tables.COMPLETED_LEVEL.environmentVariable()),
                games ? env.required(Tables.COMPLETED_GAME.environmentVariable()) : null,
                env.required(Tables.PLAYER_PROGRESS.environmentVariable()));
    }

    /** Records a level completion (an event with gameCompleted=false) idempotently. */
    public Recorded recordLevel(CompletionEvent event) {
        if (event.gameCompleted()) {
            throw new IllegalArgumentException("RecordLevelCompletion got a game completion (gameCompleted=true) for event "
                    + event.eventId() + ": game completions are recorded by RecordGameCompletion");
        }
        List<String> tables = List.of(Tables.COMPLETED_LEVEL.defaultName());
        logOutcome(record(event, CompletionItems.levelItem(event), null, "Recording level completion " + event.eventId()), tables);
        return new Recorded(tables, event.playerId(), event.eventId(), event.level(), false);
    }

    /** Records a game completion (an event with gameCompleted=true) in both tables, atomically and idempotently. */
    public Recorded recordGame(CompletionEvent event) {
        if (!event.gameCompleted()) {
            throw new IllegalArgumentException("RecordGameCompletion got a level completion (gameCompleted=false) for event "
                    + event.eventId() + ": level completions are recorded by RecordLevelCompletion");
        }
        if (gameTable == null) {
            throw new IllegalStateException("No CompletedGame table configured");
        }
        List<String> tables = List.of(Tables.COMPLETED_LEVEL.defaultName(), Tables.COMPLETED_GAME.defaultName());
        logOutcome(record(event, CompletionItems.levelItem(event), CompletionItems.gameItem(event),
                "Recording game completion " + event.eventId()), tables);
        return new Recorded(tables, event.playerId(), event.eventId(), event.level(), true);
    }

    /** Records the completion; true when written now, false for a duplicate delivery (already recorded, identical). */
    private boolean record(CompletionEvent event, Map<String, AttributeValue> levelItem, Map<String, AttributeValue> gameItem,
                           String action) {
        String key = CompletionItems.orderKey(event);
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            LevelProgress current = levelProgress(event.playerId(), event.level(), action);
            LevelProgress next = current.with(key, event.score(), event.durationMs());
            List<TransactWriteItem> items = new ArrayList<>(4);
            items.add(conditionalPut(levelTable, Tables.COMPLETED_LEVEL, levelItem));
            if (gameItem != null) {
                items.add(conditionalPut(gameTable, Tables.COMPLETED_GAME, gameItem));
            }
            int progressIndex = items.size();
            items.add(progressPut(event.playerId(), current, next));
            if (!next.firstKey().equals(current.firstKey())) {
                items.add(firstCompletionUpdate(event.playerId(), event.level(), key));
            }
            List<String> codes;
            TransactionCanceledException cancelled;
            try {
                client.transactWriteItems(b -> b.transactItems(items));
                return true;
            } catch (TransactionCanceledException e) {
                cancelled = e;
                codes = cancellationCodes(e, items.size());
            } catch (SdkException | UncheckedIOException e) {
                throw AwsErrors.translate(e, action);
            }
            boolean completionThere = CONDITIONAL_CHECK_FAILED.equals(codes.get(0))
                    || (gameItem != null && CONDITIONAL_CHECK_FAILED.equals(codes.get(1)));
            if (completionThere) {
                if (resolveExisting(event, levelItem, gameItem, cancelled)) {
                    return false; // duplicate delivery: already recorded, identical
                }
            } else if (!CONDITIONAL_CHECK_FAILED.equals(codes.get(progressIndex))
                    && !"TransactionConflict".equals(codes.get(progressIndex))) {
                if (codes.stream().anyMatch(TRANSIENT_CANCELLATION_CODES::contains)) {
                    throw new TransientFailureException(action + " was cancelled (" + String.join(", ", codes) + "); retry",
                            cancelled);
                }
                throw cancelled;
            }
            // Another completion of this player and level was recorded since the read (or is being): read again.
            if (System.nanoTime() - start > WRITE_BUDGET_NANOS) {
                throw new TransientFailureException(action + ": other completions of player " + event.playerId()
                        + " on level " + event.level() + " kept getting in first (" + attempt + " attempts); retry", cancelled);
            }
            backOff(attempt);
        }
    }

    /** The two PlayerProgress items a report of {@code event} needs, read consistently in one request. */
    public ReportInputs reportInputs(String playerId, int level) {
        Map<String, AttributeValue> levelKey = ProgressItems.key(playerId, ProgressItems.levelEntry(level));
        Map<String, AttributeValue> levelsKey = ProgressItems.key(playerId, ProgressItems.LEVELS_ENTRY);
        Map<String, KeysAndAttributes> request = Map.of(progressTable,
                KeysAndAttributes.builder().consistentRead(true).keys(levelKey, levelsKey).build());
        Map<String, AttributeValue> levelItem = null;
        Map<String, AttributeValue> levelsItem = null;
        String entry = Tables.PLAYER_PROGRESS.sortKey().name();
        try {
            for (int attempt = 1; !request.isEmpty(); attempt++) {
                if (attempt > 4) {
                    throw new TransientFailureException("Reading the progress of player " + playerId
                            + " left keys unprocessed (throttled); retry", null);
                }
                if (attempt > 1) {
                    backOff(attempt);
                }
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response = client.batchGetItem(b -> b.requestItems(pending));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(progressTable, List.of())) {
                    if (ProgressItems.LEVELS_ENTRY.equals(item.get(entry).s())) {
                        levelsItem = item;
                    } else {
                        levelItem = item;
                    }
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        } catch (SdkException | UncheckedIOException e) {
            throw AwsErrors.translate(e, "Reading the progress of player " + playerId);
        }
        return new ReportInputs(ProgressItems.levelProgress(level, levelItem), ProgressItems.firstCompletions(levelsItem));
    }

    /**
     * The player's recorded completions of the event's level up to the event in report order (the event itself
     * included when recorded), read consistently from the {@value Tables#BY_LEVEL_INDEX} index, all pages.
     */
    public List<StoredCompletion> levelCompletionsUpTo(CompletionEvent event) {
        String sk = Tables.COMPLETED_LEVEL.sortKey().name();
        QueryRequest request = QueryRequest.builder()
                .tableName(levelTable)
                .indexName(Tables.BY_LEVEL_INDEX)
                .consistentRead(true)
                .keyConditionExpression("#pk = :p AND #order BETWEEN :from AND :to")
                .projectionExpression("#sk, #level, #score, #duration, #utc")
                .expressionAttributeNames(Map.of("#pk", Tables.COMPLETED_LEVEL.partitionKey().name(), "#sk", sk,
                        "#order", CompletionItems.LEVEL_ORDER, "#level", CompletionItems.LEVEL,
                        "#score", CompletionItems.SCORE, "#duration", CompletionItems.DURATION_MS,
                        "#utc", CompletionItems.COMPLETED_AT_UTC))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(event.playerId()),
                        ":from", AttributeValue.fromS(CompletionItems.levelPrefix(event.level())),
                        ":to", AttributeValue.fromS(CompletionItems.levelOrder(event.level(), CompletionItems.orderKey(event)))))
                .build();
        List<StoredCompletion> completions = new ArrayList<>();
        try {
            client.queryPaginator(request).items().forEach(item -> completions.add(new StoredCompletion(
                    item.get(sk).s(),
                    Integer.parseInt(item.get(CompletionItems.LEVEL).n()),
                    Long.parseLong(item.get(CompletionItems.SCORE).n()),
                    Long.parseLong(item.get(CompletionItems.DURATION_MS).n()),
                    item.get(CompletionItems.COMPLETED_AT_UTC).s())));
        } catch (SdkException | UncheckedIOException e) {
            throw AwsErrors.translate(e, "Reading the level " + event.level() + " completions of player " + event.playerId());
        }
        return completions;
    }

    /** SnapStart priming: consistent reads of keys that do not exist (nothing is written). */
    public void prime() {
        levelProgress("priming", 1, "Priming");
        client.getItem(b -> b.tableName(levelTable).consistentRead(true).key(Map.of(
                Tables.COMPLETED_LEVEL.partitionKey().name(), AttributeValue.fromS("priming"),
                Tables.COMPLETED_LEVEL.sortKey().name(), AttributeValue.fromS("priming-0000"))));
    }

    /** SnapStart priming for the report: its two reads, for a player that does not exist. */
    public void primeReport(CompletionEvent sample) {
        reportInputs("priming", sample.level());
        levelCompletionsUpTo(sample);
    }

    /**
     * SnapStart priming: this store on an offline twin of its client ({@link DynamoDb#offlineTwin}): the same tables and
     * settings, every request marshalled and signed and answered in-process (no item, success), never sent, so a
     * recording on it runs the real write path and writes nothing. Close it after priming.
     */
    public CompletionStore offlineTwin() {
        return new CompletionStore(DynamoDb.offlineTwin(client, PrimingHttpClient.awsJson()), levelTable, gameTable,
                progressTable);
    }

    /** Closes the SDK client. */
    @Override
    public void close() {
        client.close();
    }

    private LevelProgress levelProgress(String playerId, int level, String action) {
        return ProgressItems.levelProgress(level,
                getConsistent(progressTable, ProgressItems.key(playerId, ProgressItems.levelEntry(level)), action));
    }

    private static TransactWriteItem conditionalPut(String table, TableSchema schema, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", schema.partitionKey().name()))
                .build()).build();
    }

    /** Puts the level's progress if it is still at the version that was read (or still absent). */
    private TransactWriteItem progressPut(String playerId, LevelProgress current, LevelProgress next) {
        Put.Builder put = Put.builder().tableName(progressTable).item(ProgressItems.levelItem(playerId, next));
        if (current.version() == 0) {
            put.conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", Tables.PLAYER_PROGRESS.partitionKey().name()));
        } else {
            put.conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#v", ProgressItems.VERSION))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(current.version()))));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    /**
     * Sets the level's first completion in the levels item. Only sent with a {@link #progressPut} that makes this key
     * the level's first, so the level item's version condition already serialises these updates.
     */
    private TransactWriteItem firstCompletionUpdate(String playerId, int level, String key) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(progressTable)
                .key(ProgressItems.key(playerId, ProgressItems.LEVELS_ENTRY))
                .updateExpression("SET #l = :k")
                .expressionAttributeNames(Map.of("#l", ProgressItems.levelAttribute(level)))
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(key)))
                .build()).build();
    }

    private static List<String> cancellationCodes(TransactionCanceledException e, int items) {
        List<String> codes = new ArrayList<>(items);
        if (e.hasCancellationReasons()) {
            for (CancellationReason reason : e.cancellationReasons()) {
                codes.add(reason.code() == null ? "None" : reason.code());
            }
        }
        while (codes.size() < items) {
            codes.add("None");
        }
        return codes;
    }

    /**
     * A short random pause (1-25 ms) before reading again: contention here is a handful of writers on one player's
     * level, each needing one round trip to get through, so waiting longer (exponential backoff) would only make the
     * writers that lost most often the least likely to win next time.
     */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 26));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailureException("Interrupted while waiting to retry", e);
        }
    }

    /**
     * The completion item(s) of the event were already there: true when identical (a duplicate delivery), an
     * {@link EventConflictException} when different, false when they are gone again (read and try again).
     */
    private boolean resolveExisting(CompletionEvent event, Map<String, AttributeValue> levelItem,
                                    Map<String, AttributeValue> gameItem, TransactionCanceledException cancelled) {
        if (gameItem == null) {
            Map<String, AttributeValue> existing = getConsistent(levelTable, CompletionItems.key(Tables.COMPLETED_LEVEL, event),
                    "Reading back level completion " + event.eventId());
            if (existing == null) {
                return false;
            }
            if (!existing.equals(levelItem)) {
                throw conflict(event, Tables.COMPLETED_LEVEL.defaultName());
            }
            return true;
        }
        List<Map<String, AttributeValue>> existing = getBothConsistent(event);
        Map<String, AttributeValue> existingLevel = existing.get(0);
        Map<String, AttributeValue> existingGame = existing.get(1);
        if (levelItem.equals(existingLevel) && gameItem.equals(existingGame)) {
            return true;
        }
        if (existingLevel == null && existingGame == null) {
            return false;
        }
        if (existingLevel != null && !levelItem.equals(existingLevel)) {
            throw conflict(event, Tables.COMPLETED_LEVEL.defaultName());
        }
        if (existingGame != null && !gameItem.equals(existingGame)) {
            throw conflict(event, Tables.COMPLETED_GAME.defaultName());
        }
        String missing = existingLevel == null ? Tables.COMPLETED_LEVEL.defaultName() : Tables.COMPLETED_GAME.defaultName();
        throw new EventConflictException("Event " + event.eventId() + " of player " + event.playerId()
                + " is partly recorded (no " + missing + " item): it was not written by RecordGameCompletion");
    }

    private List<Map<String, AttributeValue>> getBothConsistent(CompletionEvent event) {
        try {
            List<ItemResponse> responses = client.transactGetItems(b -> b.transactItems(
                    TransactGetItem.builder().get(g -> g.tableName(levelTable)
                            .key(CompletionItems.key(Tables.COMPLETED_LEVEL, event))).build(),
                    TransactGetItem.builder().get(g -> g.tableName(gameTable)
                            .key(CompletionItems.key(Tables.COMPLETED_GAME, event))).build())).responses();
            List<Map<String, AttributeValue>> items = new ArrayList<>(2);
            for (ItemResponse response : responses) {
                items.add(response.hasItem() && !response.item().isEmpty() ? response.item() : null);
            }
            return items;
        } catch (SdkException | UncheckedIOException e) {
            throw AwsErrors.translate(e, "Reading back game completion " + event.eventId());
        }
    }

    private Map<String, AttributeValue> getConsistent(String table, Map<String, AttributeValue> key, String action) {
        try {
            var response = client.getItem(b -> b.tableName(table).key(key).consistentRead(true));
            return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
        } catch (SdkException | UncheckedIOException e) {
            throw AwsErrors.translate(e, action);
        }
    }

    private static void logOutcome(boolean written, List<String> tables) {
        if (written) {
            written(tables);
        } else {
            duplicate(tables);
        }
    }

    private static void written(List<String> tables) {
        LOG.atInfo().addKeyValue(StepLog.OUTCOME, "written").addKeyValue("tables", tables).log("item written");
    }

    private static void duplicate(List<String> tables) {
        LOG.atInfo().addKeyValue(StepLog.OUTCOME, "duplicate").addKeyValue("tables", tables)
                .log("duplicate detected: the identical item is already recorded, nothing written");
    }

    private static EventConflictException conflict(CompletionEvent event, String table) {
        return new EventConflictException("Event " + event.eventId() + " of player " + event.playerId()
                + " is already recorded in " + table + " with different content; an eventId must not be reused");
    }
}
