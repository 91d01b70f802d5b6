package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** Succeed: ends its machine with its (filtered) input. */
public final class SucceedState extends State {
    SucceedState(Common c) {
        super(c, "Succeed");
    }

    @Override
    Step run(StateRun r) {
        Env env = r.env(0);
        JsonNode effective = language.effectiveInput(this, r.raw, env);
        return leave(r, env, null, effective, null, null, output);
    }
}
