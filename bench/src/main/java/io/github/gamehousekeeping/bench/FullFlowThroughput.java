package io.github.gamehousekeeping.bench;

import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.runtime.HousekeepingRuntime;
import io.github.gamehousekeeping.local.server.ExecutionService;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Executions per second of the full housekeeping flow on the local runtime: the embedded stack, its five real
 * functions in emulated Lambda environments (warm after the warm-up), DynamoDB Local. Not a test: run through
 * {@code bench/local-throughput}.
 */
public final class FullFlowThroughput {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final int WINDOW_SECONDS = 3;

    private FullFlowThroughput() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int environments = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        long started = System.nanoTime();
        // Environments per function (reserved concurrency), not a cap on all functions together: below five live
        // environments for five functions every execution would reclaim one and pay a cold start. Executions at once
        // as many as a function has environments, so no invocation is throttled.
        try (HousekeepingRuntime runtime = HousekeepingRuntime.start(new HousekeepingRuntime.Options()
                .waitScale(0).maxEnvironmentsPerFunction(environments).maxConcurrentExecutions(environments)
                .prestartEnvironments(true))) {
            System.out.printf(Locale.ROOT, "local-throughput: full housekeeping flow (5 real functions, DynamoDB Local), "
                            + "%d cores, up to %d environments per function; runtime started in %.1f s%n",
                    Runtime.getRuntime().availableProcessors(), environments, (System.nanoTime() - started) / 1e9);
            long warm = System.nanoTime();
            phase(runtime, "cold first", 1, 1, false, 1);
            System.out.printf(Locale.ROOT, "%-16s first execution (five cold starts) %.0f ms%n", "cold", (System.nanoTime() - warm) / 1e6);
            phase(runtime, "warm-up", Math.min(5, seconds), environments, false, 0); // start every environment, no queueing
            // The rule bench/compare-engines uses, with 3-second windows: a few tens of executions per second make
            // 1-second windows too noisy to see the rate settle. The JIT compilers of this JVM and of the environments
            // need that long; a fixed 5-second warm-up left the sequential phase a third slower than a phase later.
            AtomicLong warmUpFailures = new AtomicLong();
            EnginePhases.warmUp("local-runtime", 1, () -> execute(runtime, warmUpFailures), 60, WINDOW_SECONDS, 5);
            phase(runtime, "sequential", seconds, 1, true, 0);
            phase(runtime, concurrency + " concurrent", seconds, concurrency, true, 0);
        }
        System.exit(0); // DynamoDB Local leaves a non-daemon scheduler thread behind after close
    }

    /** Runs executions for {@code seconds} on {@code threads} callers (at most {@code maxExecutions}, 0: no limit). */
    private static void phase(HousekeepingRuntime runtime, String name, double seconds, int threads, boolean print,
                             int maxExecutions) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long mainCpu = EnginePhases.cpuMillis(ProcessHandle.current());
        long environmentsCpu = environmentsCpuMillis();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        AtomicLong count = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < deadline && (maxExecutions == 0 || count.get() < maxExecutions)) {
                    count.incrementAndGet();
                    long t0 = System.nanoTime();
                    execute(runtime, failures);
                    latencies.add((System.nanoTime() - t0) / 1e6);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (print) {
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT,
                    "%-16s %6d executions in %5.1f s = %7.1f executions/s   latency p50 %7.1f ms  p99 %7.1f ms  failed %d%n",
                    name, sorted.size(), elapsed, sorted.size() / elapsed, percentile(sorted, 50), percentile(sorted, 99),
                    failures.get());
            int n = Math.max(1, sorted.size());
            System.out.printf(Locale.ROOT, "%-16s CPU per execution: this JVM (engine, DynamoDB Local) %.1f ms, Lambda "
                            + "environments %.1f ms%n", "", (EnginePhases.cpuMillis(ProcessHandle.current()) - mainCpu) / (double) n,
                    (environmentsCpuMillis() - environmentsCpu) / (double) n);
        }
    }

    /** Runs the next event of {@link BenchEvents} through the workflow; a failed execution is counted and printed. */
    private static void execute(HousekeepingRuntime runtime, AtomicLong failures) throws Exception {
        long n = SEQUENCE.incrementAndGet();
        ExecutionService.Execution e = runtime.executions().start(runtime.stateMachine().arn(), "bench-" + n,
                BenchEvents.event("bench-", n).toJson()).completion().get();
        if (e.status() != ExecutionStatus.SUCCEEDED) {
            failures.incrementAndGet();
            System.err.println("failed: " + e.error() + " " + e.cause());
        }
    }

    /** CPU time of the Lambda environments (this JVM's child processes) alive now. */
    private static long environmentsCpuMillis() {
        return ProcessHandle.current().children().mapToLong(EnginePhases::cpuMillis).sum();
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
