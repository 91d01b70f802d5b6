package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One visit of a state: its raw input, when and at which event it was entered, its history lane, scope and variables. */
final class StateRun {
    final Interpreter interpreter;
    final State state;
    final JsonNode raw;
    final Instant entered;
    final long enteredId;
    final History.Lane lane;
    final Scope scope;
    final Variables variables;

    StateRun(Interpreter interpreter, State state, JsonNode raw, Instant entered, long enteredId, History.Lane lane, Scope scope,
             Variables variables) {
        this.interpreter = interpreter;
        this.state = state;
        this.raw = raw;
        this.entered = entered;
        this.enteredId = enteredId;
        this.lane = lane;
        this.scope = scope;
        this.variables = variables;
    }

    /** The evaluation environment of this visit (a fresh context object for the given retry count, made when read). */
    Env env(int retryCount) {
        return new Env(new Env.Context(() -> interpreter.context(state, entered, retryCount)), variables, raw, null, null);
    }
}
