package io.github.gamehousekeeping.contract;

import java.util.List;

/**
 * The workflow's tables, keyed by player first:
 * <ul>
 *   <li>{@code CompletedLevel}: one item per level completion. Partition key {@code playerId} (S), sort key
 *   {@code eventId} (S): record a completion idempotently (conditional put on the full key). Local secondary index
 *   {@value #BY_LEVEL_INDEX}, sort key {@code levelOrder} (S, {@code <level, 10 digits>#<completedAtUtc>#<eventId>}):
 *   read the completions of one level that come before a given one, in (completedAt, eventId) order.</li>
 *   <li>{@code CompletedGame}: one item per game completion. Same keys. Record a game completion idempotently, in
 *   one transaction with its final level; list a player's finished games (Query on {@code playerId}).</li>
 *   <li>{@code PlayerProgress}: per player, one {@code levels} item (the first completion of each level) and one
 *   {@code level#<level, 10 digits>} item per level (attempts, best score and duration, with and without the latest
 *   completion). Partition key {@code playerId} (S), sort key {@code entry} (S). Written by the recorders in the
 *   transaction that records the completion; a report reads two of its items.</li>
 * </ul>
 */
public final class Tables {
    /** The CompletedLevel index by (level, completedAt, eventId). */
    public static final String BY_LEVEL_INDEX = "byLevel";

    public static final TableSchema COMPLETED_LEVEL = new TableSchema("CompletedLevel", "COMPLETED_LEVEL_TABLE",
            new KeyAttribute("playerId", KeyAttribute.Type.STRING), new KeyAttribute("eventId", KeyAttribute.Type.STRING),
            List.of(new LocalIndexSchema(BY_LEVEL_INDEX, new KeyAttribute("levelOrder", KeyAttribute.Type.STRING),
                    List.of("level", "score", "durationMs", "completedAtUtc"))));
    public static final TableSchema COMPLETED_GAME = new TableSchema("CompletedGame", "COMPLETED_GAME_TABLE",
            new KeyAttribute("playerId", KeyAttribute.Type.STRING), new KeyAttribute("eventId", KeyAttribute.Type.STRING));
    public static final TableSchema PLAYER_PROGRESS = new TableSchema("PlayerProgress", "PLAYER_PROGRESS_TABLE",
            new KeyAttribute("playerId", KeyAttribute.Type.STRING), new KeyAttribute("entry", KeyAttribute.Type.STRING));
    public static final List<TableSchema> ALL = List.of(COMPLETED_LEVEL, COMPLETED_GAME, PLAYER_PROGRESS);

    private Tables() {
    }
}
