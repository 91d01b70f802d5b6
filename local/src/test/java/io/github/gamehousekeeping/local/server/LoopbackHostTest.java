package io.github.gamehousekeeping.local.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DNS-rebinding protection: only loopback names and addresses are served. */
class LoopbackHostTest {
    @Test
    void loopbackNamesAndAddresses_areAllowed() {
        for (String host : new String[] {"127.0.0.1:8083", "127.0.0.1", "localhost:8083", "LOCALHOST", "app.localhost:1",
                "127.1.2.3:80", "[::1]:8083", "[::1]", "localhost."}) {
            assertTrue(LoopbackHost.allowed(host), host);
        }
    }

    @Test
    void foreignOrMalformedHosts_areRefused() {
        for (String host : new String[] {null, "", "evil.example", "evil.example:8083", "127.0.0.1.evil.example",
                "localhost.evil.example", "10.0.0.1:8083", "0.0.0.0:8083", "[::2]:80", "127.0.0.1:80:80", "127.0.0.256",
                "localhost:abc", "[::1"}) {
            assertFalse(LoopbackHost.allowed(host), String.valueOf(host));
        }
    }
}
