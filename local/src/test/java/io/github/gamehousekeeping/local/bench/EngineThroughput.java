package io.github.gamehousekeeping.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.Engine;
import io.github.gamehousekeeping.local.asl.EngineOptions;
import io.github.gamehousekeeping.local.asl.ExecutionRequest;
import io.github.gamehousekeeping.local.asl.ExecutionResult;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.asl.MockConfigTaskInvoker;
import io.github.gamehousekeeping.local.asl.StateMachineDefinition;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Executions per second of the housekeeping-shaped workflow (5 mocked Lambda tasks, a Parallel, a Choice), with
 * wait-scale 0, sequentially and with N concurrent callers, after a warm-up. Args: [seconds per phase] [concurrency].
 */
public final class EngineThroughput {
    private EngineThroughput() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        JsonNode c;
        try (InputStream in = EngineThroughput.class.getResourceAsStream("/bench/housekeeping-workflow.json")) {
            c = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        StateMachineDefinition definition = StateMachineDefinition.parse(c.get("definition"));
        MockConfigTaskInvoker invoker = new MockConfigTaskInvoker(c.get("mockConfig"), "Housekeeping", "Default");
        JsonNode input = c.get("input");
        JsonNode expected = c.get("expected").get("output");
        System.out.printf("engine-throughput: housekeeping workflow (5 mocked Lambda tasks, Parallel, Choice), wait-scale 0, %d cores, %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        try (Engine engine = new Engine(EngineOptions.builder().waitScale(0).build())) {
            Runner runner = () -> {
                ExecutionResult r = engine.execute(definition, ExecutionRequest.builder().stateMachine("Housekeeping").input(input).invoker(invoker).build());
                if (r.status() != ExecutionStatus.SUCCEEDED || !Json.equivalent(expected, r.output())) {
                    throw new IllegalStateException("unexpected result: " + r.toJson(false));
                }
            };
            phase("warm-up (sequential)", Math.max(2, seconds / 2), 1, runner, false);
            phase("warm-up (" + concurrency + " concurrent)", Math.max(2, seconds / 2), concurrency, runner, false);
            phase("sequential", seconds, 1, runner, true);
            phase(concurrency + " concurrent", seconds, concurrency, runner, true);
        }
    }

    @FunctionalInterface
    private interface Runner {
        void run() throws Exception;
    }

    private static void phase(String name, double seconds, int threads, Runner runner, boolean print) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong count = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    runner.run();
                    long d = System.nanoTime() - s;
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = d;
                    count.incrementAndGet();
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        for (Future<long[]> f : futures) {
            latencies.add(f.get());
        }
        long elapsed = System.nanoTime() - t0;
        pool.shutdown();
        if (!print) {
            return;
        }
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double perSecond = count.get() / (elapsed / 1e9);
        System.out.printf("%-16s %8d executions in %5.1f s = %8.0f executions/s   latency p50 %6.2f ms  p99 %6.2f ms%n",
                name, count.get(), elapsed / 1e9, perSecond, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
    }
}
