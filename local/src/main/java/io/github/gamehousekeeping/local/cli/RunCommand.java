package io.github.gamehousekeeping.local.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.metrics.CapturedMetric;
import io.github.gamehousekeeping.local.runtime.HousekeepingRuntime;
import io.github.gamehousekeeping.local.runtime.TraceFormatter;
import io.github.gamehousekeeping.local.server.ApiException;
import io.github.gamehousekeeping.local.server.ExecutionService;
import io.github.gamehousekeeping.local.server.Names;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

/** {@code run}: the housekeeping workflow, for each event in order, on one embedded DynamoDB. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the housekeeping workflow (the synthesized stack: state machine, Java functions, tables) for",
                "each event file, in order, on one embedded DynamoDB Local, and prints one JSON line per execution:",
                "{\"executionName\": ..., \"status\": \"SUCCEEDED\", \"output\": ...} or \"status\": \"FAILED\" with",
                "\"error\" and \"cause\". The execution's name is the event's eventId; starting the same name again with",
                "the same input returns the first result, with another input fails with ExecutionAlreadyExists.",
                "Exit status: 0 when the executions ran (whatever their outcome); 2 when a file is missing, empty,",
                "not valid JSON or holds more than one JSON document (then nothing runs)."})
public class RunCommand implements java.util.concurrent.Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "EVENT.json", description = "Completion events (JSON files).")
    List<Path> events;

    @Option(names = "--trace", description = "Also print a readable timeline of each execution to stderr.")
    boolean trace;

    @Option(names = "--dump-tables", description = "Print every table's items as JSON after the runs.")
    boolean dumpTables;

    @CommandLine.Mixin
    RuntimeOptions runtimeOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = new ArrayList<>();
        List<JsonNode> inputs = new ArrayList<>();
        for (Path file : events) {
            try {
                inputs.add(EventFiles.read(file));
            } catch (EventFiles.BadEventFile e) {
                problems.add(e.getMessage());
            } catch (IOException e) {
                problems.add("cannot read " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("error: " + p));
            err.println("error: nothing was run");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        // Each function's environment starts while DynamoDB Local's tables are created and earlier states run.
        HousekeepingRuntime.Options options = runtimeOptions.toOptions().prestartEnvironments(true);
        try (HousekeepingRuntime runtime = HousekeepingRuntime.start(options)) {
            runtime.notes().forEach(note -> err.println("housekeeping-local: note: " + note));
            err.flush();
            List<CapturedMetric> metrics = new CopyOnWriteArrayList<>();
            runtime.metrics().addListener(metrics::add);
            for (int i = 0; i < inputs.size(); i++) {
                metrics.clear();
                JsonNode input = inputs.get(i);
                String name = executionName(input);
                ObjectNode line = MAPPER.createObjectNode();
                line.put("executionName", name);
                try {
                    ExecutionService.StartOutcome started = runtime.executions()
                            .startOrGet(runtime.stateMachine().arn(), name, MAPPER.writeValueAsString(input));
                    ExecutionService.Execution execution = started.execution().completion().get();
                    line.put("status", execution.status().name());
                    if (execution.status() == io.github.gamehousekeeping.local.asl.ExecutionStatus.SUCCEEDED) {
                        line.set("output", MAPPER.readTree(execution.output()));
                    } else {
                        line.put("error", execution.error());
                        line.put("cause", execution.cause());
                    }
                    if (trace) {
                        // this execution's invocations only (a late one of a timed-out task may arrive during the next)
                        List<TraceFormatter.Invocation> own = runtime.functionLogs().of(execution.arn()).stream()
                                .map(e -> new TraceFormatter.Invocation(Instant.now(), e.stateName(), e.result())).toList();
                        err.print(TraceFormatter.format(execution, started.existing() ? List.of() : own,
                                started.existing() ? List.of() : metrics));
                        if (started.existing()) {
                            err.println("           (an execution named " + name
                                    + " already ran with this input: its result is returned, nothing ran again)");
                        }
                        err.flush();
                    }
                } catch (ApiException e) {
                    line.put("status", "FAILED");
                    line.put("error", e.code());
                    line.put("cause", e.getMessage());
                    if (trace) {
                        err.println("── " + name + "  not started: " + e.code() + ": " + e.getMessage());
                        err.flush();
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException("The execution " + name + " broke: " + e.getCause(), e.getCause());
                }
                out.println(MAPPER.writeValueAsString(line));
                out.flush();
            }
            if (dumpTables) {
                out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(runtime.dumpTables()));
                out.flush();
            }
        }
        return CommandLine.ExitCode.OK;
    }

    /** The event's eventId when Step Functions accepts it as an execution name; otherwise a generated name (the workflow then rejects the event). */
    static String executionName(JsonNode input) {
        JsonNode id = input.path("eventId");
        if (id.isTextual() && Names.problem(id.asText()) == null) {
            return id.asText();
        }
        return "local-" + UUID.randomUUID();
    }
}
