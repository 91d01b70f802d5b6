package io.github.gamehousekeeping.functions.aws;

import io.github.gamehousekeeping.contract.TransientFailureException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * Maps SDK failures to the one retryable class of the workflow, {@link TransientFailureException} (the state machine
 * retries it with backoff), keeping the SDK exception as the cause. Everything else is returned unchanged and fails
 * the step. Service-neutral (error codes, not service exception classes), so the metrics jar can use it without the
 * DynamoDB classes.
 */
public final class AwsErrors {
    /** Error codes that mean "slow down" (throttling) or "try again" (a conflicting transaction in flight). */
    public static final Set<String> TRANSIENT_ERROR_CODES = Set.of(
            "ProvisionedThroughputExceededException", "RequestLimitExceeded", "ThrottlingException", "Throttling",
            "ThrottledException", "TooManyRequestsException", "TransactionConflictException",
            "TransactionInProgressException", "InternalServerError",
            "InternalFailure", "ServiceUnavailable", "ServiceUnavailableException");

    private AwsErrors() {
    }

    /** True for throttling, 5xx, a transient error code, a dropped connection (any I/O failure) or a timeout. */
    public static boolean isTransient(Throwable failure) {
        if (failure instanceof TransientFailureException) {
            return true;
        }
        if (failure instanceof SdkServiceException service) {
            if (service.isThrottlingException() || service.statusCode() >= 500 || service.statusCode() == 429) {
                return true;
            }
            if (service instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
                String code = aws.awsErrorDetails().errorCode();
                return code != null && TRANSIENT_ERROR_CODES.contains(code);
            }
            return false;
        }
        if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        // Connection refused/reset, socket timeout, unexpected end of stream: the SDK wraps the IOException in an
        // SdkClientException, or (reading a response body) lets an UncheckedIOException through.
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * The exception to throw for a failure of an SDK call during {@code action}: a {@link TransientFailureException}
     * (cause kept, message one line: what failed and why, no stack trace) when {@link #isTransient} holds, else the
     * failure itself.
     */
    public static RuntimeException translate(RuntimeException failure, String action) {
        if (isTransient(failure)) {
            return new TransientFailureException(action + " failed transiently: " + describe(failure), failure);
        }
        return failure;
    }

    /** One line: the error code or exception class and its message, then the root cause's, at most 400 characters. */
    static String describe(Throwable failure) {
        String text;
        if (failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            text = aws.awsErrorDetails().errorCode() + " (HTTP " + aws.statusCode() + "): " + aws.awsErrorDetails().errorMessage();
        } else {
            text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root != failure && (failure.getMessage() == null || root.getMessage() == null
                    || !failure.getMessage().contains(root.getMessage()))) {
                text += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
            }
        }
        text = text.replaceAll("\\s+", " ").trim();
        return text.length() <= 400 ? text : text.substring(0, 397) + "...";
    }
}
