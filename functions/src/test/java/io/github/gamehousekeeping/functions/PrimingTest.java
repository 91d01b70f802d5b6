package io.github.gamehousekeeping.functions;

import io.github.gamehousekeeping.functions.metrics.MetricsPublisher;
import io.github.gamehousekeeping.functions.store.CompletionStore;
import io.github.gamehousekeeping.functions.store.DynamoDb;
import io.github.gamehousekeeping.functions.store.ReportGenerator;
import io.github.gamehousekeeping.localdb.LocalDynamoDb;
import org.junit.jupiter.api.Test;

import io.github.gamehousekeeping.functions.logging.JsonLogSink;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SnapStart priming exercises the hot paths before the snapshot, writes nothing and never fails the checkpoint. */
class PrimingTest {

    @Test
    void primingWritesNothing_andCallsDynamoDb() {
        TestDb.reset();
        new ValidateEventHandler().prime();
        new GenerateReportHandler(new ReportGenerator(TestDb.store())).prime();
        new RecordLevelCompletionHandler(TestDb.store()).prime();
        new RecordGameCompletionHandler(TestDb.store()).prime();
        new PublishMetricsHandler(new MetricsPublisher("NS", MetricsPublisher.Mode.EMF, null)).prime();

        assertTrue(TestDb.levels().isEmpty());
        assertTrue(TestDb.games().isEmpty());
        assertTrue(TestDb.progress().isEmpty());
    }

    @Test
    void primingSendsOnlyReads() throws IOException {
        try (FakeEndpoint fake = new FakeEndpoint(FakeEndpoint.always(FakeEndpoint.Answer.json(200, "{}")))) {
            CompletionStore store = new CompletionStore(DynamoDb.builder().endpointOverride(fake.uri())
                    .region(LocalDynamoDb.REGION).credentialsProvider(LocalDynamoDb.credentials()).build(),
                    "CompletedLevel", "CompletedGame", "PlayerProgress");
            new GenerateReportHandler(new ReportGenerator(store)).prime();
            new RecordLevelCompletionHandler(store).prime();
            new RecordGameCompletionHandler(store).prime();
            // each handler's hot path runs Priming.ITERATIONS times, so the JIT has compiled it before the snapshot;
            // per round: the report handler's BatchGetItem, then BatchGetItem + Query; each recorder GetItem of its
            // progress item + GetItem of a completion (their writes go to an offline twin, never to the endpoint)
            assertEquals(7 * Priming.ITERATIONS, fake.requests().size());
            fake.requests().forEach(r -> assertTrue(r.header("X-Amz-Target").endsWith(".Query")
                            || r.header("X-Amz-Target").endsWith(".GetItem") || r.header("X-Amz-Target").endsWith(".BatchGetItem"),
                    r.header("X-Amz-Target")));
        }
    }

    @Test
    void primingWritesNoLogLine_andNoEmfDocument() {
        TestDb.reset();
        try (JsonLogSink.Capture lines = JsonLogSink.capture()) {
            new ValidateEventHandler().prime();
            new GenerateReportHandler(new ReportGenerator(TestDb.store())).prime();
            new RecordLevelCompletionHandler(TestDb.store()).prime();
            new PublishMetricsHandler(new MetricsPublisher("NS", MetricsPublisher.Mode.EMF, null)).prime();
            assertEquals(List.of(), lines.lines(), "an EMF line written while priming would become a metric");
        }
    }

    @Test
    void primingRepeatsTheHotPath_soTheFirstInvokeAfterRestoreFindsItCompiled() {
        AtomicInteger runs = new AtomicInteger();
        Priming.register(runs::incrementAndGet).beforeCheckpoint(null);
        assertTrue(Priming.ITERATIONS > 1);
        assertEquals(Priming.ITERATIONS, runs.get());
    }

    @Test
    void primingNeverThrows_withoutNetwork() throws IOException {
        try (FakeEndpoint fake = new FakeEndpoint(FakeEndpoint.always(FakeEndpoint.Answer.dropConnection()))) {
            CompletionStore store = new CompletionStore(DynamoDb.builder().endpointOverride(fake.uri())
                    .region(LocalDynamoDb.REGION).credentialsProvider(LocalDynamoDb.credentials()).build(),
                    "CompletedLevel", "CompletedGame", "PlayerProgress");
            assertDoesNotThrow(() -> new RecordGameCompletionHandler(store).prime());
            assertDoesNotThrow(() -> new GenerateReportHandler(new ReportGenerator(store)).prime());
        }
        AtomicInteger runs = new AtomicInteger();
        Priming priming = Priming.register(() -> {
            runs.incrementAndGet();
            throw new IllegalStateException("no credentials at snapshot time");
        });
        assertDoesNotThrow(() -> priming.beforeCheckpoint(null));
        assertEquals(1, runs.get(), "a failed round is not repeated");
    }
}
