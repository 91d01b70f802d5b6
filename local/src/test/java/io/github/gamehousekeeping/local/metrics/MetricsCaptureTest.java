package io.github.gamehousekeeping.local.metrics;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsCaptureTest {
    @Test
    void extractsMetricsFromAnEmfLogLine_withDimensionValuesAndTimestamp() {
        MetricsCapture capture = new MetricsCapture();
        capture.onLogLine("PublishMetrics", "{\"_aws\":{\"Timestamp\":1763720130000,\"CloudWatchMetrics\":[{\"Namespace\":"
                + "\"GameHousekeeping\",\"Dimensions\":[[\"Level\"]],\"Metrics\":[{\"Name\":\"LevelCompleted\",\"Unit\":"
                + "\"Count\"},{\"Name\":\"Score\",\"Unit\":\"None\"}]}]},\"Level\":\"3\",\"LevelCompleted\":1,\"Score\":1200}");
        capture.onLogLine("PublishMetrics", "START RequestId: not a metric");
        capture.onLogLine("PublishMetrics", "{\"_aws\": broken json");
        List<CapturedMetric> metrics = capture.metrics();
        assertEquals(2, metrics.size());
        assertEquals(new CapturedMetric("emf", "PublishMetrics", "GameHousekeeping", "LevelCompleted", "Count", 1,
                Map.of("Level", "3"), Instant.ofEpochMilli(1763720130000L)), metrics.get(0));
        assertEquals(1200, metrics.get(1).value());
    }

    @Test
    void ignoresAnEmfDocumentWithoutTimestamp_asCloudWatchDoes() {
        MetricsCapture capture = new MetricsCapture();
        capture.onLogLine("f", "{\"_aws\":{\"CloudWatchMetrics\":[]},\"X\":1}");
        assertTrue(capture.metrics().isEmpty());
    }

    @Test
    void decodesTheSdksPutMetricDataRequest() {
        MetricsCapture capture = new MetricsCapture();
        try (CloudWatchCaptureServer server = new CloudWatchCaptureServer(capture);
             CloudWatchClient client = CloudWatchClient.builder().endpointOverride(server.endpoint())
                     .region(Region.EU_WEST_1).httpClient(UrlConnectionHttpClient.create())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y"))).build()) {
            Instant at = Instant.parse("2026-11-21T10:15:30Z");
            client.putMetricData(b -> b.namespace("GameHousekeeping").metricData(
                    MetricDatum.builder().metricName("Score").unit(StandardUnit.NONE).value(1200.0).timestamp(at)
                            .dimensions(Dimension.builder().name("Level").value("3").build()).build(),
                    MetricDatum.builder().metricName("Duration").unit(StandardUnit.MILLISECONDS).values(10.0, 20.0)
                            .counts(1.0, 2.0).timestamp(at).build()));
            List<CapturedMetric> metrics = capture.metrics();
            assertEquals(4, metrics.size(), metrics.toString());
            assertEquals(new CapturedMetric("PutMetricData", null, "GameHousekeeping", "Score", "None", 1200,
                    Map.of("Level", "3"), at), metrics.get(0));
            assertEquals(List.of(10.0, 20.0, 20.0), metrics.subList(1, 4).stream().map(CapturedMetric::value).toList());
            assertEquals("Milliseconds", metrics.get(1).unit());
        }
    }
}
