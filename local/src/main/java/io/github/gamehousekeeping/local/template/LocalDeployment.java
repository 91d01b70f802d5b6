package io.github.gamehousekeeping.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.lambda.LambdaFunction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarFile;

/**
 * What a synthesized template deploys, as the local runtime runs it: the state machine (its definition with every
 * reference resolved), the Lambda functions (handler, deployment jar, resolved environment, timeout, memory) reachable
 * by name and by every ARN a definition may use (function, version, alias), and the DynamoDB tables.
 */
public final class LocalDeployment {
    /** The template's state machine. */
    public record StateMachineSpec(String logicalId, String name, String arn, String type, String definition,
                                   String roleArn) {
        public boolean express() {
            return "EXPRESS".equals(type);
        }
    }

    /** A table to create: its resolved CloudFormation properties. */
    public record TableSpec(String logicalId, String name, JsonNode properties) {
    }

    private final CloudFormationTemplate template;
    private final List<StateMachineSpec> stateMachines;
    private final Map<String, LambdaFunction> functions;
    private final Map<String, String> functionByArn;
    private final List<TableSpec> tables;

    private LocalDeployment(CloudFormationTemplate template, List<StateMachineSpec> stateMachines,
                            Map<String, LambdaFunction> functions, Map<String, String> functionByArn,
                            List<TableSpec> tables) {
        this.template = template;
        this.stateMachines = List.copyOf(stateMachines);
        this.functions = Map.copyOf(functions);
        this.functionByArn = Map.copyOf(functionByArn);
        this.tables = List.copyOf(tables);
    }

    /** The variable Lambda sets from a function's advanced logging controls (what the function's logger reads). */
    public static final String LOG_LEVEL_VARIABLE = "AWS_LAMBDA_LOG_LEVEL";
    /** The variable Lambda sets from a function's log format ({@code JSON} or {@code Text}). */
    public static final String LOG_FORMAT_VARIABLE = "AWS_LAMBDA_LOG_FORMAT";

    /**
     * What Lambda sets in the runtime's environment from {@code LoggingConfig}: the log format and, for the JSON format,
     * the application log level (Lambda's log-level filtering only applies to JSON logs).
     */
    static Map<String, String> loggingVariables(JsonNode loggingConfig) {
        Map<String, String> variables = new TreeMap<>();
        if (loggingConfig == null || !loggingConfig.isObject()) {
            return variables;
        }
        String format = loggingConfig.path("LogFormat").asText("Text");
        variables.put(LOG_FORMAT_VARIABLE, format);
        if (format.equals("JSON") && loggingConfig.hasNonNull("ApplicationLogLevel")) {
            variables.put(LOG_LEVEL_VARIABLE, loggingConfig.get("ApplicationLogLevel").asText());
        }
        return variables;
    }

