package io.github.gamehousekeeping.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.asl.EngineOptions;
import io.github.gamehousekeeping.local.lambda.JavaRuntimes;
import io.github.gamehousekeeping.local.lambda.LambdaFunction;
import io.github.gamehousekeeping.local.lambda.LambdaTaskInvoker;
import io.github.gamehousekeeping.local.lambda.LocalLambdaService;
import io.github.gamehousekeeping.local.launch.ClassDataSharing;
import io.github.gamehousekeeping.local.metrics.CapturedMetric;
import io.github.gamehousekeeping.local.metrics.CloudWatchCaptureServer;
import io.github.gamehousekeeping.local.metrics.MetricsCapture;
import io.github.gamehousekeeping.local.server.ExecutionService;
import io.github.gamehousekeeping.local.server.TaskRouting;
import io.github.gamehousekeeping.local.template.CloudFormationTemplate;
import io.github.gamehousekeeping.local.template.LocalDeployment;
import io.github.gamehousekeeping.local.template.TableProvisioner;
import io.github.gamehousekeeping.localdb.LocalDynamoDb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The housekeeping stack, run on one machine: the synthesized CloudFormation template's state machine on the local
 * ASL engine, its Java functions in emulated Lambda execution environments (the deployment jars the template names,
 * unchanged), its DynamoDB tables in DynamoDB Local, and CloudWatch metrics captured (EMF log lines and
 * PutMetricData calls). Functions reach DynamoDB Local and the metrics endpoint through the SDK's standard endpoint
 * variables ({@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_CLOUDWATCH}) with dummy credentials.
 */
public final class HousekeepingRuntime implements AutoCloseable {
    /** Where the build embeds the synthesized stack (template, assets manifest, asset jars). */
    public static final String EMBEDDED_CDK_OUT = "/housekeeping/cdk.out/";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT = "123456789012";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** How to start the runtime. */
    public static final class Options {
        private Path template;
        private String workflowType;
        private double waitScale = 1.0;
        private int maxEnvironmentsPerFunction;
        private int lambdaConcurrency = LocalLambdaService.DEFAULT_CONCURRENCY_LIMIT;
        private int maxConcurrentExecutions;
        private java.net.InetAddress bindAddress = java.net.InetAddress.getLoopbackAddress();
        private java.util.function.UnaryOperator<URI> functionsDynamoDbEndpoint = java.util.function.UnaryOperator.identity();
        private List<String> jvmOptions;
        private String logLevel;
        private boolean prestartEnvironments;

        /** A template file (its folder holds its asset files, as a cdk.out does); default: the embedded stack. */
        public Options template(Path template) {
            this.template = template;
            return this;
        }

        /** STANDARD or EXPRESS: replaces the template's state machine type. */
        public Options workflowType(String type) {
            this.workflowType = type;
            return this;
        }

        /** Scales Wait states and retry delays (0 skips them). */
        public Options waitScale(double scale) {
            this.waitScale = scale;
            return this;
        }

        /** Reserved concurrency of each function (0, the default: only the account's {@link #lambdaConcurrency}). */
        public Options maxEnvironmentsPerFunction(int n) {
            this.maxEnvironmentsPerFunction = n;
            return this;
        }

        /** Concurrent Lambda invocations (and environments), all functions together; beyond: throttled. */
        public Options lambdaConcurrency(int n) {
            this.lambdaConcurrency = n;
            return this;
        }

        /**
         * Executions running at once (more are accepted and wait, RUNNING, for a slot). Default: half the Lambda
         * concurrency, so the workflow (at most two tasks at once per execution) is never throttled by itself.
         */
        public Options maxConcurrentExecutions(int n) {
            this.maxConcurrentExecutions = n;
            return this;
        }

        int effectiveMaxConcurrentExecutions() {
            return maxConcurrentExecutions > 0 ? maxConcurrentExecutions : Math.max(1, lambdaConcurrency / 2);
        }

        /** The address DynamoDB Local listens on (default: loopback; it checks no credentials). */
        public Options bindAddress(java.net.InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address);
            return this;
        }

        public java.net.InetAddress bindAddress() {
            return bindAddress;
        }

