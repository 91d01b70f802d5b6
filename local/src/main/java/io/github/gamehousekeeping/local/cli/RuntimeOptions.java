package io.github.gamehousekeeping.local.cli;

import io.github.gamehousekeeping.local.runtime.HousekeepingRuntime;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The options {@code run} and {@code serve} share: which stack to run and how. */
public class RuntimeOptions {
    @Option(names = "--template", paramLabel = "FILE",
            description = "A synthesized template (e.g. cdk.out/GameHousekeeping.template.json, its assets beside it); "
                    + "default: the stack embedded at build time.")
    Path template;

    @Option(names = "--workflow-type", paramLabel = "TYPE", description = "STANDARD or EXPRESS (default: the template's).")
    String workflowType;

    @Option(names = "--wait-scale", paramLabel = "F", defaultValue = "1",
            description = "Scales Wait states and retry delays; 0 skips them (default: ${DEFAULT-VALUE}).")
    double waitScale;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "The functions' log level: TRACE, DEBUG, INFO, WARN, ERROR or FATAL, as -c logLevel=... sets it "
                    + "in the stack (the AWS_LAMBDA_LOG_LEVEL the functions read); default: the template's (INFO).")
    String logLevel;

    /** The runtime options, or a usage error naming the bad value. */
    HousekeepingRuntime.Options toOptions() {
        if (template != null && !Files.isRegularFile(template)) {
            throw new LocalCli.UsageError("no template at " + template);
        }
        if (waitScale < 0) {
            throw new LocalCli.UsageError("--wait-scale must be >= 0, got " + waitScale);
        }
        HousekeepingRuntime.Options options = new HousekeepingRuntime.Options().template(template).waitScale(waitScale);
        if (logLevel != null) {
            String level = logLevel.trim().toUpperCase(Locale.ROOT);
            if (!java.util.List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL").contains(level)) {
                throw new LocalCli.UsageError("--log-level must be TRACE, DEBUG, INFO, WARN, ERROR or FATAL, got " + logLevel);
            }
            options.logLevel(level);
        }
        if (workflowType != null) {
            String type = workflowType.toUpperCase(Locale.ROOT);
            if (!type.equals("STANDARD") && !type.equals("EXPRESS")) {
                throw new LocalCli.UsageError("--workflow-type must be STANDARD or EXPRESS, got " + workflowType);
            }
            options.workflowType(type);
        }
        return options;
    }
}
