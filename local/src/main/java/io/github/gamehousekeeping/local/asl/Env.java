package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an expression of a state can see besides its data: the context object ({@code $$} /
 * {@code $states.context}), the variables, and for JSONata the state's input, result and error output
 * ({@code $states.input/result/errorOutput}). Immutable; the with-methods return copies.
 */
final class Env {
    final ObjectNode context;
    final Variables variables;
    final JsonNode input;
    final JsonNode result;
    final JsonNode errorOutput;

    Env(ObjectNode context, Variables variables, JsonNode input, JsonNode result, JsonNode errorOutput) {
        this.context = context;
        this.variables = variables;
        this.input = input;
        this.result = result;
        this.errorOutput = errorOutput;
    }

    /** Only a context object (no variables, no state data). */
    static Env of(JsonNode context) {
        return new Env(context instanceof ObjectNode o ? o : Json.object(), new Variables(null), null, null, null);
    }

    Env withResult(JsonNode r) {
        return new Env(context, variables, input, r, errorOutput);
    }

    Env withErrorOutput(JsonNode e) {
        return new Env(context, variables, input, result, e);
    }

    Env withContext(ObjectNode c) {
        return new Env(c, variables, input, result, errorOutput);
    }
}
