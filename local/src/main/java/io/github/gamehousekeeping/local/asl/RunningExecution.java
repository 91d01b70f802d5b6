package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A running or finished execution. Thread-safe. */
public final class RunningExecution {
    private final Interpreter run;
    private final CompletableFuture<ExecutionResult> done = new CompletableFuture<>();

    RunningExecution(Interpreter run) {
        this.run = run;
    }

    void complete(ExecutionResult result) {
        done.complete(result);
    }

    public String executionArn() {
        return run.executionArn;
    }

    public String name() {
        return run.name;
    }

    public String stateMachineArn() {
        return run.stateMachineArn;
    }

    public Instant startDate() {
        return run.startTime;
    }

    public ExecutionStatus status() {
        return done.isDone() ? done.join().status() : ExecutionStatus.RUNNING;
    }

    /** The history so far. */
    public List<HistoryEvent> history() {
        return run.history.snapshot();
    }

    public ArrayNode historyJson() {
        ArrayNode a = Json.array();
        history().forEach(e -> a.add(e.toJson()));
        return a;
    }

    public CompletableFuture<ExecutionResult> completion() {
        return done;
    }

    public ExecutionResult await() throws InterruptedException {
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public ExecutionResult await(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Where a redrive of this ended execution resumes (RedriveExecution); null while it runs. */
    public RedrivePoint redrivePoint() {
        return done.isDone() ? run.redrivePoint() : null;
    }

    /**
     * StopExecution: a running execution ends ABORTED (its running states are abandoned, an ExecutionAborted event
     * closes the history). Returns false if it had already ended.
     */
    public boolean stop(String error, String cause) {
        if (done.isDone()) {
            return false;
        }
        run.abortError = error;
        run.abortCause = cause;
        run.root.cancel(Scope.Reason.ABORTED);
        return true;
    }
}
