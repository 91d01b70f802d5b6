package io.github.gamehousekeeping.local.lambda;

/**
 * The Invoke API's HTTP 429 {@code TooManyRequestsException}: the invocation would exceed the concurrency limit,
 * so Lambda refused it without running it (nothing of the function ran). Step Functions reports it as
 * {@code Lambda.TooManyRequestsException}, which the workflow's Retry covers.
 */
public final class LambdaThrottledException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    LambdaThrottledException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** {@code ConcurrentInvocationLimitExceeded} or {@code ReservedFunctionConcurrentInvocationLimitExceeded}, as AWS. */
    public String reason() {
        return reason;
    }
}
