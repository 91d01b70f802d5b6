package io.github.gamehousekeeping.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The measurement protocol the engine benchmarks share: for a fixed time, N callers each run executions back to back;
 * prints one line {@code PHASE engine=... phase=... callers=N executions=... seconds=... per_second=... p50_ms=...
 * p99_ms=...}. The Node.js peer (bench/compare-engines/peer.mjs) prints the same line.
 */
final class EnginePhases {
    @FunctionalInterface
    interface Execution {
        void run() throws Exception;
    }

    private EnginePhases() {
    }

    static void phase(String engine, String phase, double seconds, int callers, Execution execution, boolean print)
            throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<long[]>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
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
        long elapsed = System.nanoTime() - t0;
        pool.shutdown();
        if (!print) {
            return;
        }
        long[] sorted = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(Locale.ROOT, "PHASE engine=%s phase=%s callers=%d executions=%d seconds=%.2f per_second=%.0f"
                        + " p50_ms=%.3f p99_ms=%.3f%n", engine, phase, callers, sorted.length, elapsed / 1e9,
                sorted.length / (elapsed / 1e9), sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6);
    }
}
