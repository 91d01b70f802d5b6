package io.github.gamehousekeeping.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * Entry point of {@code housekeeping-local.jar}. Subcommands: {@code execute} (run any ASL definition with mocked
 * Tasks). Add a subcommand by listing its class in {@code subcommands} below (or with
 * {@link CommandLine#addSubcommand} on {@link #commandLine}).
 */
@Command(name = "housekeeping-local", mixinStandardHelpOptions = true, version = "housekeeping-local 1.0",
        description = "Local runtime of the game housekeeping workflow: an Amazon States Language interpreter.",
        subcommands = {RunCommand.class, ServeCommand.class, ExecuteCommand.class, CommandLine.HelpCommand.class})
public class LocalCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the CLI in-process: returns the exit status (0 ran, 2 usage/input problem). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err).execute(args);
    }

    /** The configured command line, writing to the given streams. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new LocalCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + ex.getMessage());
            commandLine.getErr().flush();
            return ex instanceof UsageError ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try: execute --help)");
    }

    /** A problem with the command's inputs (file missing, invalid JSON, invalid definition): exit status 2. */
    public static final class UsageError extends RuntimeException {
        public UsageError(String message) {
            super(message);
        }
    }
}
