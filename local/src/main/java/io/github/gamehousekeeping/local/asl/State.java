package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** The parsed, validated states of a definition (immutable, shared by all executions). */
public abstract class State {
    /** Sentinel for a path field set to JSON null (InputPath/OutputPath null means the empty object {}). */
    static final String NULL_PATH = "\u0000null";

    public final String name;
    public final String type;
    /** Next state name, or null when the state ends its machine (End: true, Succeed, Fail, Choice). */
    public final String next;
    public final String inputPath;
    public final String outputPath;

    State(String name, String type, String next, String inputPath, String outputPath) {
        this.name = name;
        this.type = type;
        this.next = next;
        this.inputPath = inputPath;
        this.outputPath = outputPath;
    }

    /** A retrier of a Retry field. */
    public record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
                          Integer maxDelaySeconds, boolean fullJitter) {
    }

    /** A catcher of a Catch field; resultPath null means ResultPath: null (discard the error output). */
    public record Catcher(List<String> errorEquals, String next, Paths.ReferencePath resultPath) {
    }

    /** States that compute a result and place it with ResultPath (Pass, Task, Parallel, Map). */
    public abstract static class ResultState extends State {
        /** null means ResultPath: null (discard the result). */
        public final Paths.ReferencePath resultPath;
        public final PayloadTemplate resultSelector;
        public final List<Retrier> retriers;
        public final List<Catcher> catchers;

        ResultState(String name, String type, String next, String inputPath, String outputPath,
                    Paths.ReferencePath resultPath, PayloadTemplate resultSelector, List<Retrier> retriers, List<Catcher> catchers) {
            super(name, type, next, inputPath, outputPath);
            this.resultPath = resultPath;
            this.resultSelector = resultSelector;
            this.retriers = List.copyOf(retriers);
            this.catchers = List.copyOf(catchers);
        }
    }

    public static final class Pass extends ResultState {
        public final JsonNode result;
        public final PayloadTemplate parameters;

        Pass(String name, String next, String inputPath, String outputPath, Paths.ReferencePath resultPath,
             JsonNode result, PayloadTemplate parameters) {
            super(name, "Pass", next, inputPath, outputPath, resultPath, null, List.of(), List.of());
            this.result = result;
            this.parameters = parameters;
        }
    }

    public static final class Task extends ResultState {
        public final String resource;
        public final PayloadTemplate parameters;
        public final Integer timeoutSeconds;
        public final String timeoutSecondsPath;
        public final Integer heartbeatSeconds;
        public final String heartbeatSecondsPath;
        public final ResourceKind kind;

        Task(String name, String next, String inputPath, String outputPath, Paths.ReferencePath resultPath,
             PayloadTemplate resultSelector, List<Retrier> retriers, List<Catcher> catchers, String resource,
             PayloadTemplate parameters, Integer timeoutSeconds, String timeoutSecondsPath, Integer heartbeatSeconds,
             String heartbeatSecondsPath) {
            super(name, "Task", next, inputPath, outputPath, resultPath, resultSelector, retriers, catchers);
            this.resource = resource;
            this.parameters = parameters;
            this.timeoutSeconds = timeoutSeconds;
            this.timeoutSecondsPath = timeoutSecondsPath;
            this.heartbeatSeconds = heartbeatSeconds;
            this.heartbeatSecondsPath = heartbeatSecondsPath;
            this.kind = ResourceKind.of(resource);
        }
    }

    public static final class Parallel extends ResultState {
        public final List<Machine> branches;
        public final PayloadTemplate parameters;

        Parallel(String name, String next, String inputPath, String outputPath, Paths.ReferencePath resultPath,
                 PayloadTemplate resultSelector, List<Retrier> retriers, List<Catcher> catchers, List<Machine> branches,
                 PayloadTemplate parameters) {
            super(name, "Parallel", next, inputPath, outputPath, resultPath, resultSelector, retriers, catchers);
            this.branches = List.copyOf(branches);
            this.parameters = parameters;
        }
    }

    public static final class MapState extends ResultState {
        public final String itemsPath;
        public final PayloadTemplate itemSelector;
        public final Machine processor;
        public final int maxConcurrency;
        public final String maxConcurrencyPath;

        MapState(String name, String next, String inputPath, String outputPath, Paths.ReferencePath resultPath,
                 PayloadTemplate resultSelector, List<Retrier> retriers, List<Catcher> catchers, String itemsPath,
                 PayloadTemplate itemSelector, Machine processor, int maxConcurrency, String maxConcurrencyPath) {
            super(name, "Map", next, inputPath, outputPath, resultPath, resultSelector, retriers, catchers);
            this.itemsPath = itemsPath;
            this.itemSelector = itemSelector;
            this.processor = processor;
            this.maxConcurrency = maxConcurrency;
            this.maxConcurrencyPath = maxConcurrencyPath;
        }
    }

    public static final class Choice extends State {
        public final List<ChoiceRule> choices;
        public final String defaultNext;

        Choice(String name, String inputPath, String outputPath, List<ChoiceRule> choices, String defaultNext) {
            super(name, "Choice", null, inputPath, outputPath);
            this.choices = List.copyOf(choices);
            this.defaultNext = defaultNext;
        }
    }

    public static final class Wait extends State {
        public final Long seconds;
        public final String secondsPath;
        public final String timestamp;
        public final String timestampPath;

        Wait(String name, String next, String inputPath, String outputPath, Long seconds, String secondsPath,
             String timestamp, String timestampPath) {
            super(name, "Wait", next, inputPath, outputPath);
            this.seconds = seconds;
            this.secondsPath = secondsPath;
            this.timestamp = timestamp;
            this.timestampPath = timestampPath;
        }
    }

    public static final class Succeed extends State {
        Succeed(String name, String inputPath, String outputPath) {
            super(name, "Succeed", null, inputPath, outputPath);
        }
    }

    public static final class Fail extends State {
        public final String error;
        public final String errorPath;
        public final String cause;
        public final String causePath;

        Fail(String name, String error, String errorPath, String cause, String causePath) {
            super(name, "Fail", null, "$", "$");
            this.error = error;
            this.errorPath = errorPath;
            this.cause = cause;
            this.causePath = causePath;
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
