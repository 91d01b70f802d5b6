package io.github.gamehousekeeping.local.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Keeps every metric the functions publish: embedded-metric-format documents found in their log lines (what
 * CloudWatch Logs would extract), and PutMetricData calls received by {@link CloudWatchCaptureServer}.
 */
public final class MetricsCapture {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<CapturedMetric> metrics = new CopyOnWriteArrayList<>();
    private final List<Consumer<CapturedMetric>> listeners = new CopyOnWriteArrayList<>();

    public List<CapturedMetric> metrics() {
        return List.copyOf(metrics);
    }

    public void addListener(Consumer<CapturedMetric> listener) {
        listeners.add(listener);
    }

    public void add(CapturedMetric metric) {
        metrics.add(metric);
        listeners.forEach(l -> l.accept(metric));
    }

    /** Reads a function's log line; an EMF document in it becomes metrics. Other lines are ignored. */
    public void onLogLine(String functionName, String line) {
        String trimmed = line.trim();
        if (!trimmed.startsWith("{") || !trimmed.contains("\"_aws\"")) {
            return;
        }
        try {
            parseEmf(functionName, MAPPER.readTree(trimmed)).forEach(this::add);
        } catch (IOException notJson) {
            // a log line that only looks like JSON: CloudWatch would ignore it too
        }
    }

    /**
     * The metrics of one EMF document, following the specification: for each directive in
     * {@code _aws.CloudWatchMetrics}, each metric's value is the top-level member of that name (a number or an array of
     * numbers), dimension values are top-level string members, the timestamp is {@code _aws.Timestamp} (epoch ms).
     * An invalid document yields nothing, as CloudWatch would extract nothing.
     */
    public static List<CapturedMetric> parseEmf(String functionName, JsonNode doc) {
        List<CapturedMetric> out = new ArrayList<>();
        JsonNode aws = doc.path("_aws");
        if (!aws.path("Timestamp").isNumber() || !aws.path("CloudWatchMetrics").isArray()) {
            return out;
        }
        Instant timestamp = Instant.ofEpochMilli(aws.get("Timestamp").asLong());
        for (JsonNode directive : aws.get("CloudWatchMetrics")) {
            String namespace = directive.path("Namespace").asText(null);
            if (namespace == null) {
                continue;
            }
            List<List<String>> dimensionSets = new ArrayList<>();
            for (JsonNode set : directive.path("Dimensions")) {
                List<String> keys = new ArrayList<>();
                set.forEach(k -> keys.add(k.asText()));
                dimensionSets.add(keys);
            }
            if (dimensionSets.isEmpty()) {
                dimensionSets.add(List.of());
            }
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText();
                String unit = metric.path("Unit").asText("None");
                JsonNode value = doc.get(name);
                List<Double> values = new ArrayList<>();
                if (value != null && value.isNumber()) {
                    values.add(value.asDouble());
                } else if (value != null && value.isArray()) {
                    value.forEach(v -> values.add(v.asDouble()));
                }
                for (List<String> set : dimensionSets) {
                    Map<String, String> dimensions = new LinkedHashMap<>();
                    for (String key : set) {
                        JsonNode dim = doc.get(key);
                        if (dim != null && dim.isTextual()) {
                            dimensions.put(key, dim.asText());
                        }
                    }
                    for (double v : values) {
                        out.add(new CapturedMetric("emf", functionName, namespace, name, unit, v, dimensions, timestamp));
                    }
                }
            }
        }
        return out;
    }
}
