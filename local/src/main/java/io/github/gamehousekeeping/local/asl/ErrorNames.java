package io.github.gamehousekeeping.local.asl;

import java.util.List;

/** The predefined {@code States.*} error names and the Retry/Catch matching rules. */
public final class ErrorNames {
    public static final String ALL = "States.ALL";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String TIMEOUT = "States.Timeout";
    public static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    public static final String RUNTIME = "States.Runtime";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String BRANCH_FAILED = "States.BranchFailed";
    public static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
    public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    public static final String PARAMETER_PATH_FAILURE = "States.ParameterPathFailure";
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    public static final String PERMISSIONS = "States.Permissions";
    public static final String QUERY_EVALUATION_ERROR = "States.QueryEvaluationError";

    private ErrorNames() {
    }

    /**
     * Terminal errors: never retried nor caught, not even by {@code States.ALL} or by naming them (AWS: "States.ALL
     * does not match States.Runtime and States.DataLimitExceeded").
     */
    public static boolean isTerminal(String error) {
        return RUNTIME.equals(error) || DATA_LIMIT_EXCEEDED.equals(error);
    }

    /** Whether an ErrorEquals list matches an error. */
    public static boolean matches(List<String> errorEquals, StatesError e, boolean fromBranch) {
        String error = e.error();
        if (isTerminal(error)) {
            return false;
        }
        for (String name : errorEquals) {
            if (name.equals(error) || ALL.equals(name)) {
                return true;
            }
            if (TASK_FAILED.equals(name) && e.fromTask() && !TIMEOUT.equals(error)) {
                return true;
            }
            if (HEARTBEAT_TIMEOUT.equals(name) && e.heartbeat()) {
                return true;
            }
            if (BRANCH_FAILED.equals(name) && fromBranch) {
                return true;
            }
        }
        return false;
    }
}
