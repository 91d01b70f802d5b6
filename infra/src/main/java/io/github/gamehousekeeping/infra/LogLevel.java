package io.github.gamehousekeeping.infra;

import java.util.Locale;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.SystemLogLevel;

/**
 * The functions' log level ({@code -c logLevel=DEBUG}), set through Lambda's advanced logging controls: Lambda passes the
 * application level to the function as {@code AWS_LAMBDA_LOG_LEVEL} (the functions' logger reads it) and drops JSON
 * lines below it; the system level (Lambda's own platform lines, at most DEBUG, INFO or WARN) follows it. Changing it
 * is a configuration update of the functions, not a new deployment package.
 */
public enum LogLevel {
    TRACE(ApplicationLogLevel.TRACE, SystemLogLevel.DEBUG),
    DEBUG(ApplicationLogLevel.DEBUG, SystemLogLevel.DEBUG),
    INFO(ApplicationLogLevel.INFO, SystemLogLevel.INFO),
    WARN(ApplicationLogLevel.WARN, SystemLogLevel.WARN),
    ERROR(ApplicationLogLevel.ERROR, SystemLogLevel.WARN),
    FATAL(ApplicationLogLevel.FATAL, SystemLogLevel.WARN);

    private final ApplicationLogLevel application;
    private final SystemLogLevel system;

    LogLevel(ApplicationLogLevel application, SystemLogLevel system) {
        this.application = application;
        this.system = system;
    }

    public ApplicationLogLevel applicationLogLevel() {
        return application;
    }

    public SystemLogLevel systemLogLevel() {
        return system;
    }

    /** Parses a context value, case-insensitive; {@code null} or blank means {@link #INFO}. */
    public static LogLevel parse(String text) {
        if (text == null || text.isBlank()) {
            return INFO;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("logLevel must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, not '"
                    + text + "'", e);
        }
    }
}
