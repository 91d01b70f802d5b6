package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a redriven execution resumes (RedriveExecution): the history so far, the top-level state that was running
 * when the execution ended, with the input and variables it was entered with, and the outputs of the branches or
 * iterations of that state (a Parallel or Map) that had succeeded, which the redrive does not run again. Nested
 * Parallel/Map states inside a branch are run again as a whole. Get one from {@link RunningExecution#redrivePoint()}.
 */
public final class RedrivePoint {
    final List<HistoryEvent> history;
    final String state;
    final JsonNode input;
    final Map<String, JsonNode> variables;
    final Map<Integer, JsonNode> succeededChildren;
    final int redriveCount;
    final Instant startTime;

    RedrivePoint(List<HistoryEvent> history, String state, JsonNode input, Map<String, JsonNode> variables,
                 Map<Integer, JsonNode> succeededChildren, int redriveCount, Instant startTime) {
        this.history = List.copyOf(history);
        this.state = state;
        this.input = input;
        this.variables = Map.copyOf(variables);
        this.succeededChildren = Map.copyOf(succeededChildren);
        this.redriveCount = redriveCount;
        this.startTime = startTime;
    }

    /** The redrive count of the execution this point resumes (1 for the first redrive). */
    public int redriveCount() {
        return redriveCount;
    }

    /** The top-level state the redrive restarts from (null: from StartAt). */
    public String state() {
        return state;
    }

    /** Branch or iteration indexes of that state that succeeded and are not run again. */
    public java.util.Set<Integer> succeededChildren() {
        return succeededChildren.keySet();
    }
}
