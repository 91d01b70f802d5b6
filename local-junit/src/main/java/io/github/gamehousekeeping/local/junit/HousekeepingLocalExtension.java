package io.github.gamehousekeeping.local.junit;

import io.github.gamehousekeeping.local.junit.HousekeepingLocal.Scope;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.util.Locale;
import java.util.Objects;

/**
 * JUnit 5 extension: starts the local runtime once per test class (or once per JVM), and resolves test constructor and
 * method parameters of type {@link SfnClient}, {@link DynamoDbClient}, {@link LocalStepFunctions} and
 * {@code @}{@link HousekeepingStateMachineArn} {@code String} ({@code @Nested} classes share their top-level class's). State machines a class creates through
 * {@link LocalStepFunctions} are deleted after the class; the runtime stops after the class ({@link Scope#CLASS}) or at
 * the end of the test run ({@link Scope#JVM}).
 *
 * <p>Declarative: {@code @HousekeepingLocal} (or {@code @ExtendWith(HousekeepingLocalExtension.class)} for the
 * defaults). Programmatic:
 * <pre>{@code
 * @RegisterExtension
 * static HousekeepingLocalExtension local = HousekeepingLocalExtension.builder().scope(Scope.JVM).build();
 * ... local.stepFunctions().sfn() ...
 * }</pre>
 */
public final class HousekeepingLocalExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HousekeepingLocalExtension.class);

    /** What a runtime is started with; equal settings share a JVM-scoped runtime. */
    record Settings(Scope scope, String workflowType, double waitScale, String mockConfig) {
    }

    private final Settings configured;
    private volatile LocalStepFunctions current;

    /** For {@code @ExtendWith}/{@code @HousekeepingLocal}: the settings come from the class's annotation. */
    public HousekeepingLocalExtension() {
        this.configured = null;
    }

    private HousekeepingLocalExtension(Settings settings) {
        this.configured = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The runtime of the current test class (after its {@code beforeAll}), for {@code @RegisterExtension} users. */
    public LocalStepFunctions stepFunctions() {
        LocalStepFunctions local = current;
        if (local == null) {
            throw new IllegalStateException("The local runtime starts before the test class's @BeforeAll methods run; "
                    + "register the extension on a static field");
        }
        return local;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        current = handle(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == SfnClient.class || type == DynamoDbClient.class || type == LocalStepFunctions.class
                || (type == String.class && parameter.isAnnotated(HousekeepingStateMachineArn.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        LocalStepFunctions local = handle(extension);
        Class<?> type = parameter.getParameter().getType();
        if (type == SfnClient.class) {
            return local.sfn();
        }
        if (type == DynamoDbClient.class) {
            return local.dynamoDb();
        }
        if (type == LocalStepFunctions.class) {
            return local;
        }
        if (type == String.class) {
            return local.housekeepingStateMachineArn();
        }
        throw new ParameterResolutionException("Not a local runtime parameter: " + parameter.getParameter());
    }

    /** The class's handle, starting (or joining) the runtime on first use. */
    private LocalStepFunctions handle(ExtensionContext context) {
        // The top-level class: its @Nested classes and methods share its runtime and its state machines.
        ExtensionContext classContext = context;
        while (classContext.getParent().isPresent() && classContext.getParent().get().getTestClass().isPresent()) {
            classContext = classContext.getParent().get();
        }
        Settings settings = configured != null ? configured : fromAnnotation(classContext);
        ExtensionContext owner = settings.scope() == Scope.JVM ? classContext.getRoot() : classContext;
        LocalRuntime runtime = owner.getStore(NAMESPACE).getOrComputeIfAbsent("runtime:" + settings,
                k -> LocalRuntime.start(settings), LocalRuntime.class);
        ExtensionContext.Store store = classContext.getStore(NAMESPACE);
        return store.getOrComputeIfAbsent("handle:" + settings, k -> new LocalStepFunctions(runtime), LocalStepFunctions.class);
    }

    private static Settings fromAnnotation(ExtensionContext classContext) {
        return classContext.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, HousekeepingLocal.class))
                .map(a -> new Settings(a.scope(), normalize(a.workflowType()), a.waitScale(), a.mockConfig().isEmpty() ? null : a.mockConfig()))
                .orElse(new Settings(Scope.CLASS, null, 0, null));
    }

    private static String normalize(String workflowType) {
        if (workflowType == null || workflowType.isEmpty()) {
            return null;
        }
        String type = workflowType.toUpperCase(Locale.ROOT);
        if (!type.equals("STANDARD") && !type.equals("EXPRESS")) {
            throw new IllegalArgumentException("workflowType must be STANDARD or EXPRESS, got " + workflowType);
        }
        return type;
    }

    /** Settings for {@code @RegisterExtension}. */
    public static final class Builder {
        private Scope scope = Scope.CLASS;
        private String workflowType;
        private double waitScale;
        private String mockConfig;

        public Builder scope(Scope scope) {
            this.scope = Objects.requireNonNull(scope);
            return this;
        }

        /** STANDARD or EXPRESS for the housekeeping state machine (default: the template's). */
        public Builder workflowType(String type) {
            this.workflowType = normalize(type);
            return this;
        }

        /** Scales Wait states and retry delays; 0 (default) skips them. */
        public Builder waitScale(double scale) {
            if (!(scale >= 0)) {
                throw new IllegalArgumentException("waitScale must be >= 0, got " + scale);
            }
            this.waitScale = scale;
            return this;
        }

        /** A Step Functions Local mock configuration for every state machine (class path resource, else file). */
        public Builder mockConfig(String resourceOrFile) {
            this.mockConfig = resourceOrFile;
            return this;
        }

        public HousekeepingLocalExtension build() {
            return new HousekeepingLocalExtension(new Settings(scope, workflowType, waitScale, mockConfig));
        }
    }
}
