package io.github.gamehousekeeping.functions.store;

import java.util.Optional;

/**
 * A player's progress on one level, kept in the PlayerProgress table and updated in the same transaction that records
 * each completion of the level (optimistic concurrency on {@code version}), so it always equals what the recorded
 * completions say.
 *
 * <p>Completions are ordered by their order key, {@code <completedAtUtc>#<eventId>} ({@link CompletionItems#orderKey}).
 * The item holds the summary of all recorded completions of the level, the key of the last one in that order, and the
 * summary of all of them except that last one. This answers "the completions before event E" for a report without
 * reading them, in the two cases that matter: E comes after every recorded completion (a new completion: the full
 * summary), or E is the last recorded one (the same event reported again after its recorder ran: the summary without
 * it). Only when E has recorded completions after it (late or out-of-order delivery) does the report read the level's
 * completions (see {@link #previousOf}).
 *
 * @param lastKey  order key of the last recorded completion, null when none
 * @param firstKey order key of the first recorded completion, null when none
 * @param version  0 when no item exists yet; incremented by every recorded completion
 */
public record LevelProgress(int level, Summary all, Summary allButLast, String lastKey, String firstKey, long version) {

    public static LevelProgress none(int level) {
        return new LevelProgress(level, Summary.NONE, Summary.NONE, null, null, 0);
    }

    /** The progress after recording one more completion (whose key is not yet recorded). */
    public LevelProgress with(String key, long score, long durationMs) {
        Summary newAll = all.plus(score, durationMs);
        boolean isLast = lastKey == null || key.compareTo(lastKey) > 0;
        Summary newAllButLast = isLast ? all : allButLast.plus(score, durationMs);
        String newFirst = firstKey == null || key.compareTo(firstKey) < 0 ? key : firstKey;
        return new LevelProgress(level, newAll, newAllButLast, isLast ? key : lastKey, newFirst, version + 1);
    }

    /**
     * The summary of the recorded completions that come before {@code key} (the completion with that key excluded),
     * or empty when that needs the completions themselves (recorded completions come after {@code key}).
     */
    public Optional<Summary> previousOf(String key) {
        if (lastKey == null || key.compareTo(lastKey) > 0) {
            return Optional.of(all);
        }
        if (key.equals(lastKey)) {
            return Optional.of(allButLast);
        }
        return Optional.empty();
    }
}
