package io.github.gamehousekeeping.contract;

/**
 * The report GenerateReport returns for one completed level. "Previous" means the player's completions of the same
 * level that come before this one in (completedAt, eventId) order, so the report is the same whether or not this event
 * is already recorded, and the same every time the event is processed.
 *
 * @param attempts               completions of this level by this player, this one included
 * @param previousBestScore      best score among the previous completions, null on the first completion
 * @param bestScore              best score including this completion
 * @param newPersonalBest        true when this score beats every previous one (true on the first completion)
 * @param previousBestDurationMs fastest previous completion, null on the first completion
 * @param levelsCompleted        distinct levels this player has completed, this one included
 */
public record LevelReport(
        int level,
        int attempts,
        Long previousBestScore,
        long bestScore,
        boolean newPersonalBest,
        Long previousBestDurationMs,
        int levelsCompleted) {
}
