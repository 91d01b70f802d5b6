package io.github.gamehousekeeping.local.server;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * DNS-rebinding protection for the loopback servers: a request is answered only when its {@code Host} names a loopback
 * host ({@code localhost}, {@code *.localhost}, {@code 127.0.0.0/8}, {@code [::1]}), with any port. A page on a foreign
 * name that was re-pointed at 127.0.0.1 sends its own name as Host and is refused.
 */
public final class LoopbackHost {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

    private LoopbackHost() {
    }

    /** Whether a Host header value (host, optional port) names a loopback host; null or empty is refused. */
    public static boolean allowed(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0 || !validPort(host.substring(close + 1))) {
                return false;
            }
            String v6 = host.substring(1, close);
            return v6.equals("::1") || v6.equals("0:0:0:0:0:0:0:1");
        }
        int colon = host.indexOf(':');
        if (colon >= 0) {
            if (!validPort(host.substring(colon))) {
                return false;
            }
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host.equals("localhost") || host.endsWith(".localhost") || IPV4_LOOPBACK.matcher(host).matches();
    }

    private static boolean validPort(String suffix) {
        return suffix.isEmpty() || suffix.matches(":\\d{1,5}");
    }
}