    /**
     * Reads what a template deploys.
     *
     * @param template     the parsed template
     * @param assetDir     the folder the template's assets live in (its cdk.out), or null
     * @param jarSearchPath jars (or folders of jars) where a function's code is looked up by handler class when the
     *                     template carries no asset path for it
     */
    public static LocalDeployment of(CloudFormationTemplate template, Path assetDir, List<Path> jarSearchPath) {
        List<Path> jars = expandJars(jarSearchPath);
        Map<String, LambdaFunction> functions = new LinkedHashMap<>();
        Map<String, String> byArn = new LinkedHashMap<>();
        for (CloudFormationTemplate.Resource r : template.resourcesOfType("AWS::Lambda::Function")) {
            String name = template.functionName(r);
            String handler = template.textProperty(r, "Handler");
            String runtime = template.textProperty(r, "Runtime");
            if (handler == null || runtime == null || !runtime.startsWith("java")) {
                continue; // not a Java function (e.g. a CDK custom-resource provider): not run locally
            }
            Map<String, String> env = new TreeMap<>();
            JsonNode variables = template.property(r, "Environment");
            if (variables != null) {
                variables.path("Variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            }
            env.putAll(loggingVariables(template.property(r, "LoggingConfig")));
            JsonNode timeout = template.property(r, "Timeout");
            JsonNode memory = template.property(r, "MemorySize");
            Path jar = codeOf(r, assetDir, jars, handler);
            functions.put(name, new LambdaFunction(name, handler, jar, env,
                    timeout == null ? 3 : timeout.asInt(), memory == null ? 128 : memory.asInt(), runtime));
            byArn.put(template.functionArn(r), name);
        }
        for (CloudFormationTemplate.Resource r : template.resourcesOfType("AWS::Lambda::Version")) {
            String arn = template.resolve(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    .put("Ref", r.logicalId())).asText();
            register(byArn, functions, arn);
        }
        for (CloudFormationTemplate.Resource r : template.resourcesOfType("AWS::Lambda::Alias")) {
            String arn = template.resolve(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    .put("Ref", r.logicalId())).asText();
            register(byArn, functions, arn);
        }

        List<StateMachineSpec> machines = new ArrayList<>();
        for (CloudFormationTemplate.Resource r : template.resourcesOfType("AWS::StepFunctions::StateMachine")) {
            String definition;
            JsonNode definitionString = template.property(r, "DefinitionString");
            JsonNode definitionObject = template.property(r, "Definition");
            if (definitionString != null) {
                definition = definitionString.asText();
            } else if (definitionObject != null) {
                definition = definitionObject.toString();
            } else {
                throw new IllegalArgumentException("State machine " + r.logicalId()
                        + " has no DefinitionString or Definition (DefinitionS3Location is not supported locally)");
            }
            JsonNode substitutions = template.property(r, "DefinitionSubstitutions");
            if (substitutions != null) {
                for (var it = substitutions.fields(); it.hasNext(); ) {
                    var e = it.next();
                    definition = definition.replace("${" + e.getKey() + "}", e.getValue().asText());
                }
            }
            String type = Optional.ofNullable(template.textProperty(r, "StateMachineType")).orElse("STANDARD");
            machines.add(new StateMachineSpec(r.logicalId(), template.stateMachineName(r), template.stateMachineArn(r),
                    type, definition, template.textProperty(r, "RoleArn")));
        }

        List<TableSpec> tables = new ArrayList<>();
        for (CloudFormationTemplate.Resource r : template.resources().values()) {
            if (r.type().equals("AWS::DynamoDB::Table") || r.type().equals("AWS::DynamoDB::GlobalTable")) {
                tables.add(new TableSpec(r.logicalId(), template.tableName(r), template.resolve(r.properties())));
            }
        }
        return new LocalDeployment(template, machines, functions, byArn, tables);
    }

    private static void register(Map<String, String> byArn, Map<String, LambdaFunction> functions, String qualifiedArn) {
        String unqualified = qualifiedArn.substring(0, qualifiedArn.lastIndexOf(':'));
        String name = byArn.get(unqualified);
        if (name != null && functions.containsKey(name)) {
            byArn.put(qualifiedArn, name);
        }
    }

    private static Path codeOf(CloudFormationTemplate.Resource r, Path assetDir, List<Path> jars, String handler) {
        String assetPath = r.metadata().path("aws:asset:path").asText(null);
        if (assetPath != null && assetDir != null) {
            Path candidate = assetDir.resolve(assetPath);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        String entry = handler.split("::")[0].replace('.', '/') + ".class";
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                if (file.getEntry(entry) != null) {
                    return jar;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + jar, e);
            }
        }
        throw new IllegalArgumentException("No deployment jar for function " + r.logicalId() + ": the template names no"
                + " asset file and no jar in " + jars + " contains " + entry);
    }

    private static List<Path> expandJars(List<Path> searchPath) {
        List<Path> jars = new ArrayList<>();
        for (Path p : searchPath) {
            if (Files.isDirectory(p)) {
                try (var files = Files.list(p)) {
                    files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (Files.isRegularFile(p)) {
                jars.add(p);
            }
        }
        return jars;
    }

    public CloudFormationTemplate template() {
        return template;
    }

    public List<StateMachineSpec> stateMachines() {
        return stateMachines;
    }

    /** The only state machine, or an error naming how many there are. */
    public StateMachineSpec stateMachine() {
        if (stateMachines.size() != 1) {
            throw new IllegalStateException("Expected one state machine in the template, found " + stateMachines.size());
        }
        return stateMachines.get(0);
    }

    public Map<String, LambdaFunction> functions() {
        return functions;
    }

    public List<TableSpec> tables() {
        return tables;
    }

    /**
     * The function a Lambda invocation's {@code FunctionName} designates: a name, {@code name:qualifier}, a partial
     * ARN {@code account:function:name}, or a full (qualified) ARN. Empty when the template has no such function.
     */
    public Optional<String> functionFor(String functionName) {
        if (functionByArn.containsKey(functionName)) {
            return Optional.of(functionByArn.get(functionName));
        }
        String name = functionName;
        if (name.startsWith("arn:")) {
            String[] parts = name.split(":");
            name = parts.length > 6 ? parts[6] : name;
        } else if (name.contains(":function:")) {
            name = name.substring(name.indexOf(":function:") + 10);
        }
        if (name.contains(":")) {
            name = name.substring(0, name.indexOf(':'));
        }
        return functions.containsKey(name) ? Optional.of(name) : Optional.empty();
    }
}
