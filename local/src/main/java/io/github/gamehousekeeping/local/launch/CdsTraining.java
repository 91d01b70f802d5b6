package io.github.gamehousekeeping.local.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes the class-data-sharing archives of {@link ClassDataSharing}: runs {@code run --trace --dump-tables} on the
 * given events once in a JVM that archives its classes at exit, its Lambda execution environments doing the same
 * (one archive per function). Run by the Maven build after the jar is shaded:
 * {@code java -cp housekeeping-local.jar ...CdsTraining housekeeping-local.jar EVENT.json...}.
 *
 * <p>The archives only make start-up cheaper: when the training run fails, this says so, leaves no archive behind
 * and exits 0 (the jar works without them).
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CdsTraining JAR EVENT.json...");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path directory = ClassDataSharing.archiveDirectory(jar);
        deleteTree(directory.getParent());
        Files.createDirectories(directory);
        Path log = directory.resolve("training.log");

        // The command Launcher runs, with the archive written at exit: the same JVM options, class path and main class
        // (an archive is only used by a JVM started as the one that wrote it).
        List<String> cli = new ArrayList<>(List.of("run", "--trace", "--dump-tables"));
        for (int i = 1; i < args.length; i++) {
            cli.add(Path.of(args[i]).toAbsolutePath().toString());
        }
        List<String> command = Launcher.command(jar, List.of(
                "-XX:ArchiveClassesAtExit=" + directory.resolve(ClassDataSharing.MAIN_ARCHIVE),
                ClassDataSharing.quietOption(Runtime.version().feature()),
                "-D" + ClassDataSharing.TRAIN_PROPERTY + "=" + directory), List.of(), cli.toArray(String[]::new));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        if (!finished || process.exitValue() != 0) {
            process.destroyForcibly();
            System.err.println("warning: the class-data-sharing training run failed (" + (finished
                    ? "exit status " + process.exitValue() : "timed out") + "); housekeeping-local.jar runs without"
                    + " archives. Its output:");
            System.err.println(Files.readString(log));
            deleteTree(directory.getParent());
            return;
        }
        List<String> archives;
        try (Stream<Path> files = Files.walk(directory.getParent(), 2)) {
            archives = files.filter(p -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot"))
                    .map(p -> directory.getParent().relativize(p) + " " + size(p) / (1024 * 1024) + " MB").sorted().toList();
        }
        System.out.printf("Class-data-sharing archives in %s (%.1f s): %s%n", directory.getParent(),
                (System.nanoTime() - start) / 1e9, String.join(", ", archives));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
