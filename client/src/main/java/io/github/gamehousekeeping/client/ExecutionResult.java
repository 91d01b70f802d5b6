package io.github.gamehousekeeping.client;

import io.github.gamehousekeeping.contract.HousekeepingOutput;

/** How an execution ended. */
public sealed interface ExecutionResult permits ExecutionResult.Succeeded, ExecutionResult.Failed {

    String executionArn();

    /** {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT} or {@code ABORTED}. */
    String status();

    /** The execution succeeded; {@code output} is the workflow's typed output (event, report, recorded). */
    record Succeeded(String executionArn, HousekeepingOutput output) implements ExecutionResult {
        @Override
        public String status() {
            return "SUCCEEDED";
        }
    }

    /**
     * The execution failed, timed out or was aborted.
     *
     * @param status {@code FAILED}, {@code TIMED_OUT} or {@code ABORTED}
     * @param error  the error name, e.g. {@code Housekeeping.InvalidEvent} (null when Step Functions gives none, as for
     *               an abort without an error)
     * @param cause  the cause text (null when none)
     */
    record Failed(String executionArn, String status, String error, String cause) implements ExecutionResult {
    }
}
