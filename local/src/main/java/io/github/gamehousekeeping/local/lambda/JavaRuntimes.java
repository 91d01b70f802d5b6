package io.github.gamehousekeeping.local.lambda;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which JDK an execution environment runs on: one of the Java version the function's Lambda runtime names
 * ({@code java25} → Java 25, {@code java21} → 21, {@code java8.al2} → 8), as Lambda runs it. Looked up, in order:
 * <ol>
 *   <li>this JVM, when it is that version;</li>
 *   <li>the variables {@code JAVA<N>_HOME}, {@code JAVA_HOME_<N>_X64} / {@code JAVA_HOME_<N>_ARM64} (the names
 *   GitHub's runners set) and {@code JAVA_HOME};</li>
 *   <li>the JDKs installed in the usual folders ({@code /usr/lib/jvm}, {@code /usr/java}, {@code /opt/java},
 *   {@code /Library/Java/JavaVirtualMachines}, SDKMAN's, IntelliJ's {@code ~/.jdks}, Gradle's
 *   {@code ~/.gradle/jdks}): the newest of that version.</li>
 * </ol>
 * A JDK is a folder with {@code bin/java} and a {@code release} file naming its version; nothing is started to find
 * one. When none is found the environment runs on this JVM, and {@link #mismatch} says so, for the command to print.
 */
public final class JavaRuntimes {
    private static final Pattern LAMBDA_JAVA_RUNTIME = Pattern.compile("java(\\d+)(?:\\..*)?");

    /**
     * A JDK installation.
     *
     * @param home    its folder
     * @param feature its feature version (17, 21, 25)
     * @param vendor  its implementor ({@code java.vm.vendor})
     * @param version its exact version ({@code java.vm.version})
     */
    public record Jdk(Path home, int feature, String vendor, String version) {
        /** The {@code java} launcher. */
        public Path java() {
            return launcher(home);
        }

        /**
         * Vendor and exact version as a file name: class-data-sharing archives and AOT caches are kept per key, since
         * only the JVM build that wrote one can map it.
         */
        public String key() {
            return (vendor + "-" + version).replaceAll("[^A-Za-z0-9._+-]", "_");
        }

        /** This JVM. */
        public static Jdk current() {
            return new Jdk(Path.of(System.getProperty("java.home")), Runtime.version().feature(),
                    System.getProperty("java.vm.vendor", ""), System.getProperty("java.vm.version", ""));
        }

        /**
         * The JDK in {@code home}, read from its {@code release} file ({@code JAVA_VERSION}, {@code IMPLEMENTOR},
         * {@code JAVA_RUNTIME_VERSION}: the values the JVM reports as {@code java.vm.vendor} and
         * {@code java.vm.version}); empty when there is no JDK there.
         */
        public static Optional<Jdk> at(Path home) {
            Path release = home.resolve("release");
            if (!Files.isRegularFile(release) || !Files.isExecutable(launcher(home))) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(release, StandardCharsets.UTF_8)) {
                properties.load(in);
            } catch (IOException | IllegalArgumentException e) {
                return Optional.empty();
            }
            String version = unquote(properties.getProperty("JAVA_VERSION"));
            OptionalInt feature = featureOfVersion(version);
            if (feature.isEmpty()) {
                return Optional.empty();
            }
            String runtimeVersion = unquote(properties.getProperty("JAVA_RUNTIME_VERSION"));
            return Optional.of(new Jdk(home, feature.getAsInt(), unquote(properties.getProperty("IMPLEMENTOR")),
                    runtimeVersion.isEmpty() ? version : runtimeVersion));
        }

        /** For picking the newest of several JDKs of one feature version. */
        private Runtime.Version parsedVersion() {
            try {
                return Runtime.Version.parse(version.replaceAll("[^0-9.+].*$", ""));
            } catch (IllegalArgumentException e) {
                return Runtime.Version.parse(Integer.toString(feature));
            }
        }
    }

    private final Jdk current;
    private final Function<String, String> environment;
    private final List<Path> installFolders;
    private final Map<Integer, Jdk> byFeature = new ConcurrentHashMap<>();

    private JavaRuntimes(Jdk current, Function<String, String> environment, List<Path> installFolders) {
        this.current = current;
        this.environment = environment;
        this.installFolders = List.copyOf(installFolders);
    }

    /** Looks in this process's environment variables and the usual install folders. */
    public static JavaRuntimes discover() {
        String home = System.getProperty("user.home", "");
        List<Path> folders = new ArrayList<>(List.of(Path.of("/usr/lib/jvm"), Path.of("/usr/java"), Path.of("/opt/java"),
                Path.of("/Library/Java/JavaVirtualMachines")));
        if (!home.isEmpty()) {
            folders.add(Path.of(home, ".sdkman", "candidates", "java"));
            folders.add(Path.of(home, ".jdks"));
            folders.add(Path.of(home, ".gradle", "jdks"));
        }
        return new JavaRuntimes(Jdk.current(), System::getenv, folders);
    }

    /** Every environment on this JVM, whatever its function's runtime. */
    public static JavaRuntimes currentOnly() {
        return new JavaRuntimes(Jdk.current(), name -> null, List.of());
    }

    /** Looks in the given variables and install folders only (tests). */
    static JavaRuntimes searching(Jdk current, Map<String, String> environment, List<Path> installFolders) {
        return new JavaRuntimes(current, environment::get, installFolders);
    }

    /** The Java feature version a Lambda runtime identifier names ({@code java25} → 25); empty for other runtimes. */
    public static OptionalInt featureOf(String lambdaRuntime) {
        Matcher m = lambdaRuntime == null ? null : LAMBDA_JAVA_RUNTIME.matcher(lambdaRuntime);
        return m != null && m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** The JDK for {@code function}'s environments: of its runtime's version when one is found, else this JVM. */
    public Jdk forFunction(LambdaFunction function) {
        return forRuntime(function.runtime());
    }

    /** The JDK for a Lambda runtime identifier (null or not a Java runtime: this JVM). */
    public Jdk forRuntime(String lambdaRuntime) {
        OptionalInt feature = featureOf(lambdaRuntime);
        if (feature.isEmpty() || feature.getAsInt() == current.feature()) {
            return current;
        }
        return byFeature.computeIfAbsent(feature.getAsInt(), f -> find(f).orElse(current));
    }

    /**
     * One line for the user when a Lambda runtime names a Java version no JDK was found for (its functions'
     * environments then run on this JVM); empty otherwise.
     */
    public Optional<String> mismatch(String lambdaRuntime) {
        OptionalInt wanted = featureOf(lambdaRuntime);
        Jdk jdk = forRuntime(lambdaRuntime);
        if (wanted.isEmpty() || jdk.feature() == wanted.getAsInt()) {
            return Optional.empty();
        }
        int n = wanted.getAsInt();
        return Optional.of(String.format(Locale.ROOT, "functions on %s run on this JVM (Java %d): no Java %d JDK was "
                + "found (JAVA%d_HOME, JAVA_HOME_%d_X64, JAVA_HOME, or the install folders such as /usr/lib/jvm)",
                lambdaRuntime, jdk.feature(), n, n, n));
    }

    private Optional<Jdk> find(int feature) {
        for (String variable : List.of("JAVA" + feature + "_HOME", "JAVA_HOME_" + feature + "_X64",
                "JAVA_HOME_" + feature + "_ARM64", "JAVA_HOME")) {
            String value = environment.apply(variable);
            if (value != null && !value.isBlank()) {
                Optional<Jdk> jdk = Jdk.at(Path.of(value.trim())).filter(j -> j.feature() == feature);
                if (jdk.isPresent()) {
                    return jdk;
                }
            }
        }
        return installed().stream().filter(j -> j.feature() == feature)
                .max(Comparator.comparing(Jdk::parsedVersion).thenComparing(j -> j.home().toString()));
    }

    /** The JDKs in the install folders (symbolic links to one JDK count once). */
    private List<Jdk> installed() {
        Set<Path> homes = new LinkedHashSet<>();
        for (Path folder : installFolders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                for (Path entry : entries) {
                    Path macHome = entry.resolve("Contents").resolve("Home");
                    Path home = Files.isDirectory(macHome) ? macHome : entry;
                    try {
                        homes.add(home.toRealPath());
                    } catch (IOException e) {
                        // a dangling link: no JDK there
                    }
                }
            } catch (IOException e) {
                // an unreadable folder has no JDK for us
            }
        }
        List<Jdk> jdks = new ArrayList<>();
        for (Path home : homes) {
            Jdk.at(home).ifPresent(jdks::add);
        }
        return jdks;
    }

    private static OptionalInt featureOfVersion(String version) {
        Matcher m = Pattern.compile("(?:1\\.)?(\\d+).*").matcher(version);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    private static String unquote(String value) {
        if (value == null) {
            return "";
        }
        String v = value.trim();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static Path launcher(Path home) {
        return home.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
