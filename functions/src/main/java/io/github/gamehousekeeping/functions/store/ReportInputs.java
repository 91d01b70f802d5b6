package io.github.gamehousekeeping.functions.store;

import java.util.Map;

/**
 * What a report reads from PlayerProgress: the progress of the event's level, and the order key of the first
 * completion of each level the player has completed.
 */
public record ReportInputs(LevelProgress level, Map<Integer, String> firstCompletions) {
    public ReportInputs {
        firstCompletions = Map.copyOf(firstCompletions);
    }
}
