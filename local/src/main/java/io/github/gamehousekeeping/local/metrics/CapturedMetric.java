package io.github.gamehousekeeping.local.metrics;

import java.time.Instant;
import java.util.Map;

/**
 * One metric data point a function published, as CloudWatch would have received it.
 *
 * @param source {@code emf} (an embedded-metric-format log line) or {@code PutMetricData}
 */
public record CapturedMetric(String source, String functionName, String namespace, String name, String unit,
                             double value, Map<String, String> dimensions, Instant timestamp) {
    public CapturedMetric {
        dimensions = Map.copyOf(dimensions);
    }
}
