package io.github.gamehousekeeping.client;

import java.time.Duration;

/** The execution was still running when the caller's timeout passed. The execution itself goes on. */
public class AwaitTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String executionArn;
    private final Duration timeout;
    private final String lastStatus;

    public AwaitTimeoutException(String executionArn, Duration timeout, String lastStatus) {
        super("Execution " + executionArn + " still " + lastStatus + " after " + timeout.toMillis() + " ms");
        this.executionArn = executionArn;
        this.timeout = timeout;
        this.lastStatus = lastStatus;
    }

    public String executionArn() {
        return executionArn;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The status last seen ({@code RUNNING}, {@code PENDING_REDRIVE}, or {@code UNKNOWN} when none was read). */
    public String lastStatus() {
        return lastStatus;
    }
}
