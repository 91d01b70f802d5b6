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
 */
public record LambdaFunction(String name, String handler, Path jar, Map<String, String> environment,
                             int timeoutSeconds, int memoryMb) {
    public LambdaFunction {
        environment = Map.copyOf(environment);
    }
}
