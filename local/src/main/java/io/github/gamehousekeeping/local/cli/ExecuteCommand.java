package io.github.gamehousekeeping.local.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.asl.Engine;
import io.github.gamehousekeeping.local.asl.EngineOptions;
import io.github.gamehousekeeping.local.asl.ExecutionRequest;
import io.github.gamehousekeeping.local.asl.ExecutionResult;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.asl.InvalidDefinitionException;
import io.github.gamehousekeeping.local.asl.Json;
import io.github.gamehousekeeping.local.asl.MockConfigTaskInvoker;
import io.github.gamehousekeeping.local.asl.StateMachineDefinition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code execute}: runs an ASL definition once, its Task states served by a Step Functions Local mock configuration. */
@Command(name = "execute", mixinStandardHelpOptions = true,
        description = {"Runs any Amazon States Language definition (JSONPath or JSONata) once and prints one JSON line:",
                "{\"status\": \"SUCCEEDED\", \"output\": ...} or {\"status\": \"FAILED\", \"error\": ..., \"cause\": ...}.",
                "Exit status: 0 when the execution ran (whatever its outcome); 2 for an invalid definition, invalid JSON,",
                "a missing file or invalid arguments."})
public class ExecuteCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--definition", required = true, paramLabel = "FILE", description = "State machine definition (ASL JSON).")
    Path definition;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Execution input (any JSON value).")
    Path input;

    @Option(names = "--mock-config", paramLabel = "FILE",
            description = "AWS Step Functions Local mock configuration serving the Task states.")
    Path mockConfig;

    @Option(names = "--test-case", paramLabel = "NAME", defaultValue = "Default",
            description = "Test case of the mock configuration (default: ${DEFAULT-VALUE}).")
    String testCase;

    @Option(names = "--state-machine-name", paramLabel = "NAME",
            description = "State machine name (context object, execution ARN, mock configuration key). Default: the mock "
                    + "configuration's only state machine, else StateMachine.")
    String stateMachineName;

    @Option(names = "--name", paramLabel = "NAME", description = "Execution name (default: a UUID).")
    String executionName;

    @Option(names = "--wait-scale", paramLabel = "F", defaultValue = "1",
            description = "Multiplies Wait durations and retry delays; 0 skips them (default: ${DEFAULT-VALUE}).")
    double waitScale;

    @Option(names = "--history", description = "Also print the execution history (GetExecutionHistory events).")
    boolean history;

    @Option(names = "--trace", description = "Print each history event to stderr as it happens.")
    boolean trace;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (waitScale < 0 || Double.isNaN(waitScale) || Double.isInfinite(waitScale)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--wait-scale must be a number >= 0, got " + waitScale);
        }
        StateMachineDefinition def;
        try {
            def = StateMachineDefinition.parse(read(definition, "--definition"));
        } catch (InvalidDefinitionException e) {
            throw new LocalCli.UsageError(definition + ": " + e.getMessage());
        }
        JsonNode inputNode = parseJson(input, "--input");
        String smName = stateMachineName;
        MockConfigTaskInvoker invoker = null;
        if (mockConfig != null) {
            JsonNode config = parseJson(mockConfig, "--mock-config");
            if (smName == null) {
                List<String> names = new ArrayList<>();
                config.path("StateMachines").fieldNames().forEachRemaining(names::add);
                smName = names.size() == 1 ? names.get(0) : null;
                if (smName == null) {
                    throw new LocalCli.UsageError(mockConfig + ": the mock configuration names " + names.size()
                            + " state machines " + names + "; choose one with --state-machine-name");
                }
            }
            try {
                invoker = new MockConfigTaskInvoker(config, smName, testCase);
            } catch (IllegalArgumentException e) {
                throw new LocalCli.UsageError(mockConfig + ": " + e.getMessage());
            }
        }
        if (smName == null) {
            smName = "StateMachine";
        }
        ExecutionRequest.Builder request = ExecutionRequest.builder().stateMachine(smName).name(executionName).input(inputNode);
        if (invoker != null) {
            request.invoker(invoker);
        }
        if (trace) {
            request.listener((arn, e) -> {
                err.println(e.toJson());
                err.flush();
            });
        }
        ExecutionResult result;
        try (Engine engine = new Engine(EngineOptions.builder().waitScale(waitScale).build())) {
            result = engine.execute(def, request.build());
        }
        ObjectNode line = Json.object();
        line.put("status", result.status().name());
        if (result.status() == ExecutionStatus.SUCCEEDED) {
            line.set("output", result.output());
        } else {
            line.put("error", result.error());
            line.put("cause", result.cause());
        }
        if (history) {
            line.set("history", result.historyJson());
        }
        out.println(Json.write(line));
        out.flush();
        return 0;
    }

    private static String read(Path file, String option) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new LocalCli.UsageError(option + " file not found: " + file);
        } catch (IOException e) {
            throw new LocalCli.UsageError(option + " file cannot be read: " + file + " (" + e.getMessage() + ")");
        }
    }

    private static JsonNode parseJson(Path file, String option) {
        String text = read(file, option);
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new LocalCli.UsageError(option + " " + file + ": invalid JSON" + where + ": " + e.getOriginalMessage());
        }
    }
}
