package io.github.gamehousekeeping.contract;

/** Error names the state machine ends with; shared by the CDK stack, the local runtime and the client. */
public final class WorkflowErrors {
    /** The event broke the contract; nothing was written. */
    public static final String INVALID_EVENT = "Housekeeping.InvalidEvent";
    /** Recording the completion failed (after retries, or a non-retryable error such as a conflicting eventId). */
    public static final String RECORDING_FAILED = "Housekeeping.RecordingFailed";
    /** Generating the report failed. */
    public static final String REPORT_FAILED = "Housekeeping.ReportFailed";
    /** Publishing metrics failed. */
    public static final String METRICS_FAILED = "Housekeeping.MetricsFailed";

    private WorkflowErrors() {
    }
}
