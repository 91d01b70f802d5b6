package io.github.gamehousekeeping.infra;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How PublishMetrics publishes: the value of the functions' {@code METRICS_MODE} variable. */
public enum MetricsMode {
    /** Embedded metric format: one structured log line; CloudWatch Logs extracts the metrics. No IAM permission. */
    EMF("emf"),
    /** CloudWatch PutMetricData API; needs {@code cloudwatch:PutMetricData} restricted to the namespace. */
    API("api");

    private final String value;

    MetricsMode(String value) {
        this.value = value;
    }

    /** The variable's value as the functions read it ({@code emf}, {@code api}). */
    public String value() {
        return value;
    }

    /** Parses a context value; {@code null} means the default, {@link #EMF}. */
    public static MetricsMode parse(String text) {
        if (text == null || text.isBlank()) {
            return EMF;
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.value.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("metricsMode must be one of "
                        + Arrays.stream(values()).map(MetricsMode::value).collect(Collectors.joining(", "))
                        + ", not '" + text + "'"));
    }
}
