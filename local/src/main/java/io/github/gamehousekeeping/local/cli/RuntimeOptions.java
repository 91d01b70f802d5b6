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

    @Option(names = "--bind-address", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the endpoints listen on (default: ${DEFAULT-VALUE}, loopback only: they check no "
                    + "credentials, so anyone who reaches them can read and write the tables).")
    String bindAddress;

    @Option(names = "--lambda-concurrency", paramLabel = "N",
            defaultValue = "" + io.github.gamehousekeeping.local.lambda.LocalLambdaService.DEFAULT_CONCURRENCY_LIMIT,
            description = "Concurrent Lambda invocations (each in its own execution environment, a JVM), all functions "
                    + "together; beyond them an invocation is throttled (Lambda.TooManyRequestsException, retried by the "
                    + "workflow). Executions run at most N/2 at once, so the workflow alone is never throttled "
                    + "(default: ${DEFAULT-VALUE}).")
    int lambdaConcurrency;

    /** The --bind-address as an address of this machine (a literal IP address), or a usage error. */
    java.net.InetAddress bindAddress() {
        if (bindAddress == null || !bindAddress.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new LocalCli.UsageError("--bind-address must be an IP address of this machine, got " + bindAddress);
        }
        try {
            java.net.InetAddress address = java.net.InetAddress.getByName(bindAddress);
            if (!address.isAnyLocalAddress() && java.net.NetworkInterface.getByInetAddress(address) == null) {
                throw new LocalCli.UsageError("--bind-address " + bindAddress + " is not an address of this machine");
            }
            return address;
        } catch (java.io.IOException e) {
            throw new LocalCli.UsageError("--bind-address " + bindAddress + ": " + e.getMessage());
        }
    }

    /** The runtime options, or a usage error naming the bad value. */
    HousekeepingRuntime.Options toOptions() {
        if (template != null && !Files.isRegularFile(template)) {
            throw new LocalCli.UsageError("no template at " + template);
        }
        if (!(waitScale >= 0) || Double.isInfinite(waitScale)) {
            throw new LocalCli.UsageError("--wait-scale must be >= 0 and finite, got " + waitScale);
        }
        if (lambdaConcurrency < 1 || lambdaConcurrency > 1000) {
            throw new LocalCli.UsageError("--lambda-concurrency must be between 1 and 1000, got " + lambdaConcurrency);
        }
        HousekeepingRuntime.Options options = new HousekeepingRuntime.Options().template(template).waitScale(waitScale)
                .lambdaConcurrency(lambdaConcurrency).bindAddress(bindAddress());
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
