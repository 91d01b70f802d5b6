package io.github.gamehousekeeping.local.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A loopback endpoint that accepts the CloudWatch client's {@code PutMetricData} calls (AWS SDK for Java v2 speaks
 * Smithy RPC v2 CBOR to CloudWatch: {@code POST /service/GraniteServiceVersion20100801/operation/PutMetricData},
 * {@code smithy-protocol: rpc-v2-cbor}), decodes them and hands the data points to a {@link MetricsCapture}.
 * Functions reach it through {@code AWS_ENDPOINT_URL_CLOUDWATCH}.
 */
public final class CloudWatchCaptureServer implements AutoCloseable {
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    private static final byte[] EMPTY_CBOR_MAP = {(byte) 0xA0};

    private final HttpServer server;
    private final MetricsCapture capture;

    static {
        // the JDK reads its HTTP server limits once, at the first server of the JVM: this one, in serve and run
        io.github.gamehousekeeping.local.server.HttpLimits.apply();
    }

    public CloudWatchCaptureServer(MetricsCapture capture) {
        this.capture = capture;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the local CloudWatch endpoint", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cloudwatch-capture");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!path.endsWith("/operation/PutMetricData")) {
                reply(exchange, 400, Map.of("__type", "UnknownOperationException",
                        "message", "The local CloudWatch endpoint only accepts PutMetricData, not " + path));
                return;
            }
            JsonNode request = CBOR.readTree(body);
            String namespace = request.path("Namespace").asText();
            for (JsonNode datum : request.path("MetricData")) {
                Map<String, String> dimensions = new LinkedHashMap<>();
                datum.path("Dimensions").forEach(d -> dimensions.put(d.path("Name").asText(), d.path("Value").asText()));
                Instant timestamp = timestamp(datum.get("Timestamp"));
                String unit = datum.path("Unit").asText("None");
                String name = datum.path("MetricName").asText();
                if (datum.has("Value")) {
                    capture.add(new CapturedMetric("PutMetricData", null, namespace, name, unit,
                            datum.get("Value").asDouble(), dimensions, timestamp));
                }
                JsonNode values = datum.path("Values");
                JsonNode counts = datum.path("Counts");
                for (int i = 0; i < values.size(); i++) {
                    int repeat = counts.size() > i ? counts.get(i).asInt(1) : 1;
                    for (int r = 0; r < repeat; r++) {
                        capture.add(new CapturedMetric("PutMetricData", null, namespace, name, unit,
                                values.get(i).asDouble(), dimensions, timestamp));
                    }
                }
            }
            exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
            exchange.getResponseHeaders().add("Content-Type", "application/cbor");
            exchange.sendResponseHeaders(200, EMPTY_CBOR_MAP.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(EMPTY_CBOR_MAP);
            }
        }
    }

    private static Instant timestamp(JsonNode node) {
        if (node == null || node.isNull()) {
            return Instant.now();
        }
        // RPC v2 CBOR timestamps are tagged epoch seconds (tag 1): a number, possibly fractional.
        double seconds = node.asDouble();
        return Instant.ofEpochMilli(Math.round(seconds * 1000));
    }

    private static void reply(HttpExchange exchange, int status, Map<String, String> body) throws IOException {
        byte[] bytes = CBOR.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
        exchange.getResponseHeaders().add("Content-Type", "application/cbor");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
