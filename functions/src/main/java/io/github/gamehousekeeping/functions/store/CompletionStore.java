package io.github.gamehousekeeping.functions.store;

import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.EventConflictException;
import io.github.gamehousekeeping.contract.Recorded;
import io.github.gamehousekeeping.contract.TableSchema;
import io.github.gamehousekeeping.contract.Tables;
import io.github.gamehousekeeping.contract.TransientFailureException;
import io.github.gamehousekeeping.functions.aws.AwsErrors;
import io.github.gamehousekeeping.functions.logging.StepLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The two tables and how the functions use them.
 *
 * <ul>
 *   <li>{@link #recordLevel}: one conditional Put ({@code attribute_not_exists} on the partition key, i.e. "no item
 *   with this playerId+eventId"). A failed condition means the event is already there: identical content is a
 *   duplicate delivery (same result, nothing written), different content is an {@link EventConflictException}.</li>
 *   <li>{@link #recordGame}: one TransactWriteItems with two conditional Puts (CompletedLevel and CompletedGame): both
 *   items or neither. Cancellation by a failed condition is resolved the same way as above (with a TransactGetItems,
 *   a consistent snapshot of both items); cancellation by a conflicting transaction or throttling is transient.</li>
 *   <li>{@link #history}: a consistent, paginated Query of the player's CompletedLevel partition, projected to the
 *   attributes the report needs.</li>
 * </ul>
 */
public final class CompletionStore {
    /** Cancellation reason codes that a later retry can get past. */
    static final Set<String> TRANSIENT_CANCELLATION_CODES = Set.of(
            "TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded");
    static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    private static final Logger LOG = LoggerFactory.getLogger(CompletionStore.class);

    private final DynamoDbClient client;
    private final String levelTable;
    private final String gameTable;

    /**
     * @param levelTable the CompletedLevel table's name
     * @param gameTable  the CompletedGame table's name, or null for a function that never records games
     */
    public CompletionStore(DynamoDbClient client, String levelTable, String gameTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.levelTable = Objects.requireNonNull(levelTable, "levelTable");
        this.gameTable = gameTable;
    }

    /** Records a level completion (an event with gameCompleted=false) idempotently. */
    public Recorded recordLevel(CompletionEvent event) {
        if (event.gameCompleted()) {
            throw new IllegalArgumentException("RecordLevelCompletion got a game completion (gameCompleted=true) for event "
                    + event.eventId() + ": game completions are recorded by RecordGameCompletion");
        }
        Map<String, AttributeValue> item = CompletionItems.levelItem(event);
        try {
            client.putItem(b -> b.tableName(levelTable)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", Tables.COMPLETED_LEVEL.partitionKey().name())));
        } catch (ConditionalCheckFailedException alreadyThere) {
            Map<String, AttributeValue> existing = getConsistent(levelTable, CompletionItems.key(Tables.COMPLETED_LEVEL, event));
            if (existing == null) {
                throw new TransientFailureException("Event " + event.eventId()
                        + " was present at the conditional write and gone at the read; retry", alreadyThere);
            }
            if (!existing.equals(item)) {
                throw conflict(event, Tables.COMPLETED_LEVEL.defaultName());
            }
            duplicate(List.of(Tables.COMPLETED_LEVEL.defaultName()));
            return new Recorded(List.of(Tables.COMPLETED_LEVEL.defaultName()), event.playerId(), event.eventId(),
                    event.level(), false);
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "Recording level completion " + event.eventId());
        }
        written(List.of(Tables.COMPLETED_LEVEL.defaultName()));
        return new Recorded(List.of(Tables.COMPLETED_LEVEL.defaultName()), event.playerId(), event.eventId(),
                event.level(), false);
    }

    /** Records a game completion (an event with gameCompleted=true) in both tables, atomically and idempotently. */
    public Recorded recordGame(CompletionEvent event) {
        if (!event.gameCompleted()) {
            throw new IllegalArgumentException("RecordGameCompletion got a level completion (gameCompleted=false) for event "
                    + event.eventId() + ": level completions are recorded by RecordLevelCompletion");
        }
        Map<String, AttributeValue> levelItem = CompletionItems.levelItem(event);
        Map<String, AttributeValue> gameItem = CompletionItems.gameItem(event);
        List<String> tables = List.of(Tables.COMPLETED_LEVEL.defaultName(), Tables.COMPLETED_GAME.defaultName());
        try {
            client.transactWriteItems(gameTransaction(levelItem, gameItem));
            written(tables);
        } catch (TransactionCanceledException cancelled) {
            resolveCancellation(event, cancelled, levelItem, gameItem);
            duplicate(tables);
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "Recording game completion " + event.eventId());
        }
        return new Recorded(tables, event.playerId(), event.eventId(), event.level(), true);
    }

    /** The player's level completions (all levels), read consistently, all pages. */
    public List<StoredCompletion> history(String playerId) {
        String pk = Tables.COMPLETED_LEVEL.partitionKey().name();
        String sk = Tables.COMPLETED_LEVEL.sortKey().name();
        QueryRequest request = QueryRequest.builder()
                .tableName(levelTable)
                .consistentRead(true)
                .keyConditionExpression("#pk = :p")
                .projectionExpression("#sk, #level, #score, #duration, #utc")
                .expressionAttributeNames(Map.of("#pk", pk, "#sk", sk, "#level", CompletionItems.LEVEL,
                        "#score", CompletionItems.SCORE, "#duration", CompletionItems.DURATION_MS,
                        "#utc", CompletionItems.COMPLETED_AT_UTC))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(playerId)))
                .build();
        List<StoredCompletion> completions = new ArrayList<>();
        try {
            client.queryPaginator(request).items().forEach(item -> completions.add(new StoredCompletion(
                    item.get(sk).s(),
                    Integer.parseInt(item.get(CompletionItems.LEVEL).n()),
                    Long.parseLong(item.get(CompletionItems.SCORE).n()),
                    Long.parseLong(item.get(CompletionItems.DURATION_MS).n()),
                    item.get(CompletionItems.COMPLETED_AT_UTC).s())));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "Reading the completions of player " + playerId);
        }
        return completions;
    }

    /** SnapStart priming: a consistent read of a key that does not exist (nothing is written). */
    public void prime() {
        client.getItem(b -> b.tableName(levelTable).consistentRead(true).key(Map.of(
                Tables.COMPLETED_LEVEL.partitionKey().name(), AttributeValue.fromS("priming"),
                Tables.COMPLETED_LEVEL.sortKey().name(), AttributeValue.fromS("priming-0000"))));
    }

    /** SnapStart priming for the game recorder: builds (does not send) a transaction request. */
    public TransactWriteItemsRequest primeTransaction(CompletionEvent sample) {
        return gameTransaction(CompletionItems.levelItem(sample), CompletionItems.gameItem(sample));
    }

    private TransactWriteItemsRequest gameTransaction(Map<String, AttributeValue> levelItem, Map<String, AttributeValue> gameItem) {
        if (gameTable == null) {
            throw new IllegalStateException("No CompletedGame table configured");
        }
        return TransactWriteItemsRequest.builder().transactItems(
                conditionalPut(levelTable, Tables.COMPLETED_LEVEL, levelItem),
                conditionalPut(gameTable, Tables.COMPLETED_GAME, gameItem)).build();
    }

    private static TransactWriteItem conditionalPut(String table, TableSchema schema, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", schema.partitionKey().name()))
                .build()).build();
    }

    private void resolveCancellation(CompletionEvent event, TransactionCanceledException cancelled,
                                     Map<String, AttributeValue> levelItem, Map<String, AttributeValue> gameItem) {
        List<String> codes = cancelled.hasCancellationReasons()
                ? cancelled.cancellationReasons().stream().map(CancellationReason::code).filter(Objects::nonNull).toList()
                : List.of();
        if (codes.contains(CONDITIONAL_CHECK_FAILED)) {
            List<Map<String, AttributeValue>> existing = getBothConsistent(event);
            Map<String, AttributeValue> existingLevel = existing.get(0);
            Map<String, AttributeValue> existingGame = existing.get(1);
            if (levelItem.equals(existingLevel) && gameItem.equals(existingGame)) {
                return; // duplicate delivery: both items already there, identical
            }
            if (existingLevel == null && existingGame == null) {
                throw new TransientFailureException("Event " + event.eventId()
                        + " failed a condition but neither item exists any more; retry", cancelled);
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
        if (codes.stream().anyMatch(TRANSIENT_CANCELLATION_CODES::contains)) {
            throw new TransientFailureException("Recording game completion " + event.eventId()
                    + " was cancelled (" + String.join(", ", codes) + "); retry", cancelled);
        }
        throw cancelled;
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
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "Reading back game completion " + event.eventId());
        }
    }

    private Map<String, AttributeValue> getConsistent(String table, Map<String, AttributeValue> key) {
        try {
            var response = client.getItem(b -> b.tableName(table).key(key).consistentRead(true));
            return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "Reading back " + key);
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
