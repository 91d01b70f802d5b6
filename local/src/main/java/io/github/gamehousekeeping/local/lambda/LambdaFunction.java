package io.github.gamehousekeeping.local.lambda;

import java.nio.file.Path;
import java.util.Map;

/**
 * One function as the local runtime runs it, resolved from the template.
 *
 * @param name           the function name (what an ARN's {@code function:NAME} part says)
 * @param handler        {@code pkg.Class::method}
 * @param jar            the deployment package (a jar)
 * @param environment    the function's environment variables, references resolved
 * @param timeoutSeconds the function's timeout
 * @param memoryMb       the function's memory size
 * @param runtime        its Lambda runtime ({@code java25}), which picks the JDK its environments run on
 *                       ({@link JavaRuntimes}); null: the local runtime's own JVM
 */
public record LambdaFunction(String name, String handler, Path jar, Map<String, String> environment,
                             int timeoutSeconds, int memoryMb, String runtime) {
    public LambdaFunction {
        environment = Map.copyOf(environment);
    }

    /** A function that runs on the local runtime's own JVM. */
    public LambdaFunction(String name, String handler, Path jar, Map<String, String> environment, int timeoutSeconds,
                          int memoryMb) {
        this(name, handler, jar, environment, timeoutSeconds, memoryMb, null);
    }

    /** The same function with other environment variables. */
    public LambdaFunction withEnvironment(Map<String, String> variables) {
        return new LambdaFunction(name, handler, jar, variables, timeoutSeconds, memoryMb, runtime);
    }
}
