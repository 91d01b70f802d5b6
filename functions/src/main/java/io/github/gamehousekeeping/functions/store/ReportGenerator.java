package io.github.gamehousekeeping.functions.store;

import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.LevelReport;

import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Computes the {@link LevelReport} of an event from the player's recorded completions.
 *
 * <p>"Previous" completions are the player's completions that come before this event in (completedAt instant,
 * eventId) order, this eventId excluded. The report therefore does not depend on whether the recorder (which runs in
 * parallel) has already written this event, nor on how often the event is processed.
 */
public final class ReportGenerator {
    private final CompletionStore store;

    public ReportGenerator(CompletionStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Reads the player's history and computes the report. */
    public LevelReport generate(CompletionEvent event) {
        return compute(event, store.history(event.playerId()));
    }

    /** The store this generator reads (for priming). */
    public CompletionStore store() {
        return store;
    }

    /** The report of {@code event} given the player's completions (which may or may not include the event itself). */
    public static LevelReport compute(CompletionEvent event, Collection<StoredCompletion> history) {
        String at = CompletionItems.completedAtUtc(event);
        int previousSameLevel = 0;
        Long previousBestScore = null;
        Long previousBestDuration = null;
        Set<Integer> levels = new HashSet<>();
        levels.add(event.level());
        for (StoredCompletion c : history) {
            if (c.eventId().equals(event.eventId()) || !isBefore(c, at, event.eventId())) {
                continue;
            }
            levels.add(c.level());
            if (c.level() != event.level()) {
                continue;
            }
            previousSameLevel++;
            previousBestScore = previousBestScore == null ? c.score() : Math.max(previousBestScore, c.score());
            previousBestDuration = previousBestDuration == null ? c.durationMs() : Math.min(previousBestDuration, c.durationMs());
        }
        long bestScore = previousBestScore == null ? event.score() : Math.max(previousBestScore, event.score());
        boolean newPersonalBest = previousBestScore == null || event.score() > previousBestScore;
        return new LevelReport(event.level(), previousSameLevel + 1, previousBestScore, bestScore, newPersonalBest,
                previousBestDuration, levels.size());
    }

    private static boolean isBefore(StoredCompletion c, String at, String eventId) {
        int byTime = c.completedAtUtc().compareTo(at);
        return byTime < 0 || (byTime == 0 && c.eventId().compareTo(eventId) < 0);
    }
}
