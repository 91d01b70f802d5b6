package io.github.gamehousekeeping.functions.metrics;

import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.Json;
import io.github.gamehousekeeping.contract.MetricsPublished;
import io.github.gamehousekeeping.functions.aws.AwsErrors;
import io.github.gamehousekeeping.functions.aws.PrimingHttpClient;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Publishes the completion metrics of one event, with the single dimension {@value #DIMENSION} (low cardinality: never
 * playerId or eventId), timestamped with the event's completedAt (a retried execution re-emits the same point in time,
 * not a new one; CloudWatch accepts timestamps up to two weeks old).
 *
 * <table>
 *   <tr><th>Metric</th><th>Unit</th><th>Value</th></tr>
 *   <tr><td>LevelCompleted</td><td>Count</td><td>1</td></tr>
 *   <tr><td>Score</td><td>None</td><td>the score</td></tr>
 *   <tr><td>Duration</td><td>Milliseconds</td><td>durationMs</td></tr>
 *   <tr><td>GameCompleted</td><td>Count</td><td>1 for a game completion, else 0 (Sum = games finished, Average = share
 *   of completions that finish the game)</td></tr>
 * </table>
 *
 * Modes: {@link Mode#EMF} writes one embedded-metric-format document as one log line (no API call, no added latency;
 * CloudWatch extracts the metrics from the log); {@link Mode#API} makes one PutMetricData call with all four data.
 */
public final class MetricsPublisher implements AutoCloseable {
    public static final String DIMENSION = "Level";

    public enum Mode {
        EMF, API;

        /** {@code emf} or {@code api}, case-insensitive. */
        public static Mode parse(String value) {
            for (Mode mode : values()) {
                if (mode.name().equalsIgnoreCase(value.trim())) {
                    return mode;
                }
            }
            throw new IllegalStateException("METRICS_MODE must be 'emf' or 'api', got '" + value + "'");
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A metric: name, unit (as EMF and CloudWatch spell it) and how to get its value from an event. */
    public record Metric(String name, StandardUnit unit, ToLongFunction<CompletionEvent> value) {
    }

    public static final List<Metric> METRICS = List.of(
            new Metric("LevelCompleted", StandardUnit.COUNT, e -> 1L),
            new Metric("Score", StandardUnit.NONE, CompletionEvent::score),
            new Metric("Duration", StandardUnit.MILLISECONDS, CompletionEvent::durationMs),
            new Metric("GameCompleted", StandardUnit.COUNT, e -> e.gameCompleted() ? 1L : 0L));

    public static final List<String> METRIC_NAMES = METRICS.stream().map(Metric::name).toList();

    private final String namespace;
    private final Mode mode;
    private final CloudWatchClient cloudWatch;

    /**
     * @param cloudWatch required in {@link Mode#API}, unused (may be null) in {@link Mode#EMF}
     */
    public MetricsPublisher(String namespace, Mode mode, CloudWatchClient cloudWatch) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (mode == Mode.API && cloudWatch == null) {
            throw new IllegalArgumentException("api mode needs a CloudWatch client");
        }
        this.cloudWatch = cloudWatch;
    }

    /**
     * SnapStart priming: this publisher in emf mode (its document goes where its caller sends it); in api mode a
     * publisher on an offline twin of the CloudWatch client ({@link CloudWatch#offlineTwin}): PutMetricData marshalled
     * and signed, answered in-process, never sent. Close it after priming.
     */
    public MetricsPublisher offlineTwin() {
        return mode == Mode.API
                ? new MetricsPublisher(namespace, mode, CloudWatch.offlineTwin(cloudWatch, PrimingHttpClient.rpcV2Cbor()))
                : new MetricsPublisher(namespace, mode, null);
    }

    /**
     * SnapStart priming of the real client (api mode; nothing in emf mode): one PutMetricData of this namespace with no
     * datum, through the real HTTP stack. A request without data cannot publish anything: CloudWatch rejects it (400)
     * or accepts nothing; either answer is expected and ignored.
     */
    public void primeClient() {
        if (cloudWatch == null) {
            return;
        }
        try {
            cloudWatch.putMetricData(b -> b.namespace(namespace).metricData(List.of()));
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException rejected) {
            // expected: the service refused an empty request (the request and response paths ran)
        }
    }

    /** Closes the CloudWatch client (api mode). */
    @Override
    public void close() {
        if (cloudWatch != null) {
            cloudWatch.close();
        }
    }

    public Mode mode() {
        return mode;
    }

    public String namespace() {
        return namespace;
    }

    /** Publishes the event's metrics; in EMF mode the document goes to {@code logLine} as one line. */
    public MetricsPublished publish(CompletionEvent event, Consumer<String> logLine) {
        if (mode == Mode.EMF) {
            logLine.accept(emfDocument(namespace, event));
        } else {
            try {
                cloudWatch.putMetricData(putMetricDataRequest(namespace, event));
            } catch (SdkException | java.io.UncheckedIOException e) {
                throw AwsErrors.translate(e, "PutMetricData for event " + event.eventId());
            }
        }
        return new MetricsPublished(namespace, mode.id(), METRIC_NAMES);
    }

    /** The embedded-metric-format document of an event, as one line of JSON. */
    public static String emfDocument(String namespace, CompletionEvent event) {
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (Metric metric : METRICS) {
            Map<String, Object> definition = new LinkedHashMap<>();
            definition.put("Name", metric.name());
            definition.put("Unit", metric.unit().toString());
            metrics.add(definition);
        }
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", namespace);
        directive.put("Dimensions", List.of(List.of(DIMENSION)));
        directive.put("Metrics", metrics);
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", event.completedAtInstant().toEpochMilli());
        aws.put("CloudWatchMetrics", List.of(directive));

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("_aws", aws);
        document.put(DIMENSION, Integer.toString(event.level()));
        for (Metric metric : METRICS) {
            document.put(metric.name(), metric.value().applyAsLong(event));
        }
        document.put("eventId", event.eventId()); // a searchable log property, not a dimension
        return Json.GSON.toJson(document);
    }

    /** The single PutMetricData request of an event. */
    public static PutMetricDataRequest putMetricDataRequest(String namespace, CompletionEvent event) {
        Instant timestamp = event.completedAtInstant();
        Dimension level = Dimension.builder().name(DIMENSION).value(Integer.toString(event.level())).build();
        List<MetricDatum> data = new ArrayList<>();
        for (Metric metric : METRICS) {
            data.add(MetricDatum.builder()
                    .metricName(metric.name())
                    .unit(metric.unit())
                    .value((double) metric.value().applyAsLong(event))
                    .dimensions(level)
                    .timestamp(timestamp)
                    .build());
        }
        return PutMetricDataRequest.builder().namespace(namespace).metricData(data).build();
    }
}
