package io.github.gamehousekeeping.bench;

import io.github.gamehousekeeping.contract.CompletionEvent;
import io.github.gamehousekeeping.functions.store.CompletionStore;
import io.github.gamehousekeeping.functions.store.ReportGenerator;
import io.github.gamehousekeeping.localdb.LocalDynamoDb;

import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling DynamoDB Local sets on the full flow: the flow's DynamoDB requests alone, as GenerateReport and the
 * recorders send them (their own {@link ReportGenerator} and {@link CompletionStore}, the production client
 * settings), the report and the recording at once as in the workflow's Parallel state, one flow after another, on
 * DynamoDB Local in this JVM. No Lambda environments, no engine, and this JVM's JIT compiles everything (the functions'
 * environments stop at C1), so the full flow on DynamoDB Local cannot go faster than this. Not a test: run through
 * {@code bench/local-throughput}, after the full flow.
 *
 * <p>Run it with {@code AWS_LAMBDA_LOG_LEVEL=WARN}: the store's INFO line per recording would otherwise be rendered and
 * printed here, a cost that belongs to the functions, not to DynamoDB Local.
 *
 * <p>Args: [seconds of the measured phase (10)]. Prints {@code PHASE engine=dynamodb-local-store ... per_second=N}.
 */
public final class StoreCeiling {
    private StoreCeiling() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        ExecutorService reports = Executors.newSingleThreadExecutor();
        try (LocalDynamoDb db = LocalDynamoDb.start()) {
            db.createTables();
            CompletionStore store = BenchStore.store(BenchStore.client(db).build());
            ReportGenerator generator = new ReportGenerator(store);
            AtomicLong sequence = new AtomicLong();
            EnginePhases.Execution flow = () -> {
                CompletionEvent event = BenchEvents.event("store-", sequence.incrementAndGet());
                Future<?> report = reports.submit(() -> generator.generate(event));
                if (event.gameCompleted()) {
                    store.recordGame(event);
                } else {
                    store.recordLevel(event);
                }
                report.get();
            };
            System.out.printf(Locale.ROOT, "store ceiling: the flow's DynamoDB requests alone (report || record, the "
                    + "functions' store code), sequential, DynamoDB Local in this JVM%n");
            // 10-second windows: this JVM's C2 compiles DynamoDB Local and the SDK gradually (the rate still rises by a
            // few percent per 10 s after a minute), which 1-second windows, noisy at ~100 flows/s, would cut short.
            EnginePhases.warmUp("dynamodb-local-store", 1, flow, 120, 10, 3);
            long cpu = EnginePhases.cpuMillis(ProcessHandle.current());
            long before = sequence.get();
            EnginePhases.phase("dynamodb-local-store", "sequential", seconds, 1, flow);
            long flows = sequence.get() - before;
            System.out.printf(Locale.ROOT, "store ceiling: CPU per flow %.1f ms (DynamoDB Local, its HTTP server, the "
                            + "SDK client)%n",
                    (EnginePhases.cpuMillis(ProcessHandle.current()) - cpu) / (double) flows);
        } finally {
            reports.shutdownNow();
        }
        System.exit(0); // DynamoDB Local leaves a non-daemon scheduler thread behind after close
    }
}
