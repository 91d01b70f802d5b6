package io.github.gamehousekeeping.contract;

/**
 * A failure that may succeed when retried: throttling, a 5xx answer or a dropped connection from DynamoDB or CloudWatch.
 * Functions throw only this class for such failures, so the state machine's Retry matches its fully qualified name
 * (that is the error name a Java Lambda reports). Conditional-check and validation failures never become this class.
 */
public class TransientFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TransientFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
