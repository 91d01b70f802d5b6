package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Redrive bookkeeping of one running state machine: the execution's, a Parallel branch's or a Map iteration's (one per
 * history lane). It follows the state the machine is in, with the input and local variables that state was entered
 * with, and for a Parallel or Map state the outputs of the branches/iterations that succeeded and the cursors of those
 * that ran and did not (failed or aborted). When the execution ends, {@link #point()} freezes it into where a redrive
 * resumes, nested as deep as the Parallel/Map states go (AWS: a redrive runs only the branches and iterations that
 * failed or aborted, recursively). A redriven run hands each machine its {@link Point} back, used once.
 */
final class RedriveCursor {
    /**
     * Where a (nested) state machine resumes: its state, that state's input and the machine's local variables; for a
     * Parallel/Map state, the outputs of the children kept and the resume points of the children run again (a child
     * in neither runs again from its StartAt).
     */
    record Point(String state, JsonNode input, Map<String, JsonNode> variables, Map<Integer, JsonNode> succeeded,
                 Map<Integer, Point> children) {
    }

    private volatile Point resume;
    /** The resumed state's children (kept outputs, resume points) until its first attempt has launched them. */
    private volatile Point stateResume;
    private volatile boolean resumedStateEntered;
    private volatile String state;
    private volatile JsonNode input;
    private volatile Map<String, JsonNode> variables = Map.of();
    private volatile String failedWith;
    private final Map<Integer, JsonNode> succeeded = new ConcurrentHashMap<>();
    private final Map<Integer, RedriveCursor> children = new ConcurrentHashMap<>();

    /** @param resume where this machine resumes (redrive), or null: from its StartAt */
    RedriveCursor(Point resume) {
        this.resume = resume;
    }

    /** The point this machine resumes at, once (null: a fresh start). */
    Point takeResume() {
        Point p = resume;
        resume = null;
        stateResume = p;
        return p;
    }

    /** The machine enters a state (the first entry after {@link #takeResume} is the resumed state). */
    void enter(String stateName, JsonNode stateInput, Map<String, JsonNode> localVariables) {
        if (resumedStateEntered) {
            stateResume = null;
        }
        resumedStateEntered = true;
        state = stateName;
        input = stateInput;
        variables = localVariables;
        failedWith = null;
        succeeded.clear();
        children.clear();
    }

    /** The current state failed with this error (not caught). */
    void failed(String error) {
        failedWith = error;
    }

    /** A Parallel/Map attempt starts its children: forget an earlier attempt's. */
    void childrenStarting() {
        succeeded.clear();
        children.clear();
    }

    /** Redrive: the output of child {@code index} kept from an earlier run (not run again), else null. */
    JsonNode kept(int index) {
        Point p = stateResume;
        return p == null ? null : p.succeeded().get(index);
    }

    /** The cursor of child {@code index}, starting now (resuming where it stopped in an earlier run, if it did). */
    RedriveCursor child(int index) {
        Point p = stateResume;
        RedriveCursor c = new RedriveCursor(p == null ? null : p.children().get(index));
        children.put(index, c);
        return c;
    }

    void childSucceeded(int index, JsonNode output) {
        children.remove(index);
        succeeded.put(index, output);
    }

    /** The first attempt has launched its children: a retry of the state runs them all again. */
    void childrenDone() {
        stateResume = null;
    }

    /** Where a redrive resumes this machine, null if it entered no state. */
    Point point() {
        String s = state;
        if (s == null) {
            return resume;
        }
        if (ErrorNames.DATA_LIMIT_EXCEEDED.equals(failedWith)) {
            // AWS: a Parallel/Map that failed with States.DataLimitExceeded runs again whole.
            return new Point(s, input, variables, Map.of(), Map.of());
        }
        Point unused = stateResume;
        if (unused != null) { // the resumed state failed before launching its children: keep what the earlier run kept
            return new Point(s, input, variables, unused.succeeded(), unused.children());
        }
        Map<Integer, Point> points = new HashMap<>();
        children.forEach((index, c) -> {
            Point p = c.point();
            if (p != null) {
                points.put(index, p);
            }
        });
        return new Point(s, input, variables, Map.copyOf(succeeded), Map.copyOf(points));
    }
}
