package io.github.gamehousekeeping.functions.aws;

import io.github.gamehousekeeping.functions.Environment;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * How the functions build their SDK clients (service-neutral: each service's factory is in its own package, so each
 * jar only references the SDK client it carries): once per execution environment, in the handler's constructor.
 *
 * <ul>
 *   <li>Region from {@code AWS_REGION}, credentials from the environment variables Lambda sets (no provider chain
 *   walk: the chain probes profile files and the container/instance metadata endpoints, which costs cold-start time).</li>
 *   <li>The url-connection HTTP client (no Apache or Netty in the jars: smaller, faster to load). Its builder sets up
 *   a TLS context in the constructor (about 120 ms of a cold start: the JSSE provider and its cipher suites); when
 *   the endpoint variable names a plain {@code http://} endpoint (DynamoDB Local, the local runtime's CloudWatch) the
 *   client opens its connections itself and no TLS context is built ({@link #configure(AwsSyncClientBuilder,
 *   boolean)}). On AWS, where no endpoint variable is set, nothing changes.</li>
 *   <li>No endpoint in code: the SDK reads {@code AWS_ENDPOINT_URL_DYNAMODB} / {@code AWS_ENDPOINT_URL_CLOUDWATCH} /
 *   {@code AWS_ENDPOINT_URL} itself, which is how the local runtime and the benchmark use DynamoDB Local.</li>
 *   <li>Standard retry mode with {@value #SDK_MAX_ATTEMPTS} attempts (1 retry): a quick in-process retry absorbs a
 *   single hiccup, and the state machine's Retry (exponential backoff, full jitter) does the longer outer retrying.
 *   The SDK default (3 attempts, and each Step Functions attempt multiplying them) would spend the Lambda's time
 *   budget sleeping and hide throttling from the workflow's metrics.</li>
 *   <li>Timeouts well inside the function timeout: a stuck connection becomes a retryable error, not a Lambda
 *   timeout.</li>
 * </ul>
 */
public final class AwsClients {
    /** Attempts per SDK call (first try + retries) before the error reaches the state machine's Retry. */
    public static final int SDK_MAX_ATTEMPTS = 2;
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(8);

    private AwsClients() {
    }

    /** Applies the production HTTP client, retry strategy and timeouts (no region, credentials or endpoint). */
    public static <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder) {
        return configure(builder, false);
    }

    /**
     * As {@link #configure(AwsSyncClientBuilder)}; with {@code plainHttp} (the endpoint is {@code http://}) the HTTP
     * client opens its connections through {@link #openConnection} and builds no TLS context up front (an
     * {@code https} URL still works: the JDK's default TLS set-up then happens on its first connection).
     */
    public static <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder,
                                                                                              boolean plainHttp) {
        if (plainHttp) {
            builder.httpClient(UrlConnectionHttpClient.create(AwsClients::openConnection));
        } else {
            builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .socketTimeout(SOCKET_TIMEOUT));
        }
        return overrides(builder);
    }

    /** Whether the endpoint the SDK will read from the environment (the service's variable, else the generic one) is plain HTTP. */
    public static boolean plainHttpEndpoint(Environment env, String serviceEndpointVariable) {
        String endpoint = env.optional(serviceEndpointVariable, env.optional("AWS_ENDPOINT_URL", ""));
        return endpoint.regionMatches(true, 0, "http://", 0, "http://".length());
    }

    /** A connection with the production timeouts, as the url-connection client's own factory opens them. */
    public static HttpURLConnection openConnection(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) SOCKET_TIMEOUT.toMillis());
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SnapStart priming: a twin of a client (same region, credentials provider, endpoint override, retry strategy and
     * timeouts) whose requests are answered in-process by {@code http} (a {@link PrimingHttpClient}) and never sent. A
     * handler run on the twin exercises the real client's request path (model builders, marshaller, signer, endpoint
     * rules, response unmarshaller) with nothing written or published.
     */
    public static <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B offlineTwin(
            B builder, AwsServiceClientConfiguration real, SdkHttpClient http) {
        builder.httpClient(http);
        builder.region(real.region());
        builder.credentialsProvider(real.credentialsProvider());
        real.endpointOverride().ifPresent(builder::endpointOverride);
        return overrides(builder);
    }

    private static <B extends AwsClientBuilder<B, ?>> B overrides(B builder) {
        builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(SDK_MAX_ATTEMPTS)
                        .build())
                .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                .apiCallTimeout(API_CALL_TIMEOUT)
                .build());
        return builder;
    }

    /**
     * A client of the functions: the production settings ({@link #configure(AwsSyncClientBuilder, boolean)}, plain
     * HTTP when {@code endpointVariable} or {@code AWS_ENDPOINT_URL} names an {@code http://} endpoint), region from
     * {@code AWS_REGION} (required), credentials from the Lambda-provided environment variables.
     */
    public static <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B fromEnvironment(
            B builder, Environment env, String endpointVariable) {
        configure(builder, plainHttpEndpoint(env, endpointVariable));
        builder.region(Region.of(env.required("AWS_REGION")));
        builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
        return builder;
    }
}
