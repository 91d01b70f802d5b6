package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Parallel: runs every branch concurrently on the same input; the result is the array of their outputs. */
public final class ParallelState extends State.ResultState {
    public final List<Machine> branches;
    /** Parameters (JSONPath) or Arguments (JSONata), or null. */
    final Template arguments;

    ParallelState(Common c, Paths.ReferencePath resultPath, Template resultSelector, List<Retrier> retriers, List<Catcher> catchers,
                  List<Machine> branches, Template arguments) {
        super(c, "Parallel", resultPath, resultSelector, retriers, catchers);
        this.branches = List.copyOf(branches);
        this.arguments = arguments;
    }

    @Override
    JsonNode attempt(StateRun r, JsonNode effective, Env env, int attempt) {
        JsonNode branchInput = arguments != null ? arguments.evaluate(effective, env) : effective;
        return new BranchRunner(r).parallel(branches, branchInput);
    }
}
