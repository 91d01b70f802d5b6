package io.github.gamehousekeeping.local.runtime;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.server.ExecutionService;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How {@code serve} stops on SIGTERM/SIGINT: new starts are refused ({@code ServiceUnavailable}, HTTP 503) while the
 * API keeps answering, executions already accepted (running or waiting for a slot) get up to a grace period to end,
 * and a report says how many ended (by status) and which were abandoned, by name. Nothing accepted is dropped
 * silently.
 */
public final class GracefulShutdown {
    /** What became of every execution accepted before the shutdown. */
    public record Report(int accepted, Map<String, Integer> ended, List<String> abandoned, Duration waited) {
        public int endedCount() {
            return ended.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** One line for people: counts, then the abandoned executions by name. */
        public String summary() {
            String line = String.format(java.util.Locale.ROOT,
                    "%d executions accepted: %d ended %s, %d abandoned after a grace period of %.1f s", accepted,
                    endedCount(), ended, abandoned.size(), waited.toMillis() / 1000.0);
            return abandoned.isEmpty() ? line : line + ": " + String.join(", ", abandoned);
        }

        /** {@code {"shutdown": {"accepted": n, "ended": {"SUCCEEDED": n, ...}, "abandoned": [names]}}} */
        public ObjectNode toJson() {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            ObjectNode o = root.putObject("shutdown");
            o.put("accepted", accepted);
            ObjectNode byStatus = o.putObject("ended");
            ended.forEach(byStatus::put);
            abandoned.forEach(o.putArray("abandoned")::add);
            return root;
        }
    }

    private GracefulShutdown() {
    }

    /** Refuses new starts, then waits up to {@code grace} for the accepted executions to end. */
    public static Report drain(ExecutionService service, Duration grace) {
        long started = System.nanoTime();
        List<ExecutionService.Execution> accepted = service.refuseStarts(
                "The local Step Functions server is shutting down and accepts no new executions");
        long deadline = started + grace.toNanos();
        for (ExecutionService.Execution e : accepted) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                e.await(Duration.ofNanos(left));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Map<String, Integer> ended = new TreeMap<>();
        List<String> abandoned = new ArrayList<>();
        for (ExecutionService.Execution e : accepted) {
            ExecutionStatus status = e.status();
            if (status == ExecutionStatus.RUNNING) {
                abandoned.add(e.name());
            } else {
                ended.merge(status.name(), 1, Integer::sum);
            }
        }
        abandoned.sort(null);
        return new Report(accepted.size(), ended, abandoned, Duration.ofNanos(System.nanoTime() - started));
    }
}
