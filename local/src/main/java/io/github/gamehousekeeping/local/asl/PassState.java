package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Pass: its result is Result, else Parameters evaluated, else its effective input (JSONata: Output, else its input). */
public final class PassState extends State.ResultState {
    public final JsonNode result;
    final Template parameters;

    PassState(Common c, Paths.ReferencePath resultPath, JsonNode result, Template parameters) {
        super(c, "Pass", resultPath, null, List.of(), List.of());
        this.result = result;
        this.parameters = parameters;
    }

    @Override
    boolean hasRetryCount() {
        return false;
    }

    @Override
    JsonNode attempt(StateRun r, JsonNode effective, Env env, int attempt) {
        throw new UnsupportedOperationException();
    }

    @Override
    Step run(StateRun r) {
        Env env = r.env(0);
        JsonNode effective = language.effectiveInput(this, r.raw, env);
        JsonNode res = language == QueryLanguage.JSONATA ? null
                : result != null ? result : parameters != null ? parameters.evaluate(effective, env) : effective;
        return leave(r, env, next, effective, res, assign, output);
    }
}
