package io.github.gamehousekeeping.local.server;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/** The SDK's SfnClient pointed at a local server, as a user configures it (docs/local-server.md). */
final class LocalSfnClient {
    private LocalSfnClient() {
    }

    static SfnClient at(URI endpoint) {
        return SfnClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // StartSyncExecution is modeled with the host prefix "sync-": not with an endpoint override
                .overrideConfiguration(o -> o.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }

    /** Polls DescribeExecution until the execution is no longer RUNNING (at most 20 s); returns the last answer. */
    static DescribeExecutionResponse awaitEnd(SfnClient sfn, String executionArn) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(executionArn));
            if (d.status() != ExecutionStatus.RUNNING) {
                return d;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("execution still running: " + executionArn);
            }
            Thread.sleep(20);
        }
    }
}
