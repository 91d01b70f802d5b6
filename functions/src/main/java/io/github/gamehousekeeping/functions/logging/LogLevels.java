package io.github.gamehousekeeping.functions.logging;

import org.slf4j.event.Level;

import java.util.Locale;

/**
 * The application log level: Lambda's advanced logging controls set {@value #LOG_LEVEL_VARIABLE} (TRACE, DEBUG, INFO,
 * WARN, ERROR, FATAL) from the function's {@code LoggingConfig.ApplicationLogLevel}, and Lambda itself drops JSON lines
 * below it; reading it here as well means a dropped line is never even rendered. Default INFO. The AWS SDK's own
 * loggers ({@code software.amazon.awssdk}, and the libraries under it) are held at WARN unless the level is TRACE: at
 * DEBUG they would log every request, headers included.
 */
public final class LogLevels {
    public static final String LOG_LEVEL_VARIABLE = "AWS_LAMBDA_LOG_LEVEL";
    private static final String SDK_PREFIX = "software.amazon.awssdk";

    private static volatile Level threshold = parse(System.getenv(LOG_LEVEL_VARIABLE));

    private LogLevels() {
    }

    /** The level a value of {@value #LOG_LEVEL_VARIABLE} means (FATAL is ERROR; missing or unknown is INFO). */
    public static Level parse(String value) {
        if (value == null || value.isBlank()) {
            return Level.INFO;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        return switch (v) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "WARN", "WARNING" -> Level.WARN;
            case "ERROR", "FATAL" -> Level.ERROR;
            default -> Level.INFO;
        };
    }

    public static Level threshold() {
        return threshold;
    }

    /** Changes the threshold (tests; the functions take it from the environment). */
    public static void threshold(Level level) {
        threshold = level;
    }

    static boolean enabled(String logger, Level level) {
        Level min = threshold;
        if (logger.startsWith(SDK_PREFIX) && min != Level.TRACE && min.toInt() < Level.WARN.toInt()) {
            min = Level.WARN;
        }
        return level.toInt() >= min.toInt();
    }
}
