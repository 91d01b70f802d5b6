package io.github.gamehousekeeping.contract;

import java.util.List;

/**
 * What PublishMetrics emitted.
 *
 * @param mode        {@code emf} (embedded metric format through the Lambda logger) or {@code api} (PutMetricData)
 * @param metricNames the metric names published, in order
 */
public record MetricsPublished(String namespace, String mode, List<String> metricNames) {
}
