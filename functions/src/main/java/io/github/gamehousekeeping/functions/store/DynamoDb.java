package io.github.gamehousekeeping.functions.store;

import io.github.gamehousekeeping.functions.Environment;
import io.github.gamehousekeeping.functions.aws.AwsClients;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** The DynamoDB client of the store functions (see {@link AwsClients} for the settings and why). */
public final class DynamoDb {
    /** The variable the SDK reads this service's endpoint from (set by the local runtime, not on AWS). */
    public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_DYNAMODB";

    private DynamoDb() {
    }

    /** Region and credentials from the environment; endpoint from the SDK's own lookup (AWS_ENDPOINT_URL_DYNAMODB). */
    public static DynamoDbClient client(Environment env) {
        return AwsClients.fromEnvironment(DynamoDbClient.builder(), env, ENDPOINT_VARIABLE).build();
    }

    /** SnapStart priming: a twin of {@code real} whose requests {@code http} answers in-process (never sent). */
    public static DynamoDbClient offlineTwin(DynamoDbClient real, SdkHttpClient http) {
        return AwsClients.offlineTwin(DynamoDbClient.builder(), real.serviceClientConfiguration(), http).build();
    }

    /** The production HTTP, retry and timeout settings, without region/credentials (tests add their own). */
    public static DynamoDbClientBuilder builder() {
        return AwsClients.configure(DynamoDbClient.builder());
    }
}
