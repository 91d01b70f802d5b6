package io.github.gamehousekeeping.local.server;

import java.util.Map;

/**
 * Time limits of the JDK HTTP server ({@code com.sun.net.httpserver}) that keep slow or idle clients from holding the
 * API's request threads: a request (line, headers and body) must arrive within {@link #MAX_REQUEST_SECONDS} of its
 * first byte, or its connection is closed and its thread freed; a keep-alive connection idle for
 * {@link #IDLE_SECONDS} is closed. The JDK reads these as system properties once, when its first HTTP server is
 * created: {@link #apply()} sets them (unless already set on the command line) before that.
 */
public final class HttpLimits {
    /** {@code sun.net.httpserver.maxReqTime}: seconds to receive a whole request. */
    public static final String MAX_REQUEST_SECONDS_PROPERTY = "sun.net.httpserver.maxReqTime";
    public static final long MAX_REQUEST_SECONDS = 10;
    /** {@code sun.net.httpserver.idleInterval}: seconds a keep-alive connection may idle. */
    public static final String IDLE_SECONDS_PROPERTY = "sun.net.httpserver.idleInterval";
    public static final long IDLE_SECONDS = 30;
    /** How often (ms) the JDK checks the request limit. */
    private static final String TIMER_MILLIS_PROPERTY = "sun.net.httpserver.timerMillis";

    private HttpLimits() {
    }

    /** Sets the limits unless set already; call before the first {@code HttpServer.create} of the JVM. */
    public static synchronized void apply() {
        Map.of(MAX_REQUEST_SECONDS_PROPERTY, Long.toString(MAX_REQUEST_SECONDS),
                IDLE_SECONDS_PROPERTY, Long.toString(IDLE_SECONDS),
                TIMER_MILLIS_PROPERTY, "500").forEach((key, value) -> {
                    if (System.getProperty(key) == null) {
                        System.setProperty(key, value);
                    }
                });
    }

    /** The request-read limit in force, in seconds. */
    public static long maxRequestSeconds() {
        return Long.getLong(MAX_REQUEST_SECONDS_PROPERTY, MAX_REQUEST_SECONDS);
    }
}
