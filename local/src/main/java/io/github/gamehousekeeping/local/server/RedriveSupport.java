package io.github.gamehousekeeping.local.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.ExecutionResult;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.asl.HistoryEvent;
import io.github.gamehousekeeping.local.asl.TaskFailedException;
import io.github.gamehousekeeping.local.asl.TaskInvocation;
import io.github.gamehousekeeping.local.asl.TaskInvoker;

import java.util.List;

/** RedriveExecution's rules: which executions are redrivable (AWS's reasons) and per-execution task state. */
final class RedriveSupport {
    /** AWS's quota on redrives of one execution. */
    static final int MAX_REDRIVES = 1000;

    private RedriveSupport() {
    }

    /** AWS's redriveStatusReason when RedriveExecution would fail with ExecutionNotRedrivable, else null. */
    static String notRedrivableReason(ExecutionService.Execution e) {
        if (e.isExpress()) {
            return "Execution is of type EXPRESS and cannot be redriven.";
        }
        ExecutionStatus status = e.status();
        if (status == ExecutionStatus.RUNNING || status == ExecutionStatus.SUCCEEDED) {
            return "Execution is " + status + " and cannot be redriven.";
        }
        if (e.redriveCount() >= MAX_REDRIVES) {
            return "Execution has been redriven the maximum number of times (" + MAX_REDRIVES + ").";
        }
        ExecutionResult r = e.result();
        if (r != null && historyLimitReached(r.history())) {
            return "Execution history event limit exceeded.";
        }
        return null;
    }

    private static boolean historyLimitReached(List<HistoryEvent> history) {
        return history.size() >= 25_000;
    }

    /**
     * A Standard execution's invoker keeps its per-execution state (e.g. the call counters of a mock configuration)
     * until the execution succeeds, so a redrive goes on counting: a mock failing on the first call and succeeding
     * on the second succeeds when redriven.
     */
    static TaskInvoker keepStateForRedrive(TaskInvoker invoker) {
        return new Kept(invoker);
    }

    private record Kept(TaskInvoker invoker) implements TaskInvoker, Releasable {
        @Override
        public JsonNode invoke(TaskInvocation invocation) throws TaskFailedException {
            return invoker.invoke(invocation);
        }

        @Override
        public void executionEnded(String executionArn) {
            // deferred: see releaseState
        }

        @Override
        public void release(String executionArn) {
            invoker.executionEnded(executionArn);
        }
    }

    /** Releases what {@link #keepStateForRedrive} kept (called when the execution succeeds). */
    static void releaseState(TaskInvoker wrapped, String executionArn) {
        if (wrapped instanceof Releasable r) {
            r.release(executionArn);
        }
    }

    interface Releasable {
        void release(String executionArn);
    }
}
