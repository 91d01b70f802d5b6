package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the work of a Task state. For {@code arn:aws:states:::lambda:invoke} the invocation's input is the effective
 * Parameters ({@code {"FunctionName": ..., "Payload": ...}}) and the result must be the Lambda Invoke API response
 * ({@code {"StatusCode": 200, "Payload": ..., "ExecutedVersion": ...}}); for a plain Lambda function ARN the input is
 * the function's event and the result its return value; other resources receive their effective input and return
 * the integration's result. Called concurrently from many threads.
 */
@FunctionalInterface
public interface TaskInvoker {
    /**
     * Performs one attempt of a Task. Throw {@link TaskFailedException} for a task error (seen by Retry/Catch); any
     * other exception fails the execution with {@code States.Runtime}.
     */
    JsonNode invoke(TaskInvocation invocation) throws TaskFailedException;

    /**
     * Whether this invoker answers at once without blocking (from memory, as a mock configuration does): the engine
     * then calls it on the execution's own thread instead of handing it to its pool. Default: false.
     */
    default boolean immediate() {
        return false;
    }

    /** Called once when an execution ends (whatever its status), to release per-execution state. */
    default void executionEnded(String executionArn) {
    }
}
