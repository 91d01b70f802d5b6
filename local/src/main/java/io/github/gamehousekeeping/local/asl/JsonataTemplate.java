package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A field of a JSONata state: any JSON value in which strings of the form {@code {% expression %}} are evaluated
 * (at any depth); everything else is a constant. Compiled (and the expressions checked) when the definition is parsed.
 */
final class JsonataTemplate implements Template {
    private sealed interface Part permits Constant, Expression, Obj, Arr {
    }

    private record Constant(JsonNode value) implements Part {
    }

    private record Expression(String text, String field) implements Part {
    }

    private record Obj(List<String> names, List<Part> parts) implements Part {
    }

    private record Arr(List<Part> items) implements Part {
    }

    private final Part root;

    private JsonataTemplate(Part root) {
        this.root = root;
    }

    /** Compiles a field; IllegalArgumentException naming the problem for an invalid expression. */
    static JsonataTemplate compile(JsonNode value, String field) {
        return new JsonataTemplate(part(value, field));
    }

    /** The expression when the whole field is one {@code {% %}} string, else null. */
    String expressionText() {
        return root instanceof Expression e ? e.text() : null;
    }

    private static Part part(JsonNode node, String field) {
        if (node.isTextual()) {
            String expression = JsonataExpressions.expressionOf(node.textValue());
            if (expression == null) {
                return new Constant(node);
            }
            JsonataExpressions.validate(expression);
            return new Expression(expression, field);
        }
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            List<Part> parts = new ArrayList<>();
            boolean dynamic = false;
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Part p = part(e.getValue(), field + "/" + e.getKey());
                dynamic |= !(p instanceof Constant);
                names.add(e.getKey());
                parts.add(p);
            }
            return dynamic ? new Obj(List.copyOf(names), List.copyOf(parts)) : new Constant(node);
        }
        if (node.isArray()) {
            List<Part> items = new ArrayList<>();
            boolean dynamic = false;
            for (int i = 0; i < node.size(); i++) {
                Part p = part(node.get(i), field + "/" + i);
                dynamic |= !(p instanceof Constant);
                items.add(p);
            }
            return dynamic ? new Arr(List.copyOf(items)) : new Constant(node);
        }
        return new Constant(node);
    }

    @Override
    public JsonNode evaluate(JsonNode data, Env env) {
        return eval(root, env);
    }

    private static JsonNode eval(Part part, Env env) {
        if (part instanceof Constant c) {
            return c.value();
        }
        if (part instanceof Expression e) {
            JsonNode v = JsonataExpressions.evaluate(e.text(), e.field(), env);
            if (v == null) {
                throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The JSONata expression '" + e.text()
                        + "' specified for the field '" + e.field() + "' returned nothing (undefined).");
            }
            return v;
        }
        if (part instanceof Arr arr) {
            ArrayNode out = Json.array();
            for (Part p : arr.items()) {
                out.add(eval(p, env));
            }
            return out;
        }
        Obj obj = (Obj) part;
        ObjectNode out = Json.object();
        for (int i = 0; i < obj.names().size(); i++) {
            out.set(obj.names().get(i), eval(obj.parts().get(i), env));
        }
        return out;
    }
}
