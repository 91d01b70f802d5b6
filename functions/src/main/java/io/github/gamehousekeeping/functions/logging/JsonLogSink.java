package io.github.gamehousekeeping.functions.logging;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where log lines go: the process's standard output, one line each (what the Lambda runtime ships to CloudWatch Logs as
 * one event; with the JSON log format Lambda parses the line, filters it on its {@code level} and keeps its fields).
 * {@code System.out} is looked up per line, so a runtime or test that replaces it sees every line. The embedded metric
 * format documents of PublishMetrics go through here too: a raw JSON line on stdout is what CloudWatch extracts
 * metrics from (the runtime's {@code LambdaLogger} would wrap it in its own JSON when the log format is JSON).
 */
public final class JsonLogSink {
    private static volatile Consumer<String> capture;
    /** Set on the thread running SnapStart priming: its lines are dropped. */
    private static final ThreadLocal<Boolean> DISCARDING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private JsonLogSink() {
    }

    /** Writes one line (the caller guarantees it holds no line break). */
    public static void write(String line) {
        if (DISCARDING.get()) {
            return;
        }
        Consumer<String> c = capture;
        if (c != null) {
            c.accept(line);
            return;
        }
        PrintStream out = System.out;
        synchronized (out) {
            out.println(line);
        }
    }

    /**
     * Runs {@code work} with the lines it writes on this thread dropped (SnapStart priming: its invocations must not
     * log, and an EMF document written to stdout would become a metric in CloudWatch).
     */
    public static <T> T discarding(Supplier<T> work) {
        boolean outer = DISCARDING.get();
        DISCARDING.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            DISCARDING.set(outer);
        }
    }

    /** Collects the lines written until {@link Capture#close()} instead of printing them (tests). */
    public static Capture capture() {
        Capture c = new Capture();
        capture = c.lines::add;
        return c;
    }

    /** Lines collected by {@link #capture()}. */
    public static final class Capture implements AutoCloseable {
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        public List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        @Override
        public void close() {
            capture = null;
        }
    }
}
