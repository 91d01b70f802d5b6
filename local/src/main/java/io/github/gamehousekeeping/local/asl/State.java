package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed, validated state (immutable, shared by all executions) and its behaviour: each state type runs itself
 * ({@link #run}) with the services of the {@link Interpreter}; its query language shapes the data flow.
 */
public abstract class State {
    /** Sentinel for a path field set to JSON null (InputPath/OutputPath null means the empty object {}). */
    static final String NULL_PATH = "\u0000null";

    public final String name;
    public final String type;
    /** Next state name, or null when the state ends its machine (End: true, Succeed, Fail, Choice). */
    public final String next;
    final QueryLanguage language;
    /** JSONPath only ("$" when absent). */
    public final String inputPath;
    public final String outputPath;
    /** JSONata Output, or null. */
    final Template output;
    /** Assign, or null. */
    final Template assign;

    State(Common c, String type) {
        this.name = c.name;
        this.type = type;
        this.next = c.next;
        this.language = c.language;
        this.inputPath = c.inputPath;
        this.outputPath = c.outputPath;
        this.output = c.output;
        this.assign = c.assign;
    }

    /** The fields every state has, as the parser read them. */
    record Common(String name, String next, QueryLanguage language, String inputPath, String outputPath, Template output,
                  Template assign) {
    }

    /** Where a state goes next and with which output (next null: the machine ends). */
    record Step(String next, JsonNode output) {
    }

    /** Runs the state once it has been entered. */
    abstract Step run(StateRun r);

    /** Whether $$.State.RetryCount exists for this state (states with Retry). */
    boolean hasRetryCount() {
        return false;
    }

    /**
     * Leaves the state: the output (by the query language) and the assignments, both evaluated against the variables as
     * they were before the state, then the assignments applied.
     */
    final Step leave(StateRun r, Env env, String next, JsonNode effective, JsonNode result, Template assign, Template output) {
        JsonNode out = language.output(this, output, r.raw, effective, result, env);
        assignVariables(r, assign, result != null ? result : effective, env.withResult(result));
        return new Step(next, out);
    }

    static void assignVariables(StateRun r, Template assign, JsonNode data, Env env) {
        if (assign == null) {
            return;
        }
        JsonNode values = assign.evaluate(data, env);
        Map<String, JsonNode> all = new LinkedHashMap<>();
        values.fields().forEachRemaining(e -> all.put(e.getKey(), e.getValue()));
        r.variables.assignAll(all);
    }

    /** An integer-valued field (TimeoutSeconds, MaxConcurrency, ...) from a constant, a path or an expression. */
    record IntField(String field, Template value, boolean path, String source) {
        Integer evaluate(JsonNode data, Env env, int min) {
            JsonNode v = value.evaluate(data, env);
            if (!v.isIntegralNumber() && !(v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0) || !v.canConvertToInt()
                    || v.intValue() < min) {
                if (path) {
                    throw StatesError.runtime("The " + field + " field refers to value \"" + (v.isTextual() ? v.textValue() : Json.write(v))
                            + "\" which is not a valid integer: " + source);
                }
                throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The JSONata expression '" + source + "' specified for the field '"
                        + field + "' returned an unexpected result type. Expected 'integer', but was '" + JsonataExpressions.typeName(v)
                        + "' for value: " + Json.write(v));
            }
            return v.intValue();
        }
    }

    /** A retrier of a Retry field. */
    public record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
                          Integer maxDelaySeconds, boolean fullJitter) {
        Duration delay(int attempt, java.util.function.Supplier<java.util.Random> random) {
            double seconds = intervalSeconds * Math.pow(backoffRate, attempt);
            if (maxDelaySeconds != null) {
                seconds = Math.min(seconds, maxDelaySeconds);
            }
            if (fullJitter) {
                seconds = random.get().nextDouble() * seconds;
            }
            return Duration.ofNanos((long) (seconds * 1e9));
        }
    }

    /**
     * A catcher of a Catch field; resultPath null means ResultPath: null (discard the error output). JSONata catchers
     * have Output and Assign instead (JSONPath catchers may Assign too).
     */
    public record Catcher(List<String> errorEquals, String next, Paths.ReferencePath resultPath, Template output, Template assign) {
    }

    /**
     * States that compute a result with retries and catchers (Task, Parallel, Map; Pass has neither): effective input,
     * the work ({@link #attempt}), ResultSelector, then Retry or Catch on failure.
     */
    public abstract static class ResultState extends State {
        /** null means ResultPath: null (discard the result). */
        public final Paths.ReferencePath resultPath;
        final Template resultSelector;
        public final List<Retrier> retriers;
        public final List<Catcher> catchers;

        ResultState(Common c, String type, Paths.ReferencePath resultPath, Template resultSelector, List<Retrier> retriers,
                    List<Catcher> catchers) {
            super(c, type);
            this.resultPath = resultPath;
            this.resultSelector = resultSelector;
            this.retriers = List.copyOf(retriers);
            this.catchers = List.copyOf(catchers);
        }

        @Override
        boolean hasRetryCount() {
            return true;
        }

        /** One attempt: the work of the state on its effective input; returns its result. */
        abstract JsonNode attempt(StateRun r, JsonNode effective, Env env, int attempt);

        @Override
        Step run(StateRun r) {
            int[] counts = new int[retriers.size()];
            int retryCount = 0;
            boolean fromBranch = !(this instanceof TaskState);
            while (true) {
                Env env = r.env(retryCount);
                JsonNode effective = null;
                JsonNode result;
                try {
                    effective = language.effectiveInput(this, r.raw, env);
                    result = attempt(r, effective, env, retryCount);
                    if (resultSelector != null) {
                        result = resultSelector.evaluate(result, env.withResult(result));
                    }
                } catch (StatesError e) {
                    if (ErrorNames.isTerminal(e.error())) {
                        throw e;
                    }
                    int index = -1;
                    for (int i = 0; i < retriers.size(); i++) {
                        if (ErrorNames.matches(retriers.get(i).errorEquals(), e, fromBranch)) {
                            index = i;
                            break;
                        }
                    }
                    if (index >= 0 && counts[index] < retriers.get(index).maxAttempts()) {
                        Duration delay = retriers.get(index).delay(counts[index], r.interpreter.options.random());
                        counts[index]++;
                        retryCount++;
                        r.interpreter.delay(name, "Retry", delay, r.scope);
                        continue;
                    }
                    for (Catcher catcher : catchers) {
                        if (ErrorNames.matches(catcher.errorEquals(), e, fromBranch)) {
                            ObjectNode errorOutput = Json.object();
                            errorOutput.put("Error", e.error());
                            if (e.cause() != null) {
                                errorOutput.put("Cause", e.cause());
                            }
                            JsonNode output = language.catchOutput(catcher, r.raw, errorOutput, env);
                            assignVariables(r, catcher.assign(), errorOutput, env.withErrorOutput(errorOutput));
                            return new Step(catcher.next(), output);
                        }
                    }
                    throw e;
                }
                return leave(r, env, next, effective, result, assign, output);
            }
        }
    }

    /** What a Task's Resource is, for history events (TaskScheduled vs LambdaFunctionScheduled vs ActivityScheduled). */
    public record ResourceKind(String family, String resourceType, String resource, boolean waitForTaskToken) {
        public static final String LAMBDA_FUNCTION = "lambdaFunction";
        public static final String ACTIVITY = "activity";
        public static final String SERVICE = "service";

        static ResourceKind of(String arn) {
            String[] parts = arn.split(":", -1);
            if (parts.length >= 7 && parts[2].equals("states") && parts[3].isEmpty() && parts[4].isEmpty()) {
                String action = String.join(":", java.util.Arrays.copyOfRange(parts, 6, parts.length));
                return new ResourceKind(SERVICE, parts[5], action, action.endsWith(".waitForTaskToken"));
            }
            if (parts.length >= 7 && parts[2].equals("lambda") && parts[5].equals("function")) {
                return new ResourceKind(LAMBDA_FUNCTION, "lambda", arn, false);
            }
            if (parts.length >= 7 && parts[2].equals("states") && parts[5].equals("activity")) {
                return new ResourceKind(ACTIVITY, "activity", arn, false);
            }
            return new ResourceKind(SERVICE, parts.length > 2 ? parts[2] : "unknown", arn, false);
        }
    }
}
