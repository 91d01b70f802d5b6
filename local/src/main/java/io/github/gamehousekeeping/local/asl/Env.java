package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Supplier;

/**
 * What an expression of a state can see besides its data: the context object ({@code $$} /
 * {@code $states.context}), the variables, and for JSONata the state's input, result and error output
 * ({@code $states.input/result/errorOutput}). Immutable; the with-methods return copies, which share the context
 * object. The context object is made when first read (most states never read it).
 */
final class Env {
    /** The context object, made once on first use; shared by an Env and its copies. */
    static final class Context {
        private Supplier<ObjectNode> source;
        private ObjectNode value;

        Context(Supplier<ObjectNode> source) {
            this.source = source;
        }

        Context(ObjectNode value) {
            this.value = value;
        }

        synchronized ObjectNode get() {
            if (value == null) {
                value = source.get();
                source = null;
            }
            return value;
        }
    }

    private final Context context;
    final Variables variables;
    final JsonNode input;
    final JsonNode result;
    final JsonNode errorOutput;

    Env(Context context, Variables variables, JsonNode input, JsonNode result, JsonNode errorOutput) {
        this.context = context;
        this.variables = variables;
        this.input = input;
        this.result = result;
        this.errorOutput = errorOutput;
    }

    /** Only a context object (no variables, no state data). */
    static Env of(JsonNode context) {
        return new Env(new Context(context instanceof ObjectNode o ? o : Json.object()), new Variables(null), null, null, null);
    }

    /** The context object ($$). */
    ObjectNode context() {
        return context.get();
    }

    /** The context object, to be read later (for a Task's invocation). */
    Supplier<ObjectNode> contextSupplier() {
        return context::get;
    }

    Env withResult(JsonNode r) {
        return new Env(context, variables, input, r, errorOutput);
    }

    Env withErrorOutput(JsonNode e) {
        return new Env(context, variables, input, result, e);
    }

    Env withContext(ObjectNode c) {
        return new Env(new Context(c), variables, input, result, errorOutput);
    }
}
