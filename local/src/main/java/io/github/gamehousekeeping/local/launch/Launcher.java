package io.github.gamehousekeeping.local.launch;

import io.github.gamehousekeeping.local.cli.LocalCli;
import io.github.gamehousekeeping.local.lambda.JavaRuntimes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The main class of {@code housekeeping-local.jar}. {@code java -jar} cannot pass JVM options, so for the short-lived
 * commands ({@code run}, {@code execute}) this starts the command in a second JVM with the options that make a short
 * run cheap: the build's class-data-sharing archive when there is one ({@link ClassDataSharing}), C1 only and the
 * serial collector (as Lambda's Java runtime starts its JVMs). This JVM loads nothing else and only waits; the child
 * inherits standard input, output and error, the JVM options given here, and its exit status is returned.
 * Anything else ({@code serve}, {@code --help}, {@code --version}), a JVM not started from the jar, or
 * {@code -Dhousekeeping.relaunch=false} runs in this JVM as before.
 */
public final class Launcher {
    static final String LAUNCHED_PROPERTY = "housekeeping.launched";
    private static final Set<String> SHORT_LIVED = Set.of("run", "execute");
    // A name, not a class literal: this JVM must not load the command line classes it will not use.
    private static final String CLI_CLASS = "io.github.gamehousekeeping.local.cli.LocalCli";

    private Launcher() {
    }

    public static void main(String[] args) {
        Integer status = relaunch(args);
        if (status != null) {
            System.exit(status);
        }
        LocalCli.main(args);
    }

    /** Runs the command in a child JVM and returns its exit status, or null to run it in this JVM. */
    static Integer relaunch(String[] args) {
        if (args.length == 0 || !SHORT_LIVED.contains(args[0]) || System.getProperty(LAUNCHED_PROPERTY) != null
                || "false".equals(System.getProperty("housekeeping.relaunch"))) {
            return null;
        }
        Path jar = ClassDataSharing.runningJar().orElse(null);
        if (jar == null) {
            return null;
        }
        List<String> inherited = inheritedJvmOptions();
        List<String> cds = ClassDataSharing.compatibleWith(inherited, System.getenv("JDK_JAVA_OPTIONS"),
                System.getenv("JAVA_TOOL_OPTIONS")) ? ClassDataSharing.current().mainOptions() : List.of();
        List<String> command = command(jar, cds, inherited, args);
        Process child;
        try {
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (Exception e) {
            return null; // no java launcher next to this JVM: run here
        }
        Thread stop = new Thread(() -> {
            child.destroy();
            try {
                child.waitFor();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            int status = child.waitFor();
            Runtime.getRuntime().removeShutdownHook(stop);
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    static List<String> command(Path jar, List<String> cdsOptions, List<String> inherited, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(JavaRuntimes.Jdk.current().java().toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        if (Runtime.version().feature() >= 22) {
            // DynamoDB Local loads sqlite's native library: without this, JDK 22+ prints a restricted-method warning.
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(cdsOptions);
        command.addAll(inherited); // the user's own options come later and win
        command.add("-D" + LAUNCHED_PROPERTY + "=true");
        command.add("-cp");
        command.add(jar.toAbsolutePath().toString());
        command.add(CLI_CLASS);
        command.addAll(List.of(args));
        return command;
    }

    /** The JVM options this JVM was started with (before {@code -jar}), e.g. {@code -Xmx2g} or {@code -Dkey=value}. */
    static List<String> inheritedJvmOptions() {
        List<String> options = new ArrayList<>();
        String[] arguments = ProcessHandle.current().info().arguments().orElse(new String[0]);
        for (String argument : arguments) {
            if (argument.equals("-jar") || argument.equals("-cp") || argument.equals("-classpath")
                    || !argument.startsWith("-")) {
                break;
            }
            options.add(argument);
        }
        return options;
    }
}
