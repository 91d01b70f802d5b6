package io.github.gamehousekeeping.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.runtime.HousekeepingRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Burst on a fresh server: 500 executions started by 64 concurrent callers through the Step Functions API, on a
 * runtime whose functions have never run (every environment starts cold during the burst). Expected: 0 FAILED, every
 * item written exactly once, every report consistent with its event.
 */
class BurstScenario {
    static final int EXECUTIONS = 500;
    static final int CALLERS = 64;

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void burstOnAFreshServer_noneFails_everythingWrittenOnce() throws Exception {
        long t0 = System.nanoTime();
        try (Scenarios.Stack stack = new Scenarios.Stack(new HousekeepingRuntime.Options())) {
            Map<String, ObjectNode> events = new TreeMap<>();
            LinkedBlockingQueue<ObjectNode> queue = new LinkedBlockingQueue<>();
            for (int i = 0; i < EXECUTIONS; i++) {
                ObjectNode e = Scenarios.event("burst", i, 10);
                events.put(e.get("eventId").asText(), e);
                queue.add(e);
            }
            Map<String, DescribeExecutionResponse> ended = new ConcurrentHashMap<>();
            ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
            List<Future<?>> work = new ArrayList<>();
            long started = System.nanoTime();
            for (int c = 0; c < CALLERS; c++) {
                work.add(callers.submit(() -> {
                    ObjectNode next;
                    while ((next = queue.poll()) != null) {
                        String name = next.get("eventId").asText();
                        String input = next.toString();
                        String arn = stack.sfn.startExecution(b -> b.stateMachineArn(stack.arn()).name(name)
                                .input(input)).executionArn();
                        if (!stack.runtime.executions().execution(arn).await(Duration.ofSeconds(300))) {
                            throw new AssertionError(name + " did not end within 300 s");
                        }
                        ended.put(name, stack.sfn.describeExecution(b -> b.executionArn(arn)));
                    }
                    return null;
                }));
            }
            Thread progress = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.out.printf(java.util.Locale.ROOT, "burst: %.0f s: %d ended, %d live environments %s%n",
                            (System.nanoTime() - started) / 1e9, ended.size(), stack.runtime.lambda().liveEnvironments(),
                            stack.runtime.lambda().environmentsStarted());
                }
            });
            progress.setDaemon(true);
            progress.start();
            for (Future<?> f : work) {
                f.get();
            }
            progress.interrupt();
            callers.shutdown();
            double seconds = (System.nanoTime() - started) / 1e9;

            Map<String, Integer> byStatus = new TreeMap<>();
            List<String> problems = new ArrayList<>();
            for (DescribeExecutionResponse d : ended.values()) {
                byStatus.merge(d.statusAsString(), 1, Integer::sum);
                if (!"SUCCEEDED".equals(d.statusAsString())) {
                    problems.add(d.name() + " " + d.statusAsString() + " " + d.error() + ": " + d.cause());
                    continue;
                }
                ObjectNode e = events.get(d.name());
                JsonNode report = Scenarios.MAPPER.readTree(d.output()).get("report");
                // each player completes one level once: the report is fully determined by the event
                if (report.get("level").asInt() != e.get("level").asInt() || report.get("attempts").asInt() != 1
                        || report.get("bestScore").asInt() != e.get("score").asInt()
                        || !report.get("newPersonalBest").asBoolean() || report.get("levelsCompleted").asInt() != 1
                        || report.has("previousBestScore")) {
                    problems.add(d.name() + ": inconsistent report " + report + " for " + e);
                }
            }
            Map<String, Map<String, JsonNode>> items = stack.items();
            long games = events.values().stream().filter(e -> e.get("gameCompleted").asBoolean()).count();
            System.out.printf(java.util.Locale.ROOT, "burst: %d executions, %d callers, fresh server: %s in %.1f s "
                            + "(%.1f executions/s); %d environments started %s; items %d CompletedLevel, %d CompletedGame "
                            + "(scenario %.1f s)%n", EXECUTIONS, CALLERS, byStatus, seconds, EXECUTIONS / seconds,
                    stack.runtime.lambda().environmentsStarted().values().stream().mapToInt(Integer::intValue).sum(),
                    stack.runtime.lambda().environmentsStarted(), items.get("CompletedLevel").size(),
                    items.get("CompletedGame").size(), (System.nanoTime() - t0) / 1e9);
            assertEquals(List.of(), problems.subList(0, Math.min(10, problems.size())), problems.size() + " problems");
            assertEquals(Map.of("SUCCEEDED", EXECUTIONS), byStatus);
            assertEquals(events.keySet(), items.get("CompletedLevel").keySet(), "one CompletedLevel item per event");
            assertEquals(games, items.get("CompletedGame").size(), "one CompletedGame item per game completion");
            assertEquals(List.of(), stack.halfWritten(events));
            assertTrue(stack.runtime.lambda().liveEnvironments() <= stack.runtime.lambda().concurrencyLimit());
        }
    }
}
