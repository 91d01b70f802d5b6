package io.github.gamehousekeeping.contract;

/**
 * Environment variables the stack sets on the functions (table names come from {@link TableSchema#environmentVariable()}).
 */
public final class FunctionEnvironment {
    /** CloudWatch namespace of the published metrics. */
    public static final String METRICS_NAMESPACE = "METRICS_NAMESPACE";
    /** How metrics are published: {@code emf} (default, embedded metric format in the log) or {@code api} (PutMetricData). */
    public static final String METRICS_MODE = "METRICS_MODE";

    private FunctionEnvironment() {
    }
}
