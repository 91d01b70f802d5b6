package io.github.gamehousekeeping.local.launch;

import io.github.gamehousekeeping.local.lambda.JavaRuntimes;
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
 * Class-data-sharing archives for the local runtime's JVMs: one for the main JVM and one per Lambda function for its
 * execution environments. The Maven build writes them ({@link CdsTraining}: one training run of the sample events)
 * into {@code housekeeping-local-cds/<JVM version>/} beside {@code housekeeping-local.jar}, a folder per JVM build (an
 * environment runs on the JDK of its function's runtime, {@link JavaRuntimes}, which may not be the main JVM's); a JVM
 * then maps the classes it would otherwise load, parse and verify one by one. On JDK 13 to 24 they are dynamic AppCDS
 * archives; on JDK 25 and later, environments get an AOT cache (JEP 483/514/515: classes also linked, and method
 * profiles), which takes their start-up further than an archive does. Older JDKs get none.
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

    /** The folder holding this JVM build's archives for {@code jar} (archives are only valid for the JVM build that wrote them). */
    public static Path archiveDirectory(Path jar) {
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        return jar.toAbsolutePath().getParent().resolve(name + "-cds").resolve(JavaRuntimes.Jdk.current().key());
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
        return useOptions(directory.resolve(MAIN_ARCHIVE), Runtime.version().feature());
    }

    /**
     * JVM options for an execution environment of {@code function} on {@code jdk}: write its archive (AOT cache from
     * JDK 25 on), use it, or none. The archive is kept in {@code jdk}'s own folder beside this JVM's.
     */
    public List<String> workerOptions(LambdaFunction function, JavaRuntimes.Jdk jdk) {
        if (directory == null || jdk.feature() < 13) { // dynamic archives came with JDK 13
            return List.of();
        }
        String toolOptions = function.environment().get("JAVA_TOOL_OPTIONS");
        if (!compatibleWith(List.of(), toolOptions) || toolOptions != null && (toolOptions.contains("-Xshare")
                || toolOptions.contains("SharedArchiveFile") || toolOptions.contains("AOTCache"))) {
            return List.of(); // the function's own JVM options choose (a JVM refuses -XX:AOTCache beside -Xshare)
        }
        boolean aot = jdk.feature() >= 25;
        Path folder = directory.resolveSibling(jdk.key());
        Path archive = folder.resolve(workerArchiveName(function) + (aot ? ".aot" : ".jsa"));
        if (training) {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.of((aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive, quietOption(jdk.feature()));
        }
        if (!aot) {
            return useOptions(archive, jdk.feature());
        }
        if (!Files.isRegularFile(archive)) {
            return List.of();
        }
        // -XX:AOTCache takes no -Xshare or -XX:SharedArchiveFile beside it (the JVM refuses to start). The cache's
        // method profiles are not replayed: environments compile with C1 only, and replaying them compiles, up front,
        // every method the training run compiled (measured: about 0.1 s more CPU per environment start).
        return List.of("-XX:AOTCache=" + archive, "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining",
                quietOption(jdk.feature()));
    }

    /** One archive per function jar and handler (asset jars are named by their content hash); no extension. */
    static String workerArchiveName(LambdaFunction function) {
        String jar = function.jar().getFileName().toString().replaceFirst("\\.jar$", "");
        String handler = function.handler().replaceFirst("::.*$", "");
        return (jar + "." + handler.substring(handler.lastIndexOf('.') + 1)).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static List<String> useOptions(Path archive, int feature) {
        if (!Files.isRegularFile(archive)) {
            return List.of();
        }
        List<String> options = new ArrayList<>();
        options.add("-XX:SharedArchiveFile=" + archive);
        options.add("-Xshare:auto");
        options.add(quietOption(feature));
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

    /**
     * Switches off a JVM's CDS (and, from JDK 24, AOT) log lines: a rejected archive is reported on stdout by default,
     * and an unknown log tag is too.
     */
    static String quietOption(int feature) {
        return feature >= 24 ? "-Xlog:cds*=off,aot*=off" : "-Xlog:cds*=off";
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ClassDataSharing[%s%s]", directory, training ? ", training" : "");
    }
}
