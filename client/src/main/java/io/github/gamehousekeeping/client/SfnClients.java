package io.github.gamehousekeeping.client;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;

import java.net.URI;
import java.time.Duration;

/** How the client (and the CLI) build an {@link SfnClient} when the caller does not give one. */
public final class SfnClients {
    /** Longest Express execution (5 minutes) plus a margin: the HTTP read timeout StartSyncExecution needs. */
    public static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(5).plusSeconds(15);
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    private SfnClients() {
    }

    /**
     * An SfnClient on the url-connection HTTP client with an explicit retry strategy.
     *
     * @param region           null: the SDK's region chain (AWS_REGION, profile, instance metadata)
     * @param endpointOverride null: the AWS endpoint of the region; otherwise that endpoint, with host prefix injection
     *                         disabled (StartSyncExecution is modeled with the host prefix {@code sync-}: against
     *                         {@code http://127.0.0.1:8083} the SDK would otherwise call {@code sync-127.0.0.1})
     * @param credentials      null: the SDK's default credentials chain
     * @param retryStrategy    null: {@link #defaultRetryStrategy()}
     */
    public static SfnClient create(Region region, URI endpointOverride, AwsCredentialsProvider credentials, RetryStrategy retryStrategy) {
        SfnClientBuilder builder = SfnClient.builder()
                // StartSyncExecution holds the connection for the whole Express execution (up to 5 minutes).
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECTION_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build());
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy != null ? retryStrategy : defaultRetryStrategy());
        if (region != null) {
            builder.region(region);
        }
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
            override.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true);
        }
        return builder.overrideConfiguration(override.build()).build();
    }

    /**
     * The SDK's standard retry strategy with 5 attempts: throttling errors (ThrottlingException, HTTP 429) and 5xx or
     * network errors are retried with full-jitter exponential backoff (base 100 ms, 1 s for throttling errors, at most
     * 20 s between attempts), bounded by the SDK's client-side retry token bucket (500 tokens, 5 per retry), so a
     * throttled or failing service is not hammered. Errors that are not transient (validation, not found, already
     * exists) are never retried.
     */
    public static RetryStrategy defaultRetryStrategy() {
        return software.amazon.awssdk.awscore.retry.AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(5)
                .build();
    }
}
