package io.github.gamehousekeeping.functions.store;

/**
 * One of a player's recorded level completions, as the report reads it.
 *
 * @param completedAtUtc the completion instant in UTC, fixed width, so string order is time order
 */
public record StoredCompletion(String eventId, int level, long score, long durationMs, String completedAtUtc) {
}
