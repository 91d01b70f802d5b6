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
 */
public record Submission(String executionArn, Instant startDate, boolean alreadyStarted) {
}
