package io.github.gamehousekeeping.client;

/**
 * An execution named by this eventId already exists with a different input: the same eventId was used for two
 * different events. Not retryable; nothing was started.
 */
public class ExecutionConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String executionArn;
    private final String eventId;
    private final String existingInput;

    public ExecutionConflictException(String executionArn, String eventId, String existingInput, String message) {
        super(message);
        this.executionArn = executionArn;
        this.eventId = eventId;
        this.existingInput = existingInput;
    }

    /** The existing execution's ARN. */
    public String executionArn() {
        return executionArn;
    }

    public String eventId() {
        return eventId;
    }

    /** The existing execution's input (null when Step Functions did not return it). */
    public String existingInput() {
        return existingInput;
    }
}
