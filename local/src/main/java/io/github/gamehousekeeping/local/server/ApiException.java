package io.github.gamehousekeeping.local.server;

/**
 * A Step Functions API error: {@code code} is the {@code __type} the AWS SDK maps to its modeled exception
 * (ExecutionAlreadyExists, ExecutionDoesNotExist, StateMachineDoesNotExist, InvalidName, InvalidArn, ...).
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final int httpStatus;

    public ApiException(String code, String message) {
        this(code, message, 400);
    }

    public ApiException(String code, String message, int httpStatus) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The error code, e.g. {@code ExecutionAlreadyExists}. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    static ApiException invalidArn(String arn) {
        return new ApiException("InvalidArn", "Invalid Arn: '" + arn + "'");
    }

    static ApiException validation(String message) {
        return new ApiException("ValidationException", message);
    }
}
