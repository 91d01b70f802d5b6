package io.github.gamehousekeeping.local.launch;

import io.github.gamehousekeeping.local.lambda.LambdaFunction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Class-data-sharing archives (AppCDS, dynamic archives) for the local runtime's JVMs: one for the main JVM and one
 * per Lambda function for its execution environments. The Maven build writes them ({@link CdsTraining}: one training
 * run of the sample events) into {@code housekeeping-local-cds/<JVM version>/} beside {@code housekeeping-local.jar};
 * a JVM then maps the classes it would otherwise load, parse and verify one by one.
 *
 * <p>Used when present, ignored safely otherwise: options are only added for an archive file that exists, for the
 * JVM version that wrote it; the JVM itself checks the archive against the class path (jar sizes and times) and the
 * classes of a function jar against their CRC, and silently runs without it when anything differs (its CDS log
 * lines are switched off, so nothing reaches the worker protocol or the command's output).
 * {@code -Dhousekeeping.cds=off} (or {@code HOUSEKEEPING_CDS=off}) disables it.
 */
public final class ClassDataSharing {
    /** System property naming the archive folder to write (set by {@link CdsTraining} in the JVM it trains). */
    public static final String TRAIN_PROPERTY = "housekeeping.cds.train";
    static final String MAIN_ARCHIVE = "main.jsa";

    private final Path directory;
    private final boolean training;

    private ClassDataSharing(Path directory, boolean training) {
        this.directory = directory;
        this.training = training;
    }

    /** The archives for this JVM: training (writing), present (using), or none. */
    public static ClassDataSharing current() {
        String train = System.getProperty(TRAIN_PROPERTY);
        if (train != null) {
            return new ClassDataSharing(Path.of(train), true);
        }
        if (disabled()) {
            return new ClassDataSharing(null, false);
        }
        return new ClassDataSharing(runningJar().map(ClassDataSharing::archiveDirectory).orElse(null), false);
    }

    /** Archives in {@code directory} (null: none), written when {@code training}. */
    static ClassDataSharing at(Path directory, boolean training) {
        return new ClassDataSharing(directory, training);
    }

    static boolean disabled() {
        return "off".equalsIgnoreCase(System.getProperty("housekeeping.cds"))
                || "off".equalsIgnoreCase(System.getenv("HOUSEKEEPING_CDS"));
    }

    public boolean training() {
        return training;
    }

    /** The folder holding this JVM version's archives for {@code jar}. */
    public static Path archiveDirectory(Path jar) {
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        return jar.toAbsolutePath().getParent().resolve(name + "-cds").resolve(jvmKey());
    }

    /** The JVM's version string, as a file name: archives are only valid for the JVM build that wrote them. */
    static String jvmKey() {
        return (System.getProperty("java.vm.vendor", "") + "-" + System.getProperty("java.vm.version", ""))
                .replaceAll("[^A-Za-z0-9._+-]", "_");
    }

    /**
     * The folder for files the archives refer to by path (the environments' runtime jar and function jars: an archive
     * is only mapped while the class path it was written with has the same paths, sizes and times), or empty when
     * there are no archives.
     */
    public Optional<Path> fileDirectory() {
        if (directory == null || !(training || Files.isDirectory(directory))) {
            return Optional.empty();
        }
        return Optional.of(directory.resolve("files"));
    }

    /** A jar's size and modification time, as a file name part: what tells one build's jar from another's. */
    public static String stamp(Path jar) {
        try {
            return Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar this class was loaded from, when it is a jar. */
    public static Optional<Path> runningJar() {
        try {
            var source = ClassDataSharing.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) && path.toString().endsWith(".jar") ? Optional.of(path) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** JVM options for the main JVM: the main archive when it exists, else none. */
    public List<String> mainOptions() {
        if (directory == null || training) {
            return List.of();
        }
        return useOptions(directory.resolve(MAIN_ARCHIVE));
    }

    /** JVM options for an execution environment of {@code function}: write its archive, use it, or none. */
    public List<String> workerOptions(LambdaFunction function) {
        if (directory == null) {
            return List.of();
        }
        Path archive = directory.resolve(workerArchiveName(function));
        if (training) {
            return List.of("-XX:ArchiveClassesAtExit=" + archive, quietOption());
        }
        return useOptions(archive);
    }

    /** One archive per function jar and handler; asset jars are named by their content hash. */
    static String workerArchiveName(LambdaFunction function) {
        String jar = function.jar().getFileName().toString().replaceFirst("\\.jar$", "");
        String handler = function.handler().replaceFirst("::.*$", "");
        return (jar + "." + handler.substring(handler.lastIndexOf('.') + 1) + ".jsa")
                .replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static List<String> useOptions(Path archive) {
        if (!Files.isRegularFile(archive)) {
            return List.of();
        }
        List<String> options = new ArrayList<>();
        options.add("-XX:SharedArchiveFile=" + archive);
        options.add("-Xshare:auto");
        options.add(quietOption());
        return options;
    }

    /**
     * False when the JVM options (or the launcher's environment variables) start a JVMTI agent or a flight recording:
     * those watch class loading (ClassFileLoadHook), and a JDK 17 JVM mapping a dynamic archive then crashes while
     * loading an archived class (SIGSEGV in {@code KlassFactory::check_shared_class_file_load_hook}, seen with
     * {@code -XX:StartFlightRecording}). Such a JVM runs without the archive.
     */
    static boolean compatibleWith(List<String> jvmOptions, String... environmentOptions) {
        List<String> all = new ArrayList<>(jvmOptions);
        for (String env : environmentOptions) {
            if (env != null && !env.isBlank()) {
                all.addAll(List.of(env.trim().split("\\s+")));
            }
        }
        for (String option : all) {
            if (option.startsWith("-javaagent:") || option.startsWith("-agentlib:") || option.startsWith("-agentpath:")
                    || option.startsWith("-Xrun") || option.startsWith("-XX:StartFlightRecording")
                    || option.equals("-XX:+FlightRecorder")) {
                return false;
            }
        }
        return true;
    }

    /** Switches off the JVM's CDS log lines (a rejected archive is reported on stdout by default). */
    static String quietOption() {
        return Runtime.version().feature() >= 24 ? "-Xlog:cds*=off,aot*=off" : "-Xlog:cds*=off";
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ClassDataSharing[%s%s]", directory, training ? ", training" : "");
    }
}
