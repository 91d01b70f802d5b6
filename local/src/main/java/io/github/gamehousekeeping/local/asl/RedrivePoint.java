package io.github.gamehousekeeping.local.asl;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Where a redriven execution resumes (RedriveExecution): the history so far and, for the top-level state machine, the
 * state that was running when the execution ended with the input and variables it was entered with. When that state
 * is a Parallel or Map, the outputs of its branches/iterations that succeeded are kept (not run again) and those that
 * failed or were aborted resume where they stopped, nested Parallel/Map states alike. Get one from
 * {@link RunningExecution#redrivePoint()}.
 */
public final class RedrivePoint {
    final List<HistoryEvent> history;
    /** Null: the execution ended before entering a state (a redrive starts at StartAt). */
    final RedriveCursor.Point root;
    final int redriveCount;
    final Instant startTime;

    RedrivePoint(List<HistoryEvent> history, RedriveCursor.Point root, int redriveCount, Instant startTime) {
        this.history = List.copyOf(history);
        this.root = root;
        this.redriveCount = redriveCount;
        this.startTime = startTime;
    }

    /** The redrive count of the execution this point resumes (1 for the first redrive). */
    public int redriveCount() {
        return redriveCount;
    }

    /** The top-level state the redrive restarts from (null: from StartAt). */
    public String state() {
        return root == null ? null : root.state();
    }

    /** Branch or iteration indexes of that state that succeeded and are not run again. */
    public Set<Integer> succeededChildren() {
        return root == null ? Set.of() : root.succeeded().keySet();
    }
}
