package io.github.gamehousekeeping.local.asl;

/** A Task's failure as its integration reports it: an error name and a cause (both visible to Retry/Catch). */
public class TaskFailedException extends Exception {
    private final String error;
    private final String cause;

    public TaskFailedException(String error, String cause) {
        super(error + (cause == null ? "" : ": " + cause));
        this.error = error;
        this.cause = cause;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }
}
