package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** Fail: ends the execution (or the branch) with an error and a cause, constant or computed. */
public final class FailState extends State {
    /** Each null when absent; {@code errorField}/{@code causeField} name the field that computes them. */
    final Template error;
    final String errorField;
    final Template cause;
    final String causeField;

    FailState(Common c, Template error, String errorField, Template cause, String causeField) {
        super(c, "Fail");
        this.error = error;
        this.errorField = errorField;
        this.cause = cause;
        this.causeField = causeField;
    }

    @Override
    Step run(StateRun r) {
        Env env = r.env(0);
        throw new StatesError(text(error, errorField, r.raw, env), text(cause, causeField, r.raw, env));
    }

    private String text(Template t, String field, JsonNode data, Env env) {
        if (t == null) {
            return null;
        }
        JsonNode v = t.evaluate(data, env);
        if (!v.isTextual()) {
            if (language == QueryLanguage.JSONATA) {
                throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The JSONata expression for the field '" + field
                        + "' returned an unexpected result type. Expected 'string', but was '" + JsonataExpressions.typeName(v)
                        + "' for value: " + Json.write(v));
            }
            throw StatesError.runtime("The " + field + " must select a string, got " + Strings.abbreviate(Json.write(v)));
        }
        return v.textValue();
    }
}
