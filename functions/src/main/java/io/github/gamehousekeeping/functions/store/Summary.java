package io.github.gamehousekeeping.functions.store;

/**
 * What a report needs to know about a set of completions of one level: how many, the best score and the shortest
 * duration (both null when there are none).
 */
public record Summary(int completions, Long bestScore, Long bestDurationMs) {
    public static final Summary NONE = new Summary(0, null, null);

    /** This summary with one more completion. */
    public Summary plus(long score, long durationMs) {
        return new Summary(completions + 1,
                bestScore == null ? score : Math.max(bestScore, score),
                bestDurationMs == null ? durationMs : Math.min(bestDurationMs, durationMs));
    }
}
