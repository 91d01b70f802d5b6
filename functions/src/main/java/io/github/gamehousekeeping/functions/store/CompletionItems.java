package io.github.gamehousekeeping.functions.store;

import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.TableSchema;
import io.github.gamehousekeeping.contract.Tables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The items the functions write. Key attribute names come from the contract's {@link Tables}.
 *
 * <p>CompletedLevel item: {@code playerId} (S, PK), {@code eventId} (S, SK), {@code level} (N), {@code score} (N),
 * {@code durationMs} (N), {@code completedAt} (S, as sent), {@code completedAtUtc} (S, the same instant normalised to
 * UTC with nanosecond precision and fixed width, e.g. {@code 2026-11-21T10:02:00.000000000Z}, so string order is time
 * order), {@code gameCompleted} (BOOL), {@code levelOrder} (S, {@code <level, 10 digits>#<completedAtUtc>#<eventId>}: the
 * sort key of the {@value Tables#BY_LEVEL_INDEX} index, so a Query reads one level's completions in report order).
 *
 * <p>CompletedGame item: the same attributes without {@code gameCompleted} (every item there is a game completion).
 *
 * <p>Items hold only the event's data (no write time), so writing the same event twice produces identical items: that
 * is what duplicate detection compares.
 */
public final class CompletionItems {
    public static final String LEVEL = "level";
    public static final String SCORE = "score";
    public static final String DURATION_MS = "durationMs";
    public static final String COMPLETED_AT = "completedAt";
    public static final String COMPLETED_AT_UTC = "completedAtUtc";
    public static final String GAME_COMPLETED = "gameCompleted";
    public static final String LEVEL_ORDER = Tables.COMPLETED_LEVEL.localIndexes().get(0).sortKey().name();

    private static final DateTimeFormatter UTC_FIXED =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private CompletionItems() {
    }

    /** The event's instant as stored in {@value #COMPLETED_AT_UTC}. */
    public static String completedAtUtc(CompletionEvent event) {
        return utc(event.completedAtInstant());
    }

    /**
     * The event's position in report order, {@code <completedAtUtc>#<eventId>}: string order is (completedAt instant,
     * eventId) order, because the UTC form has a fixed width and eventIds are ASCII.
     */
    public static String orderKey(CompletionEvent event) {
        return completedAtUtc(event) + "#" + event.eventId();
    }

    /** The {@value #LEVEL_ORDER} of a completion: {@code <level, 10 digits>#<orderKey>}. */
    public static String levelOrder(int level, String orderKey) {
        return levelPrefix(level) + orderKey;
    }

    /** The common prefix of the {@value #LEVEL_ORDER} values of one level. */
    public static String levelPrefix(int level) {
        return String.format("%010d#", level);
    }

    static String utc(Instant instant) {
        return UTC_FIXED.format(instant);
    }

    /** The CompletedLevel item of an event. */
    public static Map<String, AttributeValue> levelItem(CompletionEvent event) {
        Map<String, AttributeValue> item = common(Tables.COMPLETED_LEVEL, event);
        item.put(GAME_COMPLETED, AttributeValue.fromBool(event.gameCompleted()));
        item.put(LEVEL_ORDER, AttributeValue.fromS(levelOrder(event.level(), orderKey(event))));
        return item;
    }

    /** The CompletedGame item of a game-completion event. */
    public static Map<String, AttributeValue> gameItem(CompletionEvent event) {
        return common(Tables.COMPLETED_GAME, event);
    }

    /** The primary key of the event's item in a table. */
    public static Map<String, AttributeValue> key(TableSchema table, CompletionEvent event) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(table.partitionKey().name(), AttributeValue.fromS(event.playerId()));
        key.put(table.sortKey().name(), AttributeValue.fromS(event.eventId()));
        return key;
    }

    private static Map<String, AttributeValue> common(TableSchema table, CompletionEvent event) {
        Map<String, AttributeValue> item = key(table, event);
        item.put(LEVEL, AttributeValue.fromN(Integer.toString(event.level())));
        item.put(SCORE, AttributeValue.fromN(Long.toString(event.score())));
        item.put(DURATION_MS, AttributeValue.fromN(Long.toString(event.durationMs())));
        item.put(COMPLETED_AT, AttributeValue.fromS(event.completedAt()));
        item.put(COMPLETED_AT_UTC, AttributeValue.fromS(completedAtUtc(event)));
        return item;
    }
}
