package io.github.gamehousekeeping.infra;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes the stack through {@link HousekeepingApp#createStack} once per configuration for all test classes
 * (starting jsii costs seconds), with the feature flags of cdk.json and stand-in jars from a temp folder: the tests
 * check the template, not the functions' code.
 */
final class StackFixture {
    /** Context of the variant: everything that is not the default. */
    static final String VARIANT_NAMESPACE = "TestGames";
    static final String VARIANT_EMAIL = "ops@example.com";

    private static StackFixture defaults;
    private static StackFixture variant;

    final HousekeepingStack stack;
    final Template template;
    final JsonObject json;

    private StackFixture(Map<String, Object> context) {
        App app = newApp(context);
        stack = HousekeepingApp.createStack(app);
        template = Template.fromStack(stack);
        json = new Gson().toJsonTree(template.toJSON()).getAsJsonObject();
    }

    /** Default context: stage prod, STANDARD, emf, namespace GameHousekeeping, no email. */
    static synchronized StackFixture defaults() {
        if (defaults == null) {
            defaults = new StackFixture(Map.of());
        }
        return defaults;
    }

    /** stage dev, EXPRESS, api metrics, a custom namespace, an alarm email and log level debug. */
    static synchronized StackFixture variant() {
        if (variant == null) {
            variant = new StackFixture(Map.of(
                    HousekeepingStackProps.STAGE, "dev",
                    HousekeepingStackProps.WORKFLOW_TYPE, "EXPRESS",
                    HousekeepingStackProps.METRICS_MODE, "api",
                    HousekeepingStackProps.METRICS_NAMESPACE, VARIANT_NAMESPACE,
                    HousekeepingStackProps.ALARM_EMAIL, VARIANT_EMAIL,
                    HousekeepingStackProps.LOG_LEVEL, "debug"));
        }
        return variant;
    }

    /** A fresh App with cdk.json's feature flags, stand-in jars and {@code extra} context. */
    static App newApp(Map<String, Object> extra) {
        Map<String, Object> context = new HashMap<>(ProjectLayout.cdkContext(ProjectLayout.findRoot()));
        context.put(HousekeepingStackProps.FUNCTIONS_JAR_DIR, placeholderJars().toString());
        context.putAll(extra);
        return new App(AppProps.builder().context(context).outdir(tempDirectory("housekeeping-cdk-out").toString())
                .build());
    }

    private static Path jars;
    private static final List<Path> TEMP_DIRECTORIES = new ArrayList<>();

    static synchronized Path placeholderJars() {
        if (jars == null) {
            jars = ProjectLayout.writePlaceholderJars(tempDirectory("housekeeping-jars"));
        }
        return jars;
    }

    /** A temp directory deleted (with its content) when the test JVM exits. */
    private static synchronized Path tempDirectory(String prefix) {
        try {
            if (TEMP_DIRECTORIES.isEmpty()) {
                Runtime.getRuntime().addShutdownHook(new Thread(StackFixture::deleteTempDirectories));
            }
            Path dir = Files.createTempDirectory(prefix);
            TEMP_DIRECTORIES.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void deleteTempDirectories() {
        for (Path dir : TEMP_DIRECTORIES) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // best effort: the OS cleans temp folders eventually
            }
        }
    }

    JsonObject resources() {
        return json.getAsJsonObject("Resources");
    }

    /** Logical ids of the resources of {@code type}. */
    List<String> idsOfType(String type) {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : resources().entrySet()) {
            if (type.equals(e.getValue().getAsJsonObject().get("Type").getAsString())) {
                ids.add(e.getKey());
            }
        }
        return ids;
    }

    JsonObject resource(String logicalId) {
        return resources().getAsJsonObject(logicalId);
    }

    JsonObject properties(String logicalId) {
        return resource(logicalId).getAsJsonObject("Properties");
    }

    /** The logical id of the function whose handler is the step's handler. */
    String functionId(HousekeepingStep step) {
        List<String> ids = idsOfType("AWS::Lambda::Function").stream()
                .filter(id -> step.handler().equals(properties(id).get("Handler").getAsString()))
                .toList();
        if (ids.size() != 1) {
            throw new AssertionError("Expected one function with handler " + step.handler() + ", found " + ids);
        }
        return ids.get(0);
    }

    /** The logical id of the alias of the step's function. */
    String aliasId(HousekeepingStep step) {
        String function = functionId(step);
        List<String> ids = idsOfType("AWS::Lambda::Alias").stream()
                .filter(id -> refersTo(properties(id).get("FunctionName"), function))
                .toList();
        if (ids.size() != 1) {
            throw new AssertionError("Expected one alias of " + function + ", found " + ids);
        }
        return ids.get(0);
    }

    /** The logical id of the role of the step's function. */
    String roleId(HousekeepingStep step) {
        return properties(functionId(step)).getAsJsonObject("Role").getAsJsonArray("Fn::GetAtt").get(0).getAsString();
    }

    /** All statements of all AWS::IAM::Policy resources attached to {@code roleId}, plus its inline policies. */
    List<JsonObject> statementsOfRole(String roleId) {
        List<JsonObject> statements = new ArrayList<>();
        for (String policy : idsOfType("AWS::IAM::Policy")) {
            JsonObject props = properties(policy);
            boolean attached = false;
            for (JsonElement role : props.getAsJsonArray("Roles")) {
                attached |= refersTo(role, roleId);
            }
            if (attached) {
                props.getAsJsonObject("PolicyDocument").getAsJsonArray("Statement")
                        .forEach(s -> statements.add(s.getAsJsonObject()));
            }
        }
        JsonObject role = properties(roleId);
        if (role.has("Policies")) {
            for (JsonElement inline : role.getAsJsonArray("Policies")) {
                inline.getAsJsonObject().getAsJsonObject("PolicyDocument").getAsJsonArray("Statement")
                        .forEach(s -> statements.add(s.getAsJsonObject()));
            }
        }
        return statements;
    }

    /** {@code {"Ref": id}} or {@code {"Fn::GetAtt": [id, ...]}}. */
    static boolean refersTo(JsonElement value, String logicalId) {
        if (value == null || !value.isJsonObject()) {
            return false;
        }
        JsonObject object = value.getAsJsonObject();
        if (object.has("Ref")) {
            return logicalId.equals(object.get("Ref").getAsString());
        }
        if (object.has("Fn::GetAtt")) {
            return logicalId.equals(object.getAsJsonArray("Fn::GetAtt").get(0).getAsString());
        }
        return false;
    }

    /** A JSON value that may be a string or an array of strings, as a list. */
    static List<String> strings(JsonElement value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value.isJsonArray()) {
            for (JsonElement e : (JsonArray) value) {
                out.add(e.isJsonPrimitive() ? e.getAsString() : e.toString());
            }
        } else {
            out.add(value.isJsonPrimitive() ? value.getAsString() : value.toString());
        }
        return out;
    }

    /** The single state machine's logical id. */
    String stateMachineId() {
        List<String> ids = idsOfType("AWS::StepFunctions::StateMachine");
        if (ids.size() != 1) {
            throw new AssertionError("Expected one state machine, found " + ids);
        }
        return ids.get(0);
    }

    /** The parsed ASL definition (tokens rendered as ${Ref:Id} placeholders). */
    JsonObject definition() {
        return WorkflowDiagram.definitionOf(template.toJSON());
    }
}
