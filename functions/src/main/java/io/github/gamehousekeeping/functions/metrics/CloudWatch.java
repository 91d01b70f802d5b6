package io.github.gamehousekeeping.functions.metrics;

import io.github.gamehousekeeping.functions.Environment;
import io.github.gamehousekeeping.functions.aws.AwsClients;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;

/** The CloudWatch client of PublishMetrics in api mode (see {@link AwsClients} for the settings and why). */
public final class CloudWatch {
    /** The variable the SDK reads this service's endpoint from (set by the local runtime, not on AWS). */
    public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_CLOUDWATCH";

    private CloudWatch() {
    }

    /** Region and credentials from the environment; endpoint from the SDK's own lookup (AWS_ENDPOINT_URL_CLOUDWATCH). */
    public static CloudWatchClient client(Environment env) {
        return AwsClients.fromEnvironment(CloudWatchClient.builder(), env, ENDPOINT_VARIABLE).build();
    }

    /** SnapStart priming: a twin of {@code real} whose requests {@code http} answers in-process (never sent). */
    public static CloudWatchClient offlineTwin(CloudWatchClient real, SdkHttpClient http) {
        return AwsClients.offlineTwin(CloudWatchClient.builder(), real.serviceClientConfiguration(), http).build();
    }

    /** The production HTTP, retry and timeout settings, without region/credentials (tests add their own). */
    public static CloudWatchClientBuilder builder() {
        return AwsClients.configure(CloudWatchClient.builder());
    }
}
