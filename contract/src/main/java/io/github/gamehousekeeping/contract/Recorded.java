package io.github.gamehousekeeping.contract;

import java.util.List;

/**
 * What a recorder wrote. Identical for a first processing and for a duplicate delivery of the same event.
 *
 * @param tables the tables that hold the completion (CompletedLevel, and CompletedGame for a game completion)
 */
public record Recorded(List<String> tables, String playerId, String eventId, int level, boolean gameCompleted) {
}
