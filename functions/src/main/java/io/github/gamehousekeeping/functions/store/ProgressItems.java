package io.github.gamehousekeeping.functions.store;

import io.github.gamehousekeeping.contract.Tables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PlayerProgress items (key attribute names from the contract's {@link Tables}).
 *
 * <p>Levels item, sort key {@value #LEVELS_ENTRY}: one attribute {@code L<level>} (S) per level the player has
 * completed, holding the order key ({@code <completedAtUtc>#<eventId>}) of the first completion of that level. A report
 * counts the levels completed before its event from it.
 *
 * <p>Level item, sort key {@code level#<level, 10 digits>}: {@link LevelProgress} as {@code level} (N),
 * {@code completions}, {@code bestScore}, {@code bestDurationMs}, {@code completionsBeforeLast},
 * {@code bestScoreBeforeLast}, {@code bestDurationMsBeforeLast} (N; best values absent when there are none),
 * {@code lastKey}, {@code firstKey} (S), {@code version} (N).
 */
public final class ProgressItems {
    public static final String LEVELS_ENTRY = "levels";
    static final String LEVEL_ATTRIBUTE_PREFIX = "L";
    static final String VERSION = "version";

    private ProgressItems() {
    }

    static String levelEntry(int level) {
        return String.format("level#%010d", level);
    }

    static String levelAttribute(int level) {
        return LEVEL_ATTRIBUTE_PREFIX + level;
    }

    static Map<String, AttributeValue> key(String playerId, String entry) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(Tables.PLAYER_PROGRESS.partitionKey().name(), AttributeValue.fromS(playerId));
        key.put(Tables.PLAYER_PROGRESS.sortKey().name(), AttributeValue.fromS(entry));
        return key;
    }

    /** The level item of a player's {@link LevelProgress} (public for seeding and migration tools). */
    public static Map<String, AttributeValue> levelItem(String playerId, LevelProgress p) {
        Map<String, AttributeValue> item = key(playerId, levelEntry(p.level()));
        item.put(CompletionItems.LEVEL, number(p.level()));
        putSummary(item, "", p.all());
        putSummary(item, "BeforeLast", p.allButLast());
        item.put("lastKey", AttributeValue.fromS(p.lastKey()));
        item.put("firstKey", AttributeValue.fromS(p.firstKey()));
        item.put(VERSION, number(p.version()));
        return item;
    }

    /** The levels item: level to the order key of its first completion (public for seeding and migration tools). */
    public static Map<String, AttributeValue> levelsItem(String playerId, Map<Integer, String> firstCompletions) {
        Map<String, AttributeValue> item = key(playerId, LEVELS_ENTRY);
        firstCompletions.forEach((level, key) -> item.put(levelAttribute(level), AttributeValue.fromS(key)));
        return item;
    }

    static LevelProgress levelProgress(int level, Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return LevelProgress.none(level);
        }
        return new LevelProgress(level, summary(item, ""), summary(item, "BeforeLast"),
                item.get("lastKey").s(), item.get("firstKey").s(), Long.parseLong(item.get(VERSION).n()));
    }

    /** Level to the order key of its first completion, from the levels item (empty when there is none). */
    static Map<Integer, String> firstCompletions(Map<String, AttributeValue> item) {
        Map<Integer, String> firsts = new TreeMap<>();
        if (item != null) {
            item.forEach((name, value) -> {
                if (name.startsWith(LEVEL_ATTRIBUTE_PREFIX) && value.s() != null) {
                    firsts.put(Integer.parseInt(name.substring(LEVEL_ATTRIBUTE_PREFIX.length())), value.s());
                }
            });
        }
        return firsts;
    }

    private static void putSummary(Map<String, AttributeValue> item, String suffix, Summary s) {
        item.put("completions" + suffix, number(s.completions()));
        if (s.bestScore() != null) {
            item.put("bestScore" + suffix, number(s.bestScore()));
            item.put("bestDurationMs" + suffix, number(s.bestDurationMs()));
        }
    }

    private static Summary summary(Map<String, AttributeValue> item, String suffix) {
        int completions = Integer.parseInt(item.get("completions" + suffix).n());
        AttributeValue best = item.get("bestScore" + suffix);
        AttributeValue fastest = item.get("bestDurationMs" + suffix);
        return new Summary(completions, best == null ? null : Long.parseLong(best.n()),
                fastest == null ? null : Long.parseLong(fastest.n()));
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
