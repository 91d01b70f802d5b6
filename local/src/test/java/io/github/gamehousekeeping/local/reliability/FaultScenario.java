package io.github.gamehousekeeping.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.runtime.HousekeepingRuntime;
import io.github.gamehousekeeping.local.server.ExecutionService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DynamoDB faults during a run, injected by a TCP proxy between the functions and DynamoDB Local: short outages
 * (connections reset, blackholed) and added latency are absorbed by the workflow's Retry; an outage longer than the
 * retry budget fails the execution with a named Housekeeping.*Failed error and a readable cause; after recovery
 * executions succeed again; a game completion is never half-written.
 */
class FaultScenario {
    private final Map<String, ObjectNode> events = new LinkedHashMap<>();
    private int next;

    private List<ExecutionService.Execution> start(Scenarios.Stack stack, int count) {
        List<ExecutionService.Execution> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode e = Scenarios.event("fault", next++, 2);
            events.put(e.get("eventId").asText(), e);
            String arn = stack.sfn.startExecution(b -> b.stateMachineArn(stack.arn()).name(e.get("eventId").asText())
                    .input(e.toString())).executionArn();
            started.add(stack.runtime.executions().execution(arn));
        }
        return started;
    }

    private static List<String> await(List<ExecutionService.Execution> executions) throws InterruptedException {
        List<String> outcomes = new ArrayList<>();
        for (ExecutionService.Execution e : executions) {
            assertTrue(e.await(Duration.ofSeconds(90)), e.name() + " did not end");
            outcomes.add(e.status() + (e.error() == null ? "" : " " + e.error() + ": " + e.cause()));
        }
        return outcomes;
    }

    private static void assertAllSucceeded(String phase, List<String> outcomes) {
        assertEquals(outcomes.stream().map(o -> "SUCCEEDED").toList(), outcomes, phase);
    }

    @Test
    @Timeout(value = 170, unit = TimeUnit.SECONDS)
    void outagesShorterThanTheRetryBudgetAreAbsorbed_longerOnesFailByName_nothingHalfWritten() throws Exception {
        long t0 = System.nanoTime();
        AtomicReference<FaultProxy> proxyRef = new AtomicReference<>();
        HousekeepingRuntime.Options options = new HousekeepingRuntime.Options().functionsDynamoDbEndpoint(db -> {
            try {
                proxyRef.set(new FaultProxy(db));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return proxyRef.get().endpoint();
        });
        try (Scenarios.Stack stack = new Scenarios.Stack(options); FaultProxy proxy = proxyRef.get()) {
            assertAllSucceeded("warm-up", await(start(stack, 4)));

            int before = proxy.faulted();
            proxy.mode(FaultProxy.Mode.RESET);
            List<ExecutionService.Execution> duringReset = start(stack, 6);
            proxy.holdFor(before, 1000); // the outage lasts 1 s after the first refused connection
            proxy.mode(FaultProxy.Mode.PASS);
            assertAllSucceeded("1 s of reset connections", await(duringReset));

            before = proxy.faulted();
            proxy.mode(FaultProxy.Mode.BLACKHOLE);
            List<ExecutionService.Execution> duringBlackhole = start(stack, 6);
            proxy.holdFor(before, 1000);
            proxy.mode(FaultProxy.Mode.PASS);
            assertAllSucceeded("1 s of blackholed connections", await(duringBlackhole));

            proxy.delayMs(300);
            proxy.mode(FaultProxy.Mode.DELAY);
            List<ExecutionService.Execution> delayed = start(stack, 4);
            List<String> delayedOutcomes = await(delayed);
            proxy.mode(FaultProxy.Mode.PASS);
            assertAllSucceeded("300 ms added per packet", delayedOutcomes);

            // longer than the retry budget (4 retries, full jitter over 1, 2, 4, 8 s: at most 15 s of delays)
            proxy.mode(FaultProxy.Mode.RESET);
            List<ExecutionService.Execution> duringOutage = start(stack, 6);
            long outageStart = System.nanoTime();
            for (ExecutionService.Execution e : duringOutage) {
                assertTrue(e.await(Duration.ofSeconds(60)), e.name() + " did not end during the outage");
            }
            double outageSeconds = (System.nanoTime() - outageStart) / 1e9;
            proxy.mode(FaultProxy.Mode.PASS);
            for (ExecutionService.Execution e : duringOutage) {
                assertEquals("FAILED", e.status().name(), e.name() + " during a long outage");
                assertTrue(e.error().matches("Housekeeping\\.(Report|Recording)Failed"), e.error());
                JsonNode cause = Scenarios.MAPPER.readTree(e.cause());
                String message = cause.path("errorMessage").asText();
                assertEquals("io.github.gamehousekeeping.contract.TransientFailureException", cause.path("errorType").asText(),
                        "the I/O failure is the retryable class: " + e.cause());
                assertTrue(!message.isBlank() && !message.contains("\n") && message.length() < 400,
                        "a one-line readable cause: " + message);
            }

            assertAllSucceeded("after recovery", await(start(stack, 6)));
            assertEquals(List.of(), stack.halfWritten(events), "a game completion is both items or neither");
            Map<String, Map<String, JsonNode>> items = stack.items();
            for (String id : events.keySet()) {
                boolean succeeded = stack.runtime.executions().execution(stack.arn().replace(":stateMachine:", ":execution:")
                        + ":" + id).status().name().equals("SUCCEEDED");
                if (succeeded) {
                    assertTrue(items.get("CompletedLevel").containsKey(id), id + " succeeded but wrote nothing");
                }
            }
            System.out.printf(java.util.Locale.ROOT, "faults: %d executions through reset, blackhole, delay, a %.1f s outage "
                    + "and recovery; %d connections faulted; scenario %.1f s%n", events.size(), outageSeconds, proxy.faulted(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
