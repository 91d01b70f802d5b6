package io.github.gamehousekeeping.contract;

import java.util.List;

/**
 * The workflow's tables. Both are keyed by player, then by event:
 * <ul>
 *   <li>{@code CompletedLevel}: one item per level completion. Partition key {@code playerId} (S), sort key
 *   {@code eventId} (S). Access patterns: record a completion idempotently (conditional put on the full key); read a
 *   player's history (Query on {@code playerId}) for the report.</li>
 *   <li>{@code CompletedGame}: one item per game completion. Same keys. Access patterns: record a game completion
 *   idempotently, in one transaction with its final level; list a player's finished games (Query on {@code playerId}).</li>
 * </ul>
 */
public final class Tables {
    public static final TableSchema COMPLETED_LEVEL = new TableSchema("CompletedLevel", "COMPLETED_LEVEL_TABLE",
            new KeyAttribute("playerId", KeyAttribute.Type.STRING), new KeyAttribute("eventId", KeyAttribute.Type.STRING));
    public static final TableSchema COMPLETED_GAME = new TableSchema("CompletedGame", "COMPLETED_GAME_TABLE",
            new KeyAttribute("playerId", KeyAttribute.Type.STRING), new KeyAttribute("eventId", KeyAttribute.Type.STRING));
    public static final List<TableSchema> ALL = List.of(COMPLETED_LEVEL, COMPLETED_GAME);

    private Tables() {
    }
}
