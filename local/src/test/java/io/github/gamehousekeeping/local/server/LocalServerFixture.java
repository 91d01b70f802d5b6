package io.github.gamehousekeeping.local.server;

import io.github.gamehousekeeping.local.asl.EngineOptions;
import io.github.gamehousekeeping.local.asl.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.IOException;

/**
 * The set-up the server tests share: an {@link ExecutionService} served by a {@link StepFunctionsServer} on a free
 * port and the SDK's SfnClient pointed at it ({@link LocalSfnClient}), started before each test and closed after it.
 * A test class chooses its service by overriding {@link #newService()} (engine options, mocks, registered machines);
 * its own {@code @BeforeEach} methods run once the server is up, its {@code @AfterEach} methods before it closes.
 * A fixture, not a test: the assertions are in the classes that extend it.
 */
abstract class LocalServerFixture {
    ExecutionService service;
    StepFunctionsServer server;
    SfnClient sfn;

    /** The service each test gets: wait-scale 0, 4 executions at once, no mocks. */
    ExecutionService newService() throws IOException {
        return ExecutionService.create(EngineOptions.builder().waitScale(0).build(), 4);
    }

    /** A service whose Wait states last {@code waitScale} times their seconds and whose Tasks answer from mocks. */
    static ExecutionService mocked(double waitScale, String mockConfig) {
        ExecutionService mocked = ExecutionService.create(EngineOptions.builder().waitScale(waitScale).build(), 4);
        mocked.taskRouting().mockConfig(Json.parseUnchecked(mockConfig));
        return mocked;
    }

    @BeforeEach
    final void startServer() throws IOException {
        serve(newService());
    }

    /** Serves {@code served} (closed with the server) and points {@link #sfn} at it. */
    final void serve(ExecutionService served) throws IOException {
        service = served;
        server = StepFunctionsServer.start(served, 0);
        sfn = LocalSfnClient.at(server.endpoint());
    }

    @AfterEach
    final void stopServer() {
        if (sfn != null) {
            sfn.close();
            server.close();
            service.close();
            sfn = null;
        }
    }
}
