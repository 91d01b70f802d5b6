package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs the nested machines of a Parallel (its branches) or a Map (one iteration per item), here or on the engine's
 * pool ({@link Forks}), each with its own history lane and variable scope, through one outcome loop: results in order,
 * the first failure cancels the rest (unless a Map tolerates it), at most {@code max} in flight (0: no limit).
 */
final class BranchRunner {
    private record Outcome(int index, JsonNode output, StatesError error, long lastEventId) {
    }

    /** Starts one child (a branch or an iteration) on its lane; null when the input could not be made. */
    private interface Launcher {
        void launch(int index, BlockingQueue<Outcome> outcomes, Scope children);
    }

    private final StateRun r;
    private final Interpreter in;
    private final History history;
    /** The children started, run here or on the engine's pool (see {@link Forks}). */
    private final Forks.Group forks;

    BranchRunner(StateRun r) {
        this.r = r;
        this.in = r.interpreter;
        this.history = in.history;
        this.forks = new Forks.Group(in.engine.executor());
    }

    JsonNode parallel(List<Machine> branches, JsonNode input) {
        long startedId = history.add(r.lane, "ParallelStateStarted", null, null);
        ArrayNode out = loop(branches.size(), 0, startedId, null, null, (index, outcomes, children) -> {
            History.Lane lane = new History.Lane(startedId, r.lane.cursor.child(index));
            Variables scope = r.variables.child();
            forks.fork(() -> outcomes.add(runChild(index, branches.get(index), input, lane, children, scope)));
        });
        if (out == null) {
            history.add(r.lane, "ParallelStateFailed", null, null);
            throw failure;
        }
        history.add(r.lane, "ParallelStateSucceeded", null, null);
        return out;
    }

    JsonNode map(MapState st, ArrayNode items, JsonNode effective, Env env, int max, Integer toleratedCount, Double toleratedPercent) {
        int n = items.size();
        ObjectNode startedDetails = Json.object();
        startedDetails.put("length", n);
        long startedId = history.add(r.lane, "MapStateStarted", "mapStateStartedEventDetails", startedDetails);
        ArrayNode out = loop(n, max, startedId, toleratedCount, toleratedPercent, (index, outcomes, children) -> {
            JsonNode input = st.iterationInput(effective, env, index, items.get(index));
            History.Lane lane = new History.Lane(startedId, r.lane.cursor.child(index));
            ObjectNode details = Json.object();
            details.put("name", st.name);
            details.put("index", index);
            history.add(lane, "MapIterationStarted", "mapIterationStartedEventDetails", details);
            Variables scope = st.distributed ? new Variables(null) : r.variables.child();
            forks.fork(() -> {
                Outcome o = runChild(index, st.processor, input, lane, children, scope);
                try {
                    String type = o.output() != null ? "MapIterationSucceeded" : o.error() != null ? "MapIterationFailed" : "MapIterationAborted";
                    String key = o.output() != null ? "mapIterationSucceededEventDetails" : o.error() != null
                            ? "mapIterationFailedEventDetails" : "mapIterationAbortedEventDetails";
                    history.add(lane, type, key, details);
                } finally {
                    outcomes.add(new Outcome(o.index(), o.output(), o.error(), lane.lastId));
                }
            });
        });
        if (out == null) {
            history.add(r.lane, "MapStateFailed", null, null);
            throw failure;
        }
        history.add(r.lane, "MapStateSucceeded", null, null);
        return out;
    }

    private StatesError failure;

    /**
     * The outcome loop: launches children up to {@code max} in flight, collects their outcomes in index order. Returns
     * the results, or null with {@link #failure} set. A Map's tolerated failures keep their error output as result.
     */
    private ArrayNode loop(int n, int max, long startedId, Integer toleratedCount, Double toleratedPercent, Launcher launcher) {
        Scope children = r.scope.child();
        RedriveCursor cursor = r.lane.cursor;
        cursor.childrenStarting();
        BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
        JsonNode[] results = new JsonNode[n];
        boolean tolerant = toleratedCount != null || toleratedPercent != null;
        int failed = 0;
        long last = startedId;
        int next = 0;
        int running = 0;
        while (true) {
            while (failure == null && !children.isCancelled() && next < n && (max == 0 || running < max)) {
                int index = next++;
                JsonNode before = cursor.kept(index);
                if (before != null) { // redrive: this branch/iteration succeeded in an earlier run
                    cursor.childSucceeded(index, before);
                    results[index] = before;
                    continue;
                }
                try {
                    launcher.launch(index, outcomes, children);
                } catch (StatesError e) {
                    failure = e;
                    children.cancel(Scope.Reason.SIBLING_FAILED);
                    break;
                }
                running++;
            }
            if (running == 0) {
                break;
            }
            Outcome o = outcomes.poll();
            if (o == null) {
                if (forks.runNext()) { // a child no thread runs yet runs here; its outcome is queued
                    continue;
                }
                Forks.release();
                o = take(outcomes, children);
            }
            running--;
            last = Math.max(last, o.lastEventId());
            if (o.error() != null && failure == null) {
                failed++;
                if (tolerant && (toleratedCount == null || failed <= toleratedCount)
                        && (toleratedPercent == null || failed * 100.0 / n <= toleratedPercent)) {
                    ObjectNode errorOutput = Json.object();
                    errorOutput.put("Error", o.error().error());
                    if (o.error().cause() != null) {
                        errorOutput.put("Cause", o.error().cause());
                    }
                    results[o.index()] = errorOutput;
                    continue;
                }
                failure = tolerant ? new StatesError("States.ExceedToleratedFailureThreshold",
                        "The number of failed iterations (" + failed + ") exceeded the tolerated failure threshold") : o.error();
                children.cancel(Scope.Reason.SIBLING_FAILED);
            } else if (o.output() != null) {
                results[o.index()] = o.output();
                cursor.childSucceeded(o.index(), o.output());
            }
        }
        children.close();
        cursor.childrenDone();
        r.lane.lastId = Math.max(r.lane.lastId, last);
        r.scope.check();
        if (failure != null) {
            return null;
        }
        ArrayNode out = Json.array();
        for (JsonNode x : results) {
            out.add(x);
        }
        return out;
    }

    private Outcome runChild(int index, Machine machine, JsonNode input, History.Lane lane, Scope children, Variables scope) {
        try {
            return new Outcome(index, in.runMachine(machine, input, lane, children, scope), null, lane.lastId);
        } catch (StatesError e) {
            return new Outcome(index, null, e, lane.lastId);
        } catch (Scope.Cancelled c) {
            return new Outcome(index, null, null, lane.lastId);
        } catch (RuntimeException | Error e) {
            return new Outcome(index, null, StatesError.runtime("Internal error of the local engine: " + e), lane.lastId);
        }
    }

    private static Outcome take(BlockingQueue<Outcome> outcomes, Scope children) {
        while (true) {
            try {
                return outcomes.take();
            } catch (InterruptedException e) {
                children.cancel(Scope.Reason.ABORTED);
            }
        }
    }
}
