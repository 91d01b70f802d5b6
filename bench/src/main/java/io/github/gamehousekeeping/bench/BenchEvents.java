package io.github.gamehousekeeping.bench;

import io.github.gamehousekeeping.contract.CompletionEvent;

import java.time.Instant;

/**
 * The completion events the full-flow benchmarks send: 97 players, 20 levels, one game completion in ten, and
 * {@code completedAt} 100 ms later for each event, as a game backend sends them. In order matters: a report of an event
 * that has later completions of its level already recorded takes the late-event path (one more Query), which a stream
 * of equal timestamps would make frequent (the order then falls to the eventIds' string order).
 */
final class BenchEvents {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private BenchEvents() {
    }

    /** The {@code n}th event, eventId {@code prefix + n}. */
    static CompletionEvent event(String prefix, long n) {
        return new CompletionEvent(prefix + n, "player-" + (n % 97), 1 + (int) (n % 20), n % 10_000, 30_000 + n % 1000,
                T0.plusMillis(n * 100).toString(), n % 10 == 0);
    }
}
