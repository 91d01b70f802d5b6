package io.github.gamehousekeeping.local.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.asl.TaskFailedException;
import io.github.gamehousekeeping.local.asl.TaskInvocation;
import io.github.gamehousekeeping.local.asl.TaskInvoker;

import java.time.Duration;
import java.time.Instant;

/**
 * RedriveExecution's rules: which executions are redrivable, with the reasons AWS gives ({@code redriveStatusReason},
 * also the message of {@code ExecutionNotRedrivable}), and per-execution task state.
 */
final class RedriveSupport {
    /** AWS: an execution whose history has 24,999 events or more cannot be redriven (no room for ExecutionRedriven and one more). */
    static final int MAX_HISTORY_EVENTS = 24_999;
    /** AWS: an execution can be redriven for 14 days after it ended. */
    static final Duration REDRIVABLE_PERIOD = Duration.ofDays(14);
    /** AWS: the maximum open time of an execution (a Standard execution, redrives included), one year. */
    static final Duration MAX_EXECUTION_TIME = Duration.ofDays(365);

    private RedriveSupport() {
    }

    /** AWS's redriveStatusReason when RedriveExecution would fail with ExecutionNotRedrivable now, else null. */
    static String notRedrivableReason(ExecutionService.Execution e, Instant now) {
        if (e.isExpress()) {
            return "Execution is of type EXPRESS and cannot be redriven.";
        }
        ExecutionStatus status = e.status();
        if (status == ExecutionStatus.RUNNING || status == ExecutionStatus.SUCCEEDED) {
            return "Execution is " + status + " and cannot be redriven.";
        }
        if (e.stateMachineDeleted()) {
            return "State machine is in DELETING status.";
        }
        io.github.gamehousekeeping.local.asl.ExecutionResult ended = e.result(); // null: aborted while queued (2 events)
        if (ended != null && ended.history().size() >= MAX_HISTORY_EVENTS) {
            return "Execution history event limit exceeded.";
        }
        if (!now.isBefore(e.startDate().plus(MAX_EXECUTION_TIME))) {
            return "Execution has exceeded the max execution time.";
        }
        Instant stopped = e.stopDate();
        if (stopped != null && now.isAfter(stopped.plus(REDRIVABLE_PERIOD))) {
            return "Execution redrivable period exceeded.";
        }
        return null;
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
        public boolean immediate() {
            return invoker.immediate();
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
