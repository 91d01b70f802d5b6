package io.github.gamehousekeeping.infra;

import java.util.List;

/**
 * The CloudWatch Logs Insights queries the stack saves ({@code AWS::Logs::QueryDefinition}, under the folder
 * {@value #FOLDER} of the console's saved queries) and the dashboard runs. They read the fields the functions write
 * (see the functions' {@code logging.StepLog}: {@code step}, {@code requestId}, {@code coldStart}, {@code executionName},
 * {@code eventId}, {@code playerId}, {@code gameLevel}, {@code outcome}, ...), Lambda's JSON platform records
 * ({@code type = "platform.report"}) and the state machine's execution history records ({@code type},
 * {@code execution_arn}, {@code details}).
 */
public final class LogQueries {
    /** Saved queries are named {@code FOLDER/name}: the console shows them as a folder. */
    public static final String FOLDER = "GameHousekeeping";
    /** What an operator replaces with the eventId (= execution name) in {@link #ONE_EXECUTION}. */
    public static final String EVENT_ID_PLACEHOLDER = "EVENT_ID";

    /** Which log groups a query reads. */
    public enum Scope { STATE_MACHINE, FUNCTIONS, FUNCTIONS_AND_STATE_MACHINE }

    /** A saved query: name (inside {@link #FOLDER}), the log groups it reads, the query text. */
    public record Query(String name, Scope scope, String text) {
        public String definitionName() {
            return FOLDER + "/" + name;
        }
    }

    public static final Query FAILED_EXECUTIONS = new Query("FailedExecutionsByErrorAndCause", Scope.STATE_MACHINE, """
            fields @timestamp, type, execution_arn, details.error, details.cause
            | filter type in ["ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"]
            | stats count(*) as executions, latest(execution_arn) as lastExecution by type, details.error, details.cause
            | sort executions desc""");

    public static final Query ONE_EXECUTION = new Query("OneExecutionAcrossFunctionsAndStateMachine",
            Scope.FUNCTIONS_AND_STATE_MACHINE, """
            fields @timestamp, @log, coalesce(step, type) as what, level, message, outcome, requestId, coldStart, details.error, details.cause
            | filter executionName = "EVENT_ID" or eventId = "EVENT_ID" or execution_arn like ":EVENT_ID"
            | sort @timestamp asc
            | limit 1000""");

    public static final Query SLOWEST_REPORTS = new Query("SlowestInvocationReports", Scope.FUNCTIONS, """
            fields @timestamp, @log, record.requestId, record.metrics.durationMs, record.metrics.billedDurationMs, record.metrics.initDurationMs, record.metrics.restoreDurationMs, record.metrics.maxMemoryUsedMB, record.status
            | filter type = "platform.report"
            | sort record.metrics.durationMs desc
            | limit 50""");

    public static final Query CONFLICTS_AND_DUPLICATES = new Query("ConflictsAndDuplicates", Scope.FUNCTIONS, """
            fields @timestamp, step, outcome, executionName, eventId, playerId, gameLevel, message, reason
            | filter outcome in ["conflict", "duplicate"]
            | sort @timestamp desc
            | limit 200""");

    /** Cold starts per function and 5 minutes: one outcome line per invocation, coldStart on the first one. */
    public static final String COLD_STARTS = """
            filter ispresent(outcome) and (coldStart = 1 or coldStart = "true")
            | stats count(*) as coldStarts by bin(5m), step""";

    public static final List<Query> SAVED = List.of(FAILED_EXECUTIONS, ONE_EXECUTION, SLOWEST_REPORTS,
            CONFLICTS_AND_DUPLICATES);

    private LogQueries() {
    }
}
