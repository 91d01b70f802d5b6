package io.github.gamehousekeeping.client;

import java.time.Instant;

/**
 * A started (or already started) execution.
 *
 * @param executionArn   the execution's ARN (for a Standard state machine: derived from the event's eventId)
 * @param startDate      when the execution started (the first start's date when it was already started)
 * @param alreadyStarted true when an execution with this eventId and the same input existed and had already closed
 *                       (StartExecution answered ExecutionAlreadyExists), so nothing new was started. A retry while the
 *                       first execution is still running gets Step Functions' own idempotent success and reports false
 *                       with the first execution's ARN and start date.
 * @param existingStatus the existing execution's status when {@code alreadyStarted} (else null)
 * @param existingError  its error when it failed (else null)
 * @param redriven       true when {@link HousekeepingClient#submitOrRedrive} redrove the failed existing execution
 */
public record Submission(String executionArn, Instant startDate, boolean alreadyStarted, String existingStatus,
                         String existingError, boolean redriven) {
    public Submission(String executionArn, Instant startDate, boolean alreadyStarted) {
        this(executionArn, startDate, alreadyStarted, null, null, false);
    }

    /** True when the existing execution of this event ended FAILED, TIMED_OUT or ABORTED (and was not redriven). */
    public boolean existingFailed() {
        return !redriven && ("FAILED".equals(existingStatus) || "TIMED_OUT".equals(existingStatus) || "ABORTED".equals(existingStatus));
    }
}
