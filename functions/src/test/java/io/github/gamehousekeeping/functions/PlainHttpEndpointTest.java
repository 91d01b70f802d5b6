package io.github.gamehousekeeping.functions;

import io.github.gamehousekeeping.functions.aws.AwsClients;
import io.github.gamehousekeeping.functions.metrics.CloudWatch;
import io.github.gamehousekeeping.functions.store.DynamoDb;
import io.github.gamehousekeeping.localdb.LocalDynamoDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client whose endpoint is plain HTTP (DynamoDB Local and the local runtime's CloudWatch; never on AWS) builds no
 * TLS context: the url-connection client's builder makes one in its constructor, about 120 ms of every local cold
 * start. A security provider placed first counts the SDK's requests for an {@code SSLContext} (and then lets the JDK's
 * own provider serve them).
 */
class PlainHttpEndpointTest {
    private static final Map<String, String> AWS = Map.of("AWS_REGION", "eu-west-1");
    private final CountingTls tls = new CountingTls();

    @BeforeEach
    void countTlsContexts() {
        Security.insertProviderAt(tls, 1);
    }

    @AfterEach
    void stopCounting() {
        Security.removeProvider(tls.getName());
    }

    @Test
    void aClientForAnHttpEndpoint_buildsNoTlsContext() {
        Environment local = environment(DynamoDb.ENDPOINT_VARIABLE, "http://127.0.0.1:8000");
        DynamoDb.client(local).close();
        CloudWatch.client(environment("AWS_ENDPOINT_URL", "http://127.0.0.1:8001")).close();
        assertEquals(0, tls.requests.get(), "TLS contexts built for plain-HTTP endpoints");
    }

    @Test
    void aClientForAws_buildsItsTlsContextUpFront_asBefore() {
        DynamoDb.client(Environment.of(AWS)).close();
        assertEquals(1, tls.requests.get(), "the counting provider sees the SDK's TLS set-up");
        DynamoDb.client(environment(DynamoDb.ENDPOINT_VARIABLE, "https://dynamodb.eu-west-1.amazonaws.com")).close();
        assertEquals(2, tls.requests.get());
    }

    @Test
    void thePlainHttpClient_talksToDynamoDbLocal_withTheProductionTimeouts() {
        try (LocalDynamoDb db = LocalDynamoDb.start();
             DynamoDbClient client = AwsClients.configure(DynamoDbClient.builder(), true)
                     .endpointOverride(db.endpoint()).region(LocalDynamoDb.REGION)
                     .credentialsProvider(LocalDynamoDb.credentials()).build()) {
            assertTrue(client.listTables().tableNames().isEmpty());
        }
        var connection = AwsClients.openConnection(java.net.URI.create("http://127.0.0.1:9/"));
        assertEquals(AwsClients.CONNECT_TIMEOUT.toMillis(), connection.getConnectTimeout());
        assertEquals(AwsClients.SOCKET_TIMEOUT.toMillis(), connection.getReadTimeout());
        assertEquals(0, tls.requests.get());
    }

    @Test
    void theServiceVariableWins_overTheGenericOne() {
        Environment env = Environment.of(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1",
                DynamoDb.ENDPOINT_VARIABLE, "https://example.com"));
        assertFalse(AwsClients.plainHttpEndpoint(env, DynamoDb.ENDPOINT_VARIABLE));
        assertTrue(AwsClients.plainHttpEndpoint(env, CloudWatch.ENDPOINT_VARIABLE));
        assertTrue(AwsClients.plainHttpEndpoint(environment(DynamoDb.ENDPOINT_VARIABLE, "HTTP://localhost:8000"),
                DynamoDb.ENDPOINT_VARIABLE));
        assertFalse(AwsClients.plainHttpEndpoint(Environment.of(AWS), DynamoDb.ENDPOINT_VARIABLE));
    }

    private static Environment environment(String variable, String endpoint) {
        return Environment.of(Map.of("AWS_REGION", "eu-west-1", variable, endpoint));
    }

    /** Counts requests for a TLS {@code SSLContext}, then fails them so that the next provider (the JDK's) serves. */
    private static final class CountingTls extends Provider {
        final AtomicInteger requests = new AtomicInteger();

        CountingTls() {
            super("CountingTls", "1", "counts SSLContext requests");
            for (String protocol : new String[]{"TLS", "Default", "TLSv1.2", "TLSv1.3"}) {
                putService(new Service(this, "SSLContext", protocol, CountingTls.class.getName(), null, null) {
                    @Override
                    public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
                        requests.incrementAndGet();
                        throw new NoSuchAlgorithmException("counted, served by the next provider");
                    }
                });
            }
        }
    }
}
