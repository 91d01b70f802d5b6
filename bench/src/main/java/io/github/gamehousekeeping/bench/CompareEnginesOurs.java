package io.github.gamehousekeeping.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.Engine;
import io.github.gamehousekeeping.local.asl.EngineOptions;
import io.github.gamehousekeeping.local.asl.ExecutionRequest;
import io.github.gamehousekeeping.local.asl.ExecutionResult;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.asl.MockConfigTaskInvoker;
import io.github.gamehousekeeping.local.asl.StateMachineDefinition;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Our side of bench/compare-engines: the local ASL engine on a benchmark file ({@code definition}, {@code input},
 * {@code mockConfig} in AWS Step Functions Local's format, {@code expected.output}), wait-scale 0, each execution
 * checked against the expected output; warmed up until its rate stops improving. Args: FILE SECONDS CALLERS.
 */
public final class CompareEnginesOurs {
    /** A warm-up ends when the rate stops improving, at the latest after this (the peer uses the same). */
    static final double MAX_WARMUP_SECONDS = 30;

    private CompareEnginesOurs() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode bench = Json.parse(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        double seconds = Double.parseDouble(args[1]);
        int callers = Integer.parseInt(args[2]);
        String name = bench.path("stateMachineName").asText("Housekeeping");
        StateMachineDefinition definition = StateMachineDefinition.parse(bench.get("definition"));
        MockConfigTaskInvoker invoker = new MockConfigTaskInvoker(bench.get("mockConfig"), name, "Default");
        JsonNode input = bench.get("input");
        JsonNode expected = bench.get("expected").get("output");
        try (Engine engine = new Engine(EngineOptions.builder().waitScale(0).build())) {
            EnginePhases.Execution execution = () -> {
                ExecutionResult r = engine.execute(definition,
                        ExecutionRequest.builder().stateMachine(name).input(input).invoker(invoker).build());
                if (r.status() != ExecutionStatus.SUCCEEDED || !Json.equivalent(expected, r.output())) {
                    throw new IllegalStateException("unexpected result: " + r.toJson(false));
                }
            };
            EnginePhases.warmUp("ours", 1, execution, MAX_WARMUP_SECONDS);
            EnginePhases.warmUp("ours", callers, execution, MAX_WARMUP_SECONDS);
            EnginePhases.phase("ours", "sequential", seconds, 1, execution);
            EnginePhases.phase("ours", "concurrent", seconds, callers, execution);
        }
    }
}
