package io.github.gamehousekeeping.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.contract.EventContract;
import io.github.gamehousekeeping.contract.FunctionEnvironment;
import io.github.gamehousekeeping.contract.InvalidEventException;
import io.github.gamehousekeeping.contract.MetricsPublished;
import io.github.gamehousekeeping.contract.Violation;
import io.github.gamehousekeeping.functions.metrics.CloudWatch;
import io.github.gamehousekeeping.functions.logging.JsonLogSink;
import io.github.gamehousekeeping.functions.logging.StepLog;
import io.github.gamehousekeeping.functions.metrics.MetricsPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * PublishMetrics: input the task envelope {@code {"event": ..., "executionName": ...}} or (older definitions) the
 * Parallel state's output {@code {"event": ..., "report": ..., "recorded": ...}}; publishes the event's metrics. Environment: {@code METRICS_NAMESPACE}, {@code METRICS_MODE} ({@code emf} default, or
 * {@code api}), and {@code AWS_REGION} in api mode (the CloudWatch client is only built in api mode).
 */
public final class PublishMetricsHandler implements RequestHandler<Object, MetricsPublished> {
    private static final Logger LOG = LoggerFactory.getLogger(PublishMetricsHandler.class);
    private final MetricsPublisher publisher;
    private final EventContract contract = EventContract.get(); // schema compiled in the init phase, not on first invoke
    // strong reference: the CRaC context may hold resources weakly
    private final Priming priming;

    /** Called by the Lambda runtime: configuration from the process environment. */
    public PublishMetricsHandler() {
        this(Environment.system());
    }

    /** Configuration from the given environment; the CloudWatch client (api mode only) is built here, once. */
    public PublishMetricsHandler(Environment env) {
        this(publisherFrom(env));
    }

    /** With a ready publisher (tests, local runtime). */
    public PublishMetricsHandler(MetricsPublisher publisher) {
        this.publisher = publisher;
        // SnapStart priming: the whole handler on an offline twin of the publisher: in emf mode the EMF document is
        // rendered and discarded (Priming.invoke drops the lines: written, CloudWatch would extract the metrics); in
        // api mode the PutMetricData request is marshalled (CBOR) and signed, and answered in-process, never sent;
        // the real client (api mode) sends a PutMetricData without any datum (see MetricsPublisher.primeClient)
        this.priming = Priming.withOfflineTwin(publisher::primeClient, publisher::offlineTwin,
                twin -> new PublishMetricsHandler(twin, null), () -> Priming.envelope(Priming.sampleEvent()));
    }

    /** A handler without priming (the offline twin that priming invokes). */
    private PublishMetricsHandler(MetricsPublisher publisher, Void noPriming) {
        this.publisher = publisher;
        this.priming = null;
    }

    private static MetricsPublisher publisherFrom(Environment env) {
        String namespace = env.required(FunctionEnvironment.METRICS_NAMESPACE);
        MetricsPublisher.Mode mode = MetricsPublisher.Mode.parse(env.optional(FunctionEnvironment.METRICS_MODE, "emf"));
        return new MetricsPublisher(namespace, mode, mode == MetricsPublisher.Mode.API ? CloudWatch.client(env) : null);
    }

    @Override
    public MetricsPublished handleRequest(Object input, Context context) {
        // {"event": ..., "executionName": ...} (the task envelope) or {"event": ..., "report": ..., "recorded": ...}
        Object event = input instanceof Map<?, ?> map ? map.get(TaskPayload.EVENT) : null;
        Object executionName = input instanceof Map<?, ?> map ? map.get(TaskPayload.EXECUTION_NAME) : null;
        try (StepLog log = StepLog.start("PublishMetrics", event,
                executionName instanceof String s ? s : null, context)) {
            return log.run(() -> {
                if (!(event instanceof Map<?, ?>)) {
                    throw new InvalidEventException(List.of(new Violation("event",
                            "is required: PublishMetrics takes {\"event\": {...}, \"executionName\": \"...\"}")));
                }
                CompletionEvent validated = log.event(contract.validate(event));
                // EMF documents go to stdout as raw lines (see JsonLogSink), where CloudWatch extracts the metrics.
                MetricsPublished published = publisher.publish(validated, JsonLogSink::write);
                LOG.atInfo().addKeyValue(StepLog.OUTCOME, "published").addKeyValue("namespace", published.namespace())
                        .addKeyValue("mode", published.mode()).addKeyValue("metrics", published.metricNames())
                        .log("metrics published");
                return published;
            });
        }
    }

    /** Runs the SnapStart priming now, as {@code beforeCheckpoint} would (tests). */
    void prime() {
        priming.beforeCheckpoint(null);
    }
}
