package io.github.gamehousekeeping.local.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.EngineOptions;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.runtime.GracefulShutdown;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, items 2, 3, 5 and 10 at the API: loopback binding, slow clients, refusing starts on shutdown, and the
 * edges where AWS answers with a 4xx (bad chunked body, qualified ARN, maxResults, statusFilter, StopExecution error).
 */
class ServerHardeningTest {
    private static final String PASS = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
    private static final String HOLD = """
            {"StartAt":"Hold","States":{"Hold":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
             "Parameters":{"FunctionName":"hold","Payload.$":"$"},"End":true}}}""";

    private ExecutionService service;
    private StepFunctionsServer server;
    private String pass;
    private String hold;
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        service = ExecutionService.create(EngineOptions.builder().waitScale(0).build(), 4);
        pass = service.registerStateMachine("Pass", PASS, ExecutionService.Type.STANDARD, i -> null, null).arn();
        hold = service.registerStateMachine("Hold", HOLD, ExecutionService.Type.STANDARD, invocation -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Json.parseUnchecked("{\"StatusCode\":200,\"Payload\":{}}");
        }, null).arn();
        server = StepFunctionsServer.start(service, 0);
    }

    @AfterEach
    void stop() {
        release.countDown();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        server.close();
        service.close();
    }

    /** One request on a fresh connection: [status, body]. */
    private Object[] call(String operation, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return raw("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
                + "X-Amz-Target: AWSStepFunctions." + operation + "\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n" + body);
    }

    private Object[] raw(String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server.boundAddress(), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String text = response.substring(response.indexOf("\r\n\r\n") + 4);
            return new Object[] {status, Json.parseUnchecked(text)};
        }
    }

    private static void assertError(Object[] response, int status, String type, String messagePart) {
        JsonNode body = (JsonNode) response[1];
        assertEquals(status, response[0], body::toString);
        assertEquals(type, body.path("__type").asText(), body::toString);
        assertTrue(body.path("message").asText().contains(messagePart), body::toString);
    }

    static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void listensOnLoopbackOnly() throws IOException {
        assertTrue(server.boundAddress().getAddress().isLoopbackAddress(), server.boundAddress().toString());
        Optional<InetAddress> lan = nonLoopbackAddress();
        if (lan.isEmpty()) {
            System.out.println("listensOnLoopbackOnly: this machine has no non-loopback IPv4 address; checked the bound address only");
            return;
        }
        try (Socket s = new Socket()) {
            assertThrows(IOException.class, () -> s.connect(new InetSocketAddress(lan.get(), server.port()), 2000),
                    "the API must not be reachable on " + lan.get());
        }
    }

    @Test
    void keepsAnswering_whileManyClientsSendTheirRequestsSlowly() throws Exception {
        int slow = 100;
        for (int i = 0; i < slow; i++) {
            Socket s = new Socket();
            s.connect(server.boundAddress(), 2000);
            // headers complete, body never finishes: each holds a request thread while it is read
            s.getOutputStream().write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSStepFunctions.ListStateMachines\r\n"
                    + "Content-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            sockets.add(s);
        }
        long started = System.nanoTime();
        Object[] answer = call("ListStateMachines", "{}");
        assertEquals(200, answer[0]);
        assertTrue(System.nanoTime() - started < 3_000_000_000L, "answered under the slow clients");
        // and the slow requests are cut after the request-read limit, freeing their threads
        Socket first = sockets.get(0);
        first.setSoTimeout((int) TimeUnit.SECONDS.toMillis(HttpLimits.maxRequestSeconds() + 5));
        InputStream in = first.getInputStream();
        try {
            assertEquals(-1, in.read(), "the server closes a request not received in time");
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the slow request was not cut after " + HttpLimits.maxRequestSeconds() + " s", e);
        } catch (IOException reset) {
            // closed by the server (reset): fine
        }
    }

    @Test
    void badChunkedBody_is400_not500() throws IOException {
        Object[] response = raw("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSStepFunctions.ListStateMachines\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n");
        assertError(response, 400, "SerializationException", "request body");
    }

    @Test
    void qualifiedStateMachineArn_isRejectedAsAwsDoes() throws IOException {
        assertError(call("StartExecution", "{\"stateMachineArn\":\"" + pass + ":v1\",\"name\":\"q\"}"), 400,
                "StateMachineDoesNotExist", pass + ":v1");
        assertError(call("DescribeStateMachine", "{\"stateMachineArn\":\"" + pass + ":1\"}"), 400,
                "StateMachineDoesNotExist", pass + ":1");
        assertEquals(200, call("DescribeStateMachine", "{\"stateMachineArn\":\"" + pass + "\"}")[0]);
    }

    @Test
    void listExecutions_rejectsAFractionalMaxResults_andALowerCaseStatusFilter() throws IOException {
        assertError(call("ListExecutions", "{\"stateMachineArn\":\"" + pass + "\",\"maxResults\":1.5}"), 400,
                "SerializationException", "maxResults");
        assertError(call("ListExecutions", "{\"stateMachineArn\":\"" + pass + "\",\"statusFilter\":\"succeeded\"}"), 400,
                "ValidationException", "statusFilter");
        assertEquals(200, call("ListExecutions", "{\"stateMachineArn\":\"" + pass + "\",\"statusFilter\":\"SUCCEEDED\",\"maxResults\":2}")[0]);
    }

    @Test
    void stopExecution_rejectsAnErrorLongerThan256Characters() throws Exception {
        String arn = service.start(hold, "held", "{}").arn();
        assertError(call("StopExecution", "{\"executionArn\":\"" + arn + "\",\"error\":\"" + "e".repeat(257) + "\"}"), 400,
                "ValidationException", "256");
        assertEquals(io.github.gamehousekeeping.local.asl.ExecutionStatus.RUNNING, service.execution(arn).status());
        assertEquals(200, call("StopExecution", "{\"executionArn\":\"" + arn + "\",\"error\":\"" + "e".repeat(256) + "\"}")[0]);
    }

    @Test
    void onShutdown_newStartsAreRefusedWithServiceUnavailable_acceptedOnesEndOrAreListed() throws Exception {
        service.start(hold, "accepted-1", "{}");
        service.start(pass, "accepted-2", "{}");
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(300);
                assertError(call("StartExecution", "{\"stateMachineArn\":\"" + pass + "\",\"name\":\"late\"}"), 503,
                        "ServiceUnavailable", "shutting down");
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                release.countDown();
            }
        });
        releaser.start();
        GracefulShutdown.Report report = GracefulShutdown.drain(service, Duration.ofSeconds(10));
        releaser.join();
        assertEquals(2, report.accepted());
        assertEquals(2, report.endedCount(), report.summary());
        assertEquals(List.of(), report.abandoned());
        assertThrows(ApiException.class, () -> service.start(pass, "later", "{}"));

        // a second server whose execution outlives the grace period: listed as abandoned, by name
        CountDownLatch never = new CountDownLatch(1);
        try (ExecutionService other = ExecutionService.create(EngineOptions.builder().waitScale(0).build(), 2)) {
            String stuck = other.registerStateMachine("Stuck", HOLD, ExecutionService.Type.STANDARD, invocation -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }, null).arn();
            other.start(stuck, "stuck-1", "{}");
            GracefulShutdown.Report abandoned = GracefulShutdown.drain(other, Duration.ofMillis(300));
            assertEquals(List.of("stuck-1"), abandoned.abandoned());
            assertTrue(abandoned.summary().contains("1 abandoned") && abandoned.summary().contains("stuck-1"), abandoned.summary());
        } finally {
            never.countDown();
        }
    }
}
