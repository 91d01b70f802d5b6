package io.github.gamehousekeeping.local.asl;

/**
 * A failure inside an execution carrying an ASL error name and cause, as a state's Retry/Catch sees it. Unwinds the
 * interpreter; has no stack trace (it is control flow, thrown often under retries).
 */
public final class StatesError extends RuntimeException {
    private final String error;
    private final String cause;
    private final boolean fromTask;
    private final boolean heartbeat;

    public StatesError(String error, String cause) {
        this(error, cause, false, false);
    }

    public StatesError(String error, String cause, boolean fromTask) {
        this(error, cause, fromTask, false);
    }

    private StatesError(String error, String cause, boolean fromTask, boolean heartbeat) {
        super(error + (cause == null ? "" : ": " + cause), null, false, false);
        this.error = error;
        this.cause = cause;
        this.fromTask = fromTask;
        this.heartbeat = heartbeat;
    }

    /** A Task that sent no heartbeat within HeartbeatSeconds: error States.Timeout, also matched by States.HeartbeatTimeout. */
    public static StatesError heartbeatTimeout(String cause) {
        return new StatesError(ErrorNames.TIMEOUT, cause, true, true);
    }

    public boolean heartbeat() {
        return heartbeat;
    }

    public static StatesError runtime(String cause) {
        return new StatesError(ErrorNames.RUNTIME, cause);
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    /** True when the error was reported by a Task (so {@code States.TaskFailed} matches it). */
    public boolean fromTask() {
        return fromTask;
    }

    /** The same error with another cause text. */
    public StatesError withCause(String newCause) {
        return new StatesError(error, newCause, fromTask, heartbeat);
    }
}
