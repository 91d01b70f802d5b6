package io.github.gamehousekeeping.client;

import com.sun.net.httpserver.HttpServer;
import io.github.gamehousekeeping.contract.CompletionEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.model.SfnException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the client's own SfnClient does when Step Functions throttles or fails: a scripted JSON 1.0 endpoint answers
 * the first requests with errors, then with success.
 */
class RetryBehaviourTest {
    static final String START_OK = "{\"executionArn\":\"arn:aws:states:us-east-1:123456789012:execution:Housekeeping:evt-1\","
            + "\"startDate\":1795242966.644}";

    HttpServer http;
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile int failureStatus;
    volatile String failureBody;
    final List<String> targets = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            targets.add(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            boolean fail = failuresLeft.getAndDecrement() > 0;
            byte[] body = (fail ? failureBody : START_OK).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(fail ? failureStatus : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    HousekeepingClient client() {
        return HousekeepingClient.builder()
                .stateMachineArn("arn:aws:states:us-east-1:123456789012:stateMachine:Housekeeping")
                .endpointOverride(URI.create("http://127.0.0.1:" + http.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(LocalStepFunctions.DUMMY_CREDENTIALS)
                .build();
    }

    static CompletionEvent event() {
        return new CompletionEvent("evt-1", "player-1", 1, 10, 10, "2026-11-21T10:15:30Z", false);
    }

    @Test
    void throttledStart_isRetriedBySdk_thenSucceeds() {
        failuresLeft.set(2);
        failureStatus = 400;
        failureBody = "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}";

        try (HousekeepingClient client = client()) {
            Submission s = client.submit(event());
            assertEquals("arn:aws:states:us-east-1:123456789012:execution:Housekeeping:evt-1", s.executionArn());
            assertFalse(s.alreadyStarted());
        }
        assertEquals(List.of("AWSStepFunctions.StartExecution", "AWSStepFunctions.StartExecution", "AWSStepFunctions.StartExecution"),
                targets);
    }

    @Test
    void serviceErrors_areRetriedFiveTimes_thenReachTheCaller() {
        failuresLeft.set(100);
        failureStatus = 500;
        failureBody = "{\"__type\":\"InternalFailure\",\"message\":\"boom\"}";

        try (HousekeepingClient client = client()) {
            SfnException e = assertThrows(SfnException.class, () -> client.submit(event()));
            assertEquals(500, e.statusCode());
            assertEquals("InternalFailure", e.awsErrorDetails().errorCode());
        }
        assertEquals(5, targets.size(), "5 attempts: " + targets);
    }

    @Test
    void validationErrors_areNotRetried() {
        failuresLeft.set(100);
        failureStatus = 400;
        failureBody = "{\"__type\":\"InvalidArn\",\"message\":\"Invalid Arn\"}";

        try (HousekeepingClient client = client()) {
            assertThrows(software.amazon.awssdk.services.sfn.model.InvalidArnException.class, () -> client.submit(event()));
        }
        assertEquals(1, targets.size());
    }
}
