package io.github.gamehousekeeping.local.asl;

public enum ExecutionStatus {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED
}
