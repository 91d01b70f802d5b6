package io.github.gamehousekeeping.localdb;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 10, item 2: DynamoDB Local checks no credentials, so it must listen on loopback only (unless told otherwise). */
class LocalDynamoDbBindingTest {
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
    void listensOnLoopbackOnly_byDefault() throws IOException {
        try (LocalDynamoDb db = LocalDynamoDb.start()) {
            assertTrue(db.boundAddress().getAddress().isLoopbackAddress(), db.boundAddress().toString());
            assertEquals("127.0.0.1", db.endpoint().getHost());
            assertEquals(0, db.client().listTables().tableNames().size());
            Optional<InetAddress> lan = nonLoopbackAddress();
            if (lan.isEmpty()) {
                System.out.println("listensOnLoopbackOnly_byDefault: no non-loopback IPv4 address here; checked the bound address only");
                return;
            }
            try (Socket s = new Socket()) {
                assertThrows(IOException.class, () -> s.connect(new InetSocketAddress(lan.get(), db.endpoint().getPort()), 2000),
                        "DynamoDB Local must not be reachable on " + lan.get());
            }
        }
    }

    @Test
    void listensOnTheChosenAddress_whenTold() throws IOException {
        Optional<InetAddress> lan = nonLoopbackAddress();
        if (lan.isEmpty()) {
            System.out.println("listensOnTheChosenAddress_whenTold: skipped, no non-loopback IPv4 address here");
            return;
        }
        try (LocalDynamoDb db = LocalDynamoDb.start(lan.get())) {
            assertEquals(lan.get(), db.boundAddress().getAddress());
            assertEquals(0, db.client().listTables().tableNames().size());
            try (Socket s = new Socket()) {
                assertThrows(IOException.class, () -> s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        db.endpoint().getPort()), 2000), "bound to " + lan.get() + " only");
            }
        }
    }

    @Test
    void theEndpointIsKnownBeforeDynamoDbLocalStarts_andARequestMadeMeanwhileIsServedOnceItHas() throws Exception {
        LocalDynamoDb.Binding binding = LocalDynamoDb.bind(InetAddress.getLoopbackAddress());
        java.net.URI endpoint = binding.endpoint();
        assertTrue(endpoint.getPort() > 0, endpoint.toString());
        try (var early = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder().endpointOverride(endpoint)
                .region(LocalDynamoDb.REGION).credentialsProvider(LocalDynamoDb.credentials())
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            java.util.concurrent.CompletableFuture<Integer> tables = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> early.listTables().tableNames().size());
            Thread.sleep(300); // the request waits in the port's backlog
            try (LocalDynamoDb db = binding.start()) {
                assertEquals(endpoint, db.endpoint());
                assertEquals(0, tables.get(30, java.util.concurrent.TimeUnit.SECONDS));
                assertThrows(IllegalStateException.class, binding::start);
            }
        }
    }

    @Test
    void aBindingNeverStarted_releasesItsPortWhenClosed() throws IOException {
        LocalDynamoDb.Binding binding = LocalDynamoDb.bind(InetAddress.getLoopbackAddress());
        int port = binding.endpoint().getPort();
        binding.close();
        try (java.net.ServerSocket again = new java.net.ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort());
        }
    }
}
