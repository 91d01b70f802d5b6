package io.github.gamehousekeeping.local.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.gamehousekeeping.local.asl.TaskFailedException;
import io.github.gamehousekeeping.local.asl.TaskInvocation;
import io.github.gamehousekeeping.local.asl.TaskInvoker;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Serves Task states whose Resource is a Lambda integration by invoking the local functions, with what AWS Step
 * Functions does around the call:
 * <ul>
 *   <li>{@code arn:aws:states:::lambda:invoke}: the effective Parameters are the Invoke request ({@code FunctionName},
 *   {@code Payload}, {@code Qualifier}); the result is the Invoke API response ({@code StatusCode},
 *   {@code Payload}, {@code ExecutedVersion}, {@code SdkHttpMetadata}, {@code SdkResponseMetadata}).</li>
 *   <li>a plain function ARN: the effective input is the event, the result is the function's return value.</li>
 * </ul>
 * A function error fails the task with error = Lambda's {@code errorType} (a Java exception's class name) and
 * cause = the error document as JSON text; an unknown function fails with {@code Lambda.ResourceNotFoundException};
 * a throttled invocation with {@code Lambda.TooManyRequestsException}. The task's TimeoutSeconds clock starts once the
 * execution environment is ready (a cold start's init does not count; with SnapStart on AWS it is a short restore),
 * and a task the engine gives up on (timeout, abort) destroys the environment running it.
 */
public final class LambdaTaskInvoker implements TaskInvoker {
    /** Observes every invocation the workflow makes (for traces and benchmarks). */
    public interface InvocationListener {
        void onInvocation(String executionArn, String stateName, InvokeResult result);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern LAMBDA_INVOKE = Pattern.compile("arn:aws[a-z-]*:states:::lambda:invoke");
    private static final Pattern QUALIFIED_FUNCTION_ARN = Pattern.compile(".*:function:[^:]+:.+");
    private static final Pattern FUNCTION_ARN = Pattern.compile("arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?");

    private final Function<String, Optional<String>> functionResolver;
    private final LocalLambdaService lambda;
    private final InvocationListener listener;

    /**
     * @param functionResolver maps an invocation's {@code FunctionName} (name, ARN, qualified ARN) to a function of
     *                         {@code lambda}, e.g. {@code LocalDeployment::functionFor}
     */
    public LambdaTaskInvoker(Function<String, Optional<String>> functionResolver, LocalLambdaService lambda,
                             InvocationListener listener) {
        this.functionResolver = functionResolver;
        this.lambda = lambda;
        this.listener = listener == null ? (e, s, r) -> { } : listener;
    }

    @Override
    public JsonNode invoke(TaskInvocation invocation) throws TaskFailedException {
        String resource = invocation.resource();
        if (LAMBDA_INVOKE.matcher(resource).matches()) {
            JsonNode parameters = invocation.input();
            JsonNode functionName = parameters.get("FunctionName");
            if (functionName == null || !functionName.isTextual()) {
                throw new TaskFailedException("States.Runtime",
                        "The lambda:invoke Parameters of state '" + invocation.stateName() + "' have no FunctionName");
            }
            String name = functionName.asText();
            if (parameters.hasNonNull("Qualifier") && !QUALIFIED_FUNCTION_ARN.matcher(name).matches()) {
                name = name + ":" + parameters.get("Qualifier").asText();
            }
            JsonNode payload = parameters.has("Payload") ? parameters.get("Payload") : MAPPER.nullNode();
            InvokeResult result = call(invocation, name, payload);
            ObjectNode response = MAPPER.createObjectNode();
            response.put("ExecutedVersion", isQualified(name) ? "1" : "$LATEST");
            response.set("Payload", parsePayload(result.payload()));
            ObjectNode http = response.putObject("SdkHttpMetadata");
            http.putObject("AllHttpHeaders");
            http.putObject("HttpHeaders");
            http.put("HttpStatusCode", 200);
            response.putObject("SdkResponseMetadata").put("RequestId", result.requestId());
            response.put("StatusCode", 200);
            return response;
        }
        if (FUNCTION_ARN.matcher(resource).matches()) {
            return parsePayload(call(invocation, resource, invocation.input()).payload());
        }
        throw new TaskFailedException("States.Runtime", "The local runtime serves Lambda tasks only; state '"
                + invocation.stateName() + "' uses the resource " + resource);
    }

    private InvokeResult call(TaskInvocation invocation, String functionName, JsonNode payload) throws TaskFailedException {
        String function = functionResolver.apply(functionName).orElseThrow(() -> new TaskFailedException(
                "Lambda.ResourceNotFoundException", "Function not found: " + functionName
                + " (Service: Lambda, Status Code: 404, Request ID: local)"));
        InvokeResult result;
        invocation.holdTimeout(); // until the environment is ready: a cold start's init does not count
        try {
            result = lambda.invoke(function, functionName, payload.toString(), new InvocationHooks() {
                @Override
                public void ready() {
                    invocation.restartTimeout(); // TimeoutSeconds measures the invocation, not the cold start's init
                }

                @Override
                public void onCancel(Runnable cancel) {
                    invocation.onCancel(cancel); // a timed-out or aborted task does not leave the function running
                }
            });
        } catch (LambdaThrottledException throttled) {
            invocation.restartTimeout();
            throw new TaskFailedException("Lambda.TooManyRequestsException", throttled.getMessage());
        }
        listener.onInvocation(invocation.executionArn(), invocation.stateName(), result);
        if (!result.succeeded()) {
            String cause;
            try {
                cause = MAPPER.writeValueAsString(result.error());
            } catch (JsonProcessingException e) {
                cause = result.errorMessage();
            }
            throw new TaskFailedException(result.errorType(), cause);
        }
        return result;
    }

    private static boolean isQualified(String functionName) {
        return QUALIFIED_FUNCTION_ARN.matcher(functionName).matches() || (!functionName.startsWith("arn:") && functionName.contains(":"));
    }

    private static JsonNode parsePayload(String payload) {
        try {
            return MAPPER.readTree(payload);
        } catch (JsonProcessingException notJson) {
            return TextNode.valueOf(payload);
        }
    }
}
