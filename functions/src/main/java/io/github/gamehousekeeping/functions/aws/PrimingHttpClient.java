package io.github.gamehousekeeping.functions.aws;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP client of a priming twin (see {@link AwsClients#offlineTwin}): answers every request in-process with
 * {@code 200} and an empty result, and never opens a connection. A request is still fully built before it gets here
 * (marshalled, signed, its endpoint resolved, its body streamed), and the answer goes through the SDK's response
 * unmarshalling, so a handler run on a twin client exercises its write path (TransactWriteItems with condition
 * expressions, PutMetricData in CBOR) without writing data or publishing metrics.
 */
public final class PrimingHttpClient implements SdkHttpClient {
    private final Map<String, String> headers;
    private final byte[] body;
    private final AtomicInteger answered = new AtomicInteger();

    private PrimingHttpClient(Map<String, String> headers, byte[] body) {
        this.headers = headers;
        this.body = body;
    }

    /** For the AWS JSON 1.0 protocol (DynamoDB): {@code {}}, i.e. no item, no consumed capacity. */
    public static PrimingHttpClient awsJson() {
        return new PrimingHttpClient(Map.of("Content-Type", "application/x-amz-json-1.0"), "{}".getBytes());
    }

    /** For the Smithy RPC v2 CBOR protocol (CloudWatch): an empty CBOR map. */
    public static PrimingHttpClient rpcV2Cbor() {
        return new PrimingHttpClient(Map.of("Content-Type", "application/cbor", "smithy-protocol", "rpc-v2-cbor"),
                new byte[] {(byte) 0xA0});
    }

    /** How many requests this client answered (none of them left the process). */
    public int answered() {
        return answered.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) {
                        in.transferTo(OutputStreamDiscard.INSTANCE); // the body is produced, as when sent
                    }
                }
                answered.incrementAndGet();
                SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(200)
                        .putHeader("Content-Length", Integer.toString(body.length));
                headers.forEach(response::putHeader);
                return HttpExecuteResponse.builder().response(response.build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body))).build();
            }

            @Override
            public void abort() {
                // nothing in flight
            }
        };
    }

    @Override
    public String clientName() {
        return "Priming";
    }

    @Override
    public void close() {
        // no connections
    }

    private static final class OutputStreamDiscard extends java.io.OutputStream {
        static final OutputStreamDiscard INSTANCE = new OutputStreamDiscard();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