        /** The DynamoDB endpoint the functions are given, from DynamoDB Local's (e.g. through a fault-injecting proxy). */
        public Options functionsDynamoDbEndpoint(java.util.function.UnaryOperator<URI> via) {
            this.functionsDynamoDbEndpoint = Objects.requireNonNull(via);
            return this;
        }

        public Options jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /**
         * The functions' application log level (TRACE, DEBUG, INFO, WARN, ERROR, FATAL), as {@code -c logLevel=...}
         * sets it in the stack: it replaces the template's {@code LoggingConfig.ApplicationLogLevel} in the
         * {@code AWS_LAMBDA_LOG_LEVEL} variable Lambda gives the functions. Default: the template's.
         */
        public Options logLevel(String level) {
            this.logLevel = level;
            return this;
        }

        /**
         * Starts one execution environment per function while the rest of the runtime starts (DynamoDB Local's
         * tables, the engine), instead of on first use; default off.
         */
        public Options prestartEnvironments(boolean prestart) {
            this.prestartEnvironments = prestart;
            return this;
        }
    }

    private final LocalDeployment deployment;
    private final LocalDynamoDb dynamoDb;
    private final MetricsCapture metrics = new MetricsCapture();
    private final CloudWatchCaptureServer cloudWatch;
    private final LocalLambdaService lambda;
    private final ExecutionService executions;
    private final ExecutionService.StateMachine stateMachine;
    private final List<Path> tempDirs = new ArrayList<>();
    /** What the user should know about how the stack runs here (e.g. a runtime's JDK not found). */
    private final List<String> notes = new ArrayList<>();
    private final List<LambdaTaskInvoker.InvocationListener> invocationListeners = new CopyOnWriteArrayList<>();
    private final FunctionLogs functionLogs = new FunctionLogs();

    private HousekeepingRuntime(Options options) throws IOException {
        ClassDataSharing cds = ClassDataSharing.current();
        Path templateFile = options.template != null ? options.template.toAbsolutePath() : extractEmbedded(cds);
        if (!Files.isRegularFile(templateFile)) {
            throw new IllegalArgumentException("No template at " + templateFile);
        }
        String json = Files.readString(templateFile, StandardCharsets.UTF_8);
        String stackName = templateFile.getFileName().toString().replace(".template.json", "");
        CloudFormationTemplate template = CloudFormationTemplate.parse(json, stackName, DEFAULT_REGION, DEFAULT_ACCOUNT);
        deployment = LocalDeployment.of(template, templateFile.getParent(), List.of(templateFile.getParent()));
        LocalDeployment.StateMachineSpec spec = deployment.stateMachine();

        LocalDynamoDb.Binding dbPort = null;
        LocalDynamoDb db = null;
        CloudWatchCaptureServer cw = null;
        LocalLambdaService lambdaService = null;
        ExecutionService service = null;
        try {
            // DynamoDB Local's port first: the environments' endpoint variable needs it, and they start (pre-start)
            // while DynamoDB Local itself starts, instead of after it.
            dbPort = LocalDynamoDb.bind(options.bindAddress);
            cw = new CloudWatchCaptureServer(metrics);
            Map<String, String> base = new LinkedHashMap<>();
            base.put("AWS_REGION", DEFAULT_REGION);
            base.put("AWS_DEFAULT_REGION", DEFAULT_REGION);
            base.put("AWS_ACCESS_KEY_ID", LocalDynamoDb.ACCESS_KEY_ID);
            base.put("AWS_SECRET_ACCESS_KEY", LocalDynamoDb.SECRET_ACCESS_KEY);
            base.put("AWS_ENDPOINT_URL_DYNAMODB", options.functionsDynamoDbEndpoint.apply(dbPort.endpoint()).toString());
            base.put("AWS_ENDPOINT_URL_CLOUDWATCH", cw.endpoint().toString());
            JavaRuntimes jdks = JavaRuntimes.discover();
            deployment.functions().values().stream().map(LambdaFunction::runtime).distinct()
                    .forEach(runtime -> jdks.mismatch(runtime).ifPresent(notes::add));
            LocalLambdaService.Builder lb = LocalLambdaService.builder()
                    .jdks(jdks)
                    .functions(withLogLevel(deployment.functions().values(), options.logLevel))
                    .baseEnvironment(base)
                    .maxEnvironmentsPerFunction(options.maxEnvironmentsPerFunction)
                    .concurrencyLimit(options.lambdaConcurrency)
                    .functionJvmOptions(cds::workerOptions);
            if (cds.training()) {
                lb.shutdownWait(java.time.Duration.ofMinutes(2)); // each environment writes its archive at exit
            }
            cds.fileDirectory().ifPresent(lb::runtimeJarDirectory);
            if (options.jvmOptions != null) {
                lb.jvmOptions(options.jvmOptions);
            }
            lambdaService = lb.build();
            if (options.prestartEnvironments) {
                lambdaService.prestart(inDefinitionOrder(deployment.functions().keySet(), spec.definition()));
            }
            db = dbPort.start();
            TableProvisioner.createTables(db, deployment);
            lambdaService.addLogListener((function, requestId, line) -> metrics.onLogLine(function, line));
            invocationListeners.add(functionLogs);
            LambdaTaskInvoker invoker = new LambdaTaskInvoker(deployment::functionFor, lambdaService,
                    (execution, state, result) -> invocationListeners.forEach(l -> l.onInvocation(execution, state, result)));
            service = ExecutionService.create(EngineOptions.builder().waitScale(options.waitScale)
                    .region(DEFAULT_REGION).accountId(DEFAULT_ACCOUNT).build(), options.effectiveMaxConcurrentExecutions());
            // State machines created through the API (CreateStateMachine) may call the stack's functions too.
            service.taskRouting().stackFunctions(new TaskRouting.StackFunctions(deployment::functionFor, invoker));
            String type = options.workflowType != null ? options.workflowType : spec.type();
            stateMachine = service.registerStateMachine(spec.name(), spec.definition(),
                    ExecutionService.Type.valueOf(type.toUpperCase(java.util.Locale.ROOT)), invoker, spec.roleArn());
        } catch (RuntimeException | Error e) {
            closeQuietly(service, lambdaService, cw, db, dbPort);
            throw e;
        }
        this.dynamoDb = db;
        this.cloudWatch = cw;
        this.lambda = lambdaService;
        this.executions = service;
    }

    private static List<io.github.gamehousekeeping.local.lambda.LambdaFunction> withLogLevel(
            java.util.Collection<io.github.gamehousekeeping.local.lambda.LambdaFunction> functions, String logLevel) {
        List<io.github.gamehousekeeping.local.lambda.LambdaFunction> out = new ArrayList<>();
        for (var f : functions) {
            if (logLevel == null) {
                out.add(f);
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>(f.environment());
            env.put(LocalDeployment.LOG_LEVEL_VARIABLE, logLevel);
            env.putIfAbsent(LocalDeployment.LOG_FORMAT_VARIABLE, "JSON");
            out.add(f.withEnvironment(env));
        }
        return out;
    }

    /**
     * Starts the runtime (DynamoDB Local, tables, metrics endpoint); execution environments start on first use, or
     * now in the background with {@link Options#prestartEnvironments}.
     */
    public static HousekeepingRuntime start(Options options) {
        try {
            return new HousekeepingRuntime(Objects.requireNonNull(options));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Function names by where the definition first names them (a rough "needed first" order), unnamed ones last. */
    static List<String> inDefinitionOrder(java.util.Collection<String> names, String definition) {
        return names.stream().sorted(java.util.Comparator.comparingInt((String name) -> {
            int at = definition.indexOf(name);
            return at < 0 ? Integer.MAX_VALUE : at;
        }).thenComparing(java.util.Comparator.naturalOrder())).toList();
    }

    /**
     * The embedded cloud assembly as files. Beside the class-data-sharing archives when there are some: the function
     * jars keep the path, size and time the environments' archives were trained with (and are copied out once, not
     * on every run); the folder is named by the jar's stamp, so another build never reuses it. Otherwise in a
     * temporary folder, deleted on close.
     */
    private Path extractEmbedded(ClassDataSharing cds) throws IOException {
        JsonNode manifest = readEmbedded("manifest.json");
        if (manifest == null) {
            throw new IllegalStateException("This build has no embedded stack (" + EMBEDDED_CDK_OUT + "manifest.json):"
                    + " build with 'mvn package' from the repository root, or pass --template");
        }
        var stable = cds.fileDirectory().flatMap(files -> ClassDataSharing.runningJar()
                .map(jar -> files.resolve("cdk.out-" + ClassDataSharing.stamp(jar))));
        if (stable.isPresent() && Files.isDirectory(stable.get())) {
            return stable.get().resolve(templateFileOf(manifest));
        }
        Path dir = stable.isPresent()
                ? Files.createTempDirectory(Files.createDirectories(stable.get().getParent()), "cdk.out-partial")
                : Files.createTempDirectory("housekeeping-cdk-out");
        tempDirs.add(dir);
        copyAssembly(manifest, dir);
        if (stable.isPresent()) {
            try {
                Files.move(dir, stable.get(), StandardCopyOption.ATOMIC_MOVE);
                tempDirs.remove(dir);
                dir = stable.get();
            } catch (IOException raced) {
                // another run moved its copy there first (or the move is not possible): this run uses its own copy
            }
        }
        return dir.resolve(templateFileOf(manifest));
    }

    private static String templateFileOf(JsonNode manifest) {
        for (var it = manifest.path("artifacts").fields(); it.hasNext(); ) {
            var artifact = it.next().getValue();
            if (artifact.path("type").asText().equals("aws:cloudformation:stack")) {
                return artifact.path("properties").path("templateFile").asText();
            }
        }
        throw new IllegalStateException("The embedded cloud assembly has no stack");
    }

    private static void copyAssembly(JsonNode manifest, Path dir) throws IOException {
        for (var it = manifest.path("artifacts").fields(); it.hasNext(); ) {
            var artifact = it.next().getValue();
            String type = artifact.path("type").asText();
            if (type.equals("aws:cloudformation:stack")) {
                copyEmbedded(artifact.path("properties").path("templateFile").asText(), dir);
            } else if (type.equals("cdk:asset-manifest")) {
                String assets = artifact.path("properties").path("file").asText();
                copyEmbedded(assets, dir);
                JsonNode files = readEmbedded(assets).path("files");
                for (JsonNode file : files) {
                    copyEmbedded(file.path("source").path("path").asText(), dir);
                }
            }
        }
    }

    private static JsonNode readEmbedded(String name) throws IOException {
        try (InputStream in = HousekeepingRuntime.class.getResourceAsStream(EMBEDDED_CDK_OUT + name)) {
            return in == null ? null : MAPPER.readTree(in);
        }
    }

    private static void copyEmbedded(String name, Path dir) throws IOException {
        try (InputStream in = HousekeepingRuntime.class.getResourceAsStream(EMBEDDED_CDK_OUT + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing embedded file " + EMBEDDED_CDK_OUT + name);
            }
            Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public LocalDeployment deployment() {
        return deployment;
    }

    /**
     * What the user should know about how the stack runs here, one line each: e.g. that no JDK of a function's
     * runtime version was found, so its environments run on this JVM.
     */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    public ExecutionService executions() {
        return executions;
    }

    public ExecutionService.StateMachine stateMachine() {
        return stateMachine;
    }

    public LocalLambdaService lambda() {
        return lambda;
    }

    public MetricsCapture metrics() {
        return metrics;
    }

    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    public LocalDynamoDb dynamoDb() {
        return dynamoDb;
    }

    /** The log lines of the functions, per execution and state. */
    public FunctionLogs functionLogs() {
        return functionLogs;
    }

    public void addInvocationListener(LambdaTaskInvoker.InvocationListener listener) {
        invocationListeners.add(listener);
    }

    /** Every item of every table, as JSON. */
    public ObjectNode dumpTables() {
        return TableDump.dump(dynamoDb.client());
    }

    /** Metrics captured so far. */
    public List<CapturedMetric> capturedMetrics() {
        return metrics.metrics();
    }

    @Override
    public void close() {
        closeQuietly(executions, lambda, cloudWatch, dynamoDb);
        for (Path dir : tempDirs) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp files: the OS cleans up eventually
            }
        }
    }

    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // closing everything else matters more
                }
            }
        }
    }
}
