package io.github.gamehousekeeping.functions.store;

import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.LevelReport;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Computes the {@link LevelReport} of an event.
 *
 * <p>"Previous" completions are the player's completions that come before this event in (completedAt instant,
 * eventId) order, this eventId excluded. The report therefore does not depend on whether the recorder (which runs in
 * parallel) has already written this event, nor on how often the event is processed.
 *
 * <p>Reads: the two PlayerProgress items of {@link CompletionStore#reportInputs} (the level's summary and the first
 * completion of every level), whatever the length of the player's history. Only an event that has later completions of
 * its level already recorded (delivered late) also reads the level's completions up to it
 * ({@link CompletionStore#levelCompletionsUpTo}).
 */
public final class ReportGenerator {
    private final CompletionStore store;

    public ReportGenerator(CompletionStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Reads the player's progress (and, for a late event, the level's earlier completions) and computes the report. */
    public LevelReport generate(CompletionEvent event) {
        ReportInputs inputs = store.reportInputs(event.playerId(), event.level());
        String key = CompletionItems.orderKey(event);
        Summary previous = inputs.level().previousOf(key)
                .orElseGet(() -> previousOf(event, store.levelCompletionsUpTo(event)));
        return report(event, previous, levelsCompleted(event, inputs.firstCompletions()));
    }

    /** The store this generator reads (for priming). */
    public CompletionStore store() {
        return store;
    }

    /** SnapStart priming: both reads and the computation, for a player that does not exist (read-only). */
    public void prime(CompletionEvent sample) {
        store.primeReport(sample);
        report(sample, previousOf(sample, java.util.List.of()), levelsCompleted(sample, Map.of()));
    }

    /**
     * The report of {@code event} given the player's completions (which may or may not include the event itself): the
     * definition the stored summaries implement, computed from the completions themselves.
     */
    public static LevelReport compute(CompletionEvent event, Collection<StoredCompletion> history) {
        Map<Integer, String> firsts = new HashMap<>();
        for (StoredCompletion c : history) {
            firsts.merge(c.level(), c.completedAtUtc() + "#" + c.eventId(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        return report(event, previousOf(event, history), levelsCompleted(event, firsts));
    }

    /** The summary of the completions of the event's level that come before it (the event itself excluded). */
    static Summary previousOf(CompletionEvent event, Collection<StoredCompletion> completions) {
        String key = CompletionItems.orderKey(event);
        Summary previous = Summary.NONE;
        for (StoredCompletion c : completions) {
            if (c.level() == event.level() && !c.eventId().equals(event.eventId())
                    && (c.completedAtUtc() + "#" + c.eventId()).compareTo(key) < 0) {
                previous = previous.plus(c.score(), c.durationMs());
            }
        }
        return previous;
    }

    /** Distinct levels completed up to this event: its own, and every other level first completed before it. */
    static int levelsCompleted(CompletionEvent event, Map<Integer, String> firstCompletions) {
        String key = CompletionItems.orderKey(event);
        int levels = 1;
        for (Map.Entry<Integer, String> first : firstCompletions.entrySet()) {
            if (first.getKey() != event.level() && first.getValue().compareTo(key) < 0) {
                levels++;
            }
        }
        return levels;
    }

    static LevelReport report(CompletionEvent event, Summary previous, int levelsCompleted) {
        Long previousBestScore = previous.bestScore();
        long bestScore = previousBestScore == null ? event.score() : Math.max(previousBestScore, event.score());
        boolean newPersonalBest = previousBestScore == null || event.score() > previousBestScore;
        return new LevelReport(event.level(), previous.completions() + 1, previousBestScore, bestScore, newPersonalBest,
                previous.bestDurationMs(), levelsCompleted);
    }
}
