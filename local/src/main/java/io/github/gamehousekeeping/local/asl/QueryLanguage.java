package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * The query language of a state (the definition's top-level {@code QueryLanguage}, overridable per state): how the
 * state's fields are compiled and how data flows from its raw input to its output. JSONPath: InputPath, Parameters,
 * ResultSelector, ResultPath, OutputPath, paths and intrinsic functions. JSONata: Arguments and Output with
 * {@code {% %}} expressions over {@code $states}.
 */
abstract class QueryLanguage {
    static final QueryLanguage JSONPATH = new JsonPath();
    static final QueryLanguage JSONATA = new Jsonata();

    /** Fields only the other language has (AWS refuses them at validation). */
    private static final Set<String> JSONPATH_ONLY = Set.of("Parameters", "InputPath", "OutputPath", "ResultPath", "ResultSelector",
            "ItemsPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath", "TimeoutSecondsPath", "HeartbeatSecondsPath",
            "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath", "Variable");
    private static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items", "Condition");

    abstract String name();

    static QueryLanguage named(String name) {
        return switch (name) {
            case "JSONPath" -> JSONPATH;
            case "JSONata" -> JSONATA;
            default -> null;
        };
    }

    /** The validation problem when a field belongs to the other language, else null (AWS's wording). */
    String foreignField(String field) {
        boolean foreign = this == JSONATA ? JSONPATH_ONLY.contains(field) : JSONATA_ONLY.contains(field);
        if (!foreign) {
            return null;
        }
        String other = this == JSONATA ? "JSONPath" : "JSONata";
        return "The QueryLanguage is set to '" + name() + "', but field '" + field + "' is only supported for the '" + other + "' QueryLanguage";
    }

    /** Compiles a payload-like field (Parameters/Arguments, ResultSelector, ItemSelector, Assign, Output). */
    abstract Template template(JsonNode value, String field);

    /** The state's effective input: JSONPath applies InputPath; JSONata uses the raw input. */
    abstract JsonNode effectiveInput(State st, JsonNode raw, Env env);

    /**
     * The state's output from its raw input, effective input and result (null for Choice, Wait, Succeed). JSONPath:
     * ResultPath then OutputPath; JSONata: {@code output} evaluated with {@code $states.result}, else the result, else
     * the input.
     */
    abstract JsonNode output(State st, Template output, JsonNode raw, JsonNode effective, JsonNode result, Env env);

    /** The output of a state whose error a catcher caught. */
    abstract JsonNode catchOutput(State.Catcher catcher, JsonNode raw, JsonNode errorOutput, Env env);

    // ---------------------------------------------------------------------------------------------------------

    private static final class JsonPath extends QueryLanguage {
        @Override
        String name() {
            return "JSONPath";
        }

        @Override
        Template template(JsonNode value, String field) {
            return PayloadTemplate.compile(value);
        }

        @Override
        JsonNode effectiveInput(State st, JsonNode raw, Env env) {
            return select(st.inputPath, "InputPath", raw, env);
        }

        @Override
        JsonNode output(State st, Template output, JsonNode raw, JsonNode effective, JsonNode result, Env env) {
            JsonNode placed = st instanceof State.ResultState rs ? (rs.resultPath == null ? raw : Paths.place(rs.resultPath, raw, result)) : effective;
            return select(st.outputPath, "OutputPath", placed, env);
        }

        @Override
        JsonNode catchOutput(State.Catcher catcher, JsonNode raw, JsonNode errorOutput, Env env) {
            return catcher.resultPath() == null ? raw : Paths.place(catcher.resultPath(), raw, errorOutput);
        }

        private static JsonNode select(String path, String field, JsonNode data, Env env) {
            if (path == null || "$".equals(path)) {
                return data;
            }
            if (State.NULL_PATH.equals(path)) {
                return Json.object();
            }
            try {
                return Paths.read(path, data, env);
            } catch (Paths.PathNotFound e) {
                throw StatesError.runtime("Invalid path '" + path + "' : " + e.getMessage());
            }
        }
    }

    private static final class Jsonata extends QueryLanguage {
        @Override
        String name() {
            return "JSONata";
        }

        @Override
        Template template(JsonNode value, String field) {
            return JsonataTemplate.compile(value, field);
        }

        @Override
        JsonNode effectiveInput(State st, JsonNode raw, Env env) {
            return raw;
        }

        @Override
        JsonNode output(State st, Template output, JsonNode raw, JsonNode effective, JsonNode result, Env env) {
            if (output != null) {
                return output.evaluate(raw, env.withResult(result));
            }
            return result != null ? result : raw;
        }

        @Override
        JsonNode catchOutput(State.Catcher catcher, JsonNode raw, JsonNode errorOutput, Env env) {
            return catcher.output() != null ? catcher.output().evaluate(raw, env.withErrorOutput(errorOutput)) : errorOutput;
        }
    }
}
