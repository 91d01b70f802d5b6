package io.github.gamehousekeeping.functions;

import io.github.gamehousekeeping.contract.EventConflictException;
import io.github.gamehousekeeping.contract.TransientFailureException;
import io.github.gamehousekeeping.functions.FakeEndpoint.Answer;
import io.github.gamehousekeeping.functions.aws.AwsClients;
import io.github.gamehousekeeping.functions.aws.AwsErrors;
import io.github.gamehousekeeping.functions.store.CompletionStore;
import io.github.gamehousekeeping.functions.store.ReportGenerator;
import io.github.gamehousekeeping.localdb.LocalDynamoDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DynamoDB failures reach the state machine as {@link TransientFailureException} (the one retryable error) only when
 * a retry can help. A fake DynamoDB endpoint on 127.0.0.1 answers with the failure; the client has the functions'
 * production settings (so the SDK's own retries are exercised too).
 */
class TransientFailureTest {
    private static final String DDB = "com.amazonaws.dynamodb.v20120810#";

    private static CompletionStore storeAt(URI endpoint) {
        DynamoDbClient client = io.github.gamehousekeeping.functions.store.DynamoDb.builder()
                .endpointOverride(endpoint)
                .region(LocalDynamoDb.REGION)
                .credentialsProvider(LocalDynamoDb.credentials())
                .build();
        return new CompletionStore(client, "CompletedLevel", "CompletedGame", "PlayerProgress");
    }

    /** Every store operation, as its handler calls it. */
    private static void forEachOperation(CompletionStore store, Consumer<Runnable> check) {
        check.accept(() -> new RecordLevelCompletionHandler(store).handleRequest(Events.levelCompleted(), null));
        check.accept(() -> new RecordGameCompletionHandler(store).handleRequest(Events.gameCompleted(), null));
        check.accept(() -> new GenerateReportHandler(new ReportGenerator(store)).handleRequest(Events.levelCompleted(), null));
    }

    private static String error(String type, String message) {
        return "{\"__type\":\"" + DDB + type + "\",\"message\":\"" + message + "\"}";
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
            "TransactionConflictException"})
    void throttlingAndConflictErrors_areTransient(String type) throws IOException {
        try (FakeEndpoint fake = new FakeEndpoint(FakeEndpoint.always(Answer.json(400, error(type, "slow down"))))) {
            forEachOperation(storeAt(fake.uri()), operation -> {
                TransientFailureException e = assertThrows(TransientFailureException.class, operation::run);
                assertInstanceOf(DynamoDbException.class, e.getCause(), "the SDK exception is kept as the cause");
                assertTrue(e.getMessage().contains(type), e.getMessage());
            });
        }
    }

    @Test
    void serverErrors_areTransient_afterTheSdksOwnSingleRetry() throws IOException {
        try (FakeEndpoint fake = new FakeEndpoint(FakeEndpoint.always(Answer.json(500, error("InternalServerError", "boom"))))) {
            CompletionStore store = storeAt(fake.uri());
            TransientFailureException e = assertThrows(TransientFailureException.class,
                    () -> new RecordLevelCompletionHandler(store).handleRequest(Events.levelCompleted(), null));
            assertEquals(500, ((DynamoDbException) e.getCause()).statusCode());
            assertEquals(AwsClients.SDK_MAX_ATTEMPTS, fake.requests().size(), "SDK attempts before the state machine retries");
        }
        try (FakeEndpoint fake = new FakeEndpoint(FakeEndpoint.always(Answer.json(503, "")))) {
            forEachOperation(storeAt(fake.uri()), operation -> assertThrows(TransientFailureException.class, operation::run));
        }
    }

    @Test
    void aSingleServerError_isAbsorbedByTheSdkRetry() throws IOException {
        try (FakeEndpoint fake = new FakeEndpoint(
                FakeEndpoint.always(Answer.json(500, error("InternalServerError", "boom"))),
                FakeEndpoint.always(Answer.json(200, "{}")))) {
            var recorded = new RecordLevelCompletionHandler(storeAt(fake.uri())).handleRequest(Events.levelCompleted(), null);
            assertEquals("evt-level-0001", recorded.eventId());
            // GetItem of the level's progress (500, then retried by the SDK), then the recording transaction
            assertEquals(3, fake.requests().size());
            assertEquals("DynamoDB_20120810.GetItem", fake.requests().get(1).header("X-Amz-Target"));
            assertEquals("DynamoDB_20120810.TransactWriteItems", fake.requests().get(2).header("X-Amz-Target"));
        }
    }

    @Test
    void droppedConnections_areTransient() throws IOException {
        try (FakeEndpoint fake = new FakeEndpoint(FakeEndpoint.always(Answer.dropConnection()))) {
            forEachOperation(storeAt(fake.uri()), operation -> {
                TransientFailureException e = assertThrows(TransientFailureException.class, operation::run);
                assertInstanceOf(SdkClientException.class, e.getCause());
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"reset before the response", "reset in the middle of the response body",
            "reset in the middle of a chunk", "body shorter than its Content-Length"})
    void resetConnections_areTransient_withAOneLineCause(String how) throws IOException {
        Answer reset = switch (how) {
            case "reset before the response" -> Answer.resetBeforeResponse();
            case "reset in the middle of the response body" -> Answer.resetMidResponse();
            case "reset in the middle of a chunk" -> Answer.resetMidChunk();
            default -> Answer.truncatedBody();
        };
        try (FakeEndpoint fake = new FakeEndpoint(FakeEndpoint.always(reset))) {
            forEachOperation(storeAt(fake.uri()), operation -> {
                RuntimeException e = assertThrows(RuntimeException.class, operation::run);
                assertInstanceOf(TransientFailureException.class, e, () -> how + ": " + e);
                assertOneLine(e.getMessage());
            });
        }
    }

    private static void assertOneLine(String message) {
        assertFalse(message.contains("\n") || message.contains("\r"), message);
        assertFalse(message.contains("\tat ") || message.contains(".java:"), "no stack trace text: " + message);
        assertTrue(message.length() < 600, message);
    }

    @Test
    void refusedConnections_areTransient() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        forEachOperation(storeAt(URI.create("http://127.0.0.1:" + port)), operation -> {
            TransientFailureException e = assertThrows(TransientFailureException.class, operation::run);
            assertOneLine(e.getMessage());
            assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
        });
    }

    @Test
    void transactionCancelledByAConflictingTransaction_isTransient() throws IOException {
        String body = "{\"__type\":\"" + DDB + "TransactionCanceledException\",\"Message\":\"Transaction cancelled\","
                + "\"CancellationReasons\":[{\"Code\":\"None\"},{\"Code\":\"TransactionConflict\",\"Message\":\"conflict\"}]}";
        try (FakeEndpoint fake = new FakeEndpoint(request -> request.header("X-Amz-Target").endsWith(".GetItem")
                ? Answer.json(200, "{}") : Answer.json(400, body))) {
            TransientFailureException e = assertThrows(TransientFailureException.class,
                    () -> new RecordGameCompletionHandler(storeAt(fake.uri())).handleRequest(Events.gameCompleted(), null));
            assertInstanceOf(TransactionCanceledException.class, e.getCause());
        }
    }

    @Test
    void transactionCancelledByValidation_isNotTransient() throws IOException {
        String body = "{\"__type\":\"" + DDB + "TransactionCanceledException\",\"Message\":\"Transaction cancelled\","
                + "\"CancellationReasons\":[{\"Code\":\"ValidationError\",\"Message\":\"bad\"},{\"Code\":\"None\"}]}";
        try (FakeEndpoint fake = new FakeEndpoint(request -> request.header("X-Amz-Target").endsWith(".GetItem")
                ? Answer.json(200, "{}") : Answer.json(400, body))) {
            assertThrows(TransactionCanceledException.class,
                    () -> new RecordGameCompletionHandler(storeAt(fake.uri())).handleRequest(Events.gameCompleted(), null));
            assertEquals(1, fake.requests().stream().filter(r -> r.header("X-Amz-Target").endsWith(".TransactWriteItems"))
                    .count(), "not retried by the SDK either");
        }
    }

    @Test
    void validationErrors_areNotTransient() throws IOException {
        try (FakeEndpoint fake = new FakeEndpoint(FakeEndpoint.always(
                Answer.json(400, error("ValidationException", "One or more parameter values were invalid"))))) {
            forEachOperation(storeAt(fake.uri()), operation -> {
                RuntimeException e = assertThrows(RuntimeException.class, operation::run);
                assertFalse(e instanceof TransientFailureException, e.toString());
                assertInstanceOf(DynamoDbException.class, e);
            });
        }
    }

    @Test
    void conditionalCheckFailures_areNotTransient() {
        TestDb.reset();
        CompletionStore store = TestDb.store();
        new RecordLevelCompletionHandler(store).handleRequest(Events.levelCompleted(), null);
        RuntimeException e = assertThrows(RuntimeException.class, () -> new RecordLevelCompletionHandler(store)
                .handleRequest(Events.with(Events.levelCompleted(), "level", 4L), null));
        assertInstanceOf(EventConflictException.class, e);
        assertFalse(AwsErrors.isTransient(e));
    }
}
