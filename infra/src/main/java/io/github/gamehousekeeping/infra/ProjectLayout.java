package io.github.gamehousekeeping.infra;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the repository root (the folder holding {@code cdk.json}) from any working directory inside it: the CDK CLI
 * runs the app from the root, Maven's surefire runs the tests from {@code infra/}.
 */
public final class ProjectLayout {
    /** The file that marks the repository root. */
    public static final String MARKER = "cdk.json";
    /** Where the functions module writes its jars, relative to the root. */
    public static final String FUNCTIONS_JAR_DIRECTORY = "functions/target";
    /** The sample event shown as a stack output, relative to the root. */
    public static final String SAMPLE_EVENT = "events/level-completed.json";

    private ProjectLayout() {
    }

    /** The nearest directory at or above {@code start} that holds {@code cdk.json}. */
    public static Path findRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MARKER))) {
                return dir;
            }
        }
        throw new IllegalStateException("No " + MARKER + " found in " + start.toAbsolutePath()
                + " or any parent directory: run the app from inside the repository");
    }

    /** The root found from the JVM's working directory. */
    public static Path findRoot() {
        return findRoot(Path.of(System.getProperty("user.dir")));
    }

    /** The {@code context} of {@code root/cdk.json} (feature flags), so that tools synthesize as {@code cdk synth} does. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> cdkContext(Path root) {
        try {
            JsonObject cdkJson = new Gson().fromJson(Files.readString(root.resolve(MARKER), StandardCharsets.UTF_8),
                    JsonObject.class);
            JsonObject context = cdkJson.getAsJsonObject("context");
            return context == null ? new LinkedHashMap<>() : new Gson().fromJson(context, LinkedHashMap.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes stand-in files for the functions' three jars into {@code directory}, for synthesizing where only the
     * template matters (the diagram, the infra tests): CDK hashes and stages them but never looks inside.
     */
    public static Path writePlaceholderJars(Path directory) {
        try {
            Files.createDirectories(directory);
            for (HousekeepingStep step : HousekeepingStep.values()) {
                Path jar = directory.resolve(step.jarName());
                if (!Files.exists(jar)) {
                    Files.writeString(jar, "placeholder for " + step.jarName(), StandardCharsets.UTF_8);
                }
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
