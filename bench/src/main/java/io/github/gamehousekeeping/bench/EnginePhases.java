package io.github.gamehousekeeping.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The measurement protocol the engine benchmarks share (the full-flow ones use its warm-up rule, StoreCeiling all of
 * it): for a fixed time, N callers each run executions back to back; prints one line {@code PHASE engine=...
 * phase=... callers=N executions=... seconds=... per_second=... p50_ms=... p99_ms=...}. Before measuring,
 * {@link #warmUp} runs until the rate stops improving (the JIT compilers of both engines need CPU time, which a loaded
 * machine gives slowly). The Node.js peer (bench/compare-engines-peer.mjs) does the same.
 */
final class EnginePhases {
    /** Warm-up: 1-second windows until one is no more than 5% above the best before it (at least 5). */
    static final double WINDOW_SECONDS = 1;
    static final double IMPROVING = 1.05;
    static final int MIN_WINDOWS = 5;

    @FunctionalInterface
    interface Execution {
        void run() throws Exception;
    }

    private EnginePhases() {
    }

    /** Runs windows until the rate stops improving or maxSeconds pass; prints one WARMUP line. */
    static void warmUp(String engine, int callers, Execution execution, double maxSeconds) throws Exception {
        warmUp(engine, callers, execution, maxSeconds, WINDOW_SECONDS, MIN_WINDOWS);
    }

    /** {@link #warmUp(String, int, Execution, double)} with windows of the given length, at least {@code minWindows}. */
    static void warmUp(String engine, int callers, Execution execution, double maxSeconds, double windowSeconds,
                       int minWindows) throws Exception {
        long start = System.nanoTime();
        double best = 0;
        int windows = 0;
        while (true) {
            long[] latencies = measure(windowSeconds, callers, execution);
            double rate = latencies.length / windowSeconds;
            windows++;
            boolean improving = rate > best * IMPROVING;
            best = Math.max(best, rate);
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (windows >= minWindows && !improving || elapsed >= maxSeconds) {
                System.out.printf(Locale.ROOT, "WARMUP engine=%s callers=%d windows=%d seconds=%.1f last_per_second=%.0f%n",
                        engine, callers, windows, elapsed, rate);
                return;
            }
        }
    }

    /** CPU time (user + sys) of a process so far, in ms (0 where the OS does not tell). */
    static long cpuMillis(ProcessHandle process) {
        return process.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L);
    }

    static void phase(String engine, String phase, double seconds, int callers, Execution execution) throws Exception {
        long t0 = System.nanoTime();
        long[] sorted = measure(seconds, callers, execution);
        long elapsed = System.nanoTime() - t0;
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "PHASE engine=%s phase=%s callers=%d executions=%d seconds=%.2f per_second=%.0f"
                        + " p50_ms=%.3f p99_ms=%.3f%n", engine, phase, callers, sorted.length, elapsed / 1e9,
                sorted.length / (elapsed / 1e9), sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6);
    }

    /** Each caller runs executions back to back for the given time; returns every execution's latency (ns). */
    private static long[] measure(double seconds, int callers, Execution execution) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            futures.add(pool.submit(() -> {
                long[] latencies = new long[1 << 12];
                int n = 0;
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    execution.run();
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - s;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            all.add(f.get());
        }
        pool.shutdown();
        return all.stream().flatMapToLong(Arrays::stream).toArray();
    }
}
