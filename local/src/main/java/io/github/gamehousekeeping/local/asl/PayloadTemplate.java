package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A compiled payload template (Parameters, ResultSelector, ItemSelector): fields whose name ends in {@code .$} take
 * the value of a path, a context path or an intrinsic function call; other values are copied. Compiled once when the
 * definition is parsed.
 */
public final class PayloadTemplate implements Template {
    private sealed interface Part permits Constant, Obj, Arr {
    }

    private record Constant(JsonNode value) implements Part {
    }

    private record Field(String name, String sourceKey, Part part, String path, Intrinsics.Call call) {
    }

    private record Obj(List<Field> fields) implements Part {
    }

    private record Arr(List<Part> items) implements Part {
    }

    private final Part root;

    private PayloadTemplate(Part root) {
        this.root = root;
    }

    /** Compiles a template; IllegalArgumentException naming the offending field if a {@code .$} value is invalid. */
    public static PayloadTemplate compile(JsonNode template) {
        return new PayloadTemplate(part(template));
    }

    private static Part part(JsonNode node) {
        if (node.isObject()) {
            List<Field> fields = new ArrayList<>();
            boolean dynamic = false;
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                if (key.endsWith(".$") && key.length() > 2) {
                    dynamic = true;
                    String name = key.substring(0, key.length() - 2);
                    JsonNode v = e.getValue();
                    if (!v.isTextual()) {
                        throw new IllegalArgumentException("the value of field \"" + key + "\" must be a path or an intrinsic function (a string)");
                    }
                    String text = v.textValue().trim();
                    if (text.startsWith("$")) {
                        try {
                            Paths.check(text);
                        } catch (IllegalArgumentException ex) {
                            throw new IllegalArgumentException("field \"" + key + "\": " + ex.getMessage());
                        }
                        fields.add(new Field(name, key, null, text, null));
                    } else if (Intrinsics.looksLikeCall(text)) {
                        try {
                            fields.add(new Field(name, key, null, null, Intrinsics.parse(text)));
                        } catch (IllegalArgumentException ex) {
                            throw new IllegalArgumentException("field \"" + key + "\": " + ex.getMessage());
                        }
                    } else {
                        throw new IllegalArgumentException("field \"" + key + "\": \"" + text + "\" is neither a path ($...) nor an intrinsic function (States.*)");
                    }
                } else {
                    Part p = part(e.getValue());
                    dynamic |= !(p instanceof Constant);
                    fields.add(new Field(key, key, p, null, null));
                }
            }
            return dynamic ? new Obj(List.copyOf(fields)) : new Constant(node);
        }
        if (node.isArray()) {
            List<Part> items = new ArrayList<>();
            boolean dynamic = false;
            for (JsonNode item : node) {
                Part p = part(item);
                dynamic |= !(p instanceof Constant);
                items.add(p);
            }
            return dynamic ? new Arr(List.copyOf(items)) : new Constant(node);
        }
        return new Constant(node);
    }

    /** Evaluates the template against the state data and the context object. */
    public JsonNode evaluate(JsonNode data, JsonNode context) {
        return eval(root, data, Env.of(context));
    }

    @Override
    public JsonNode evaluate(JsonNode data, Env env) {
        return eval(root, data, env);
    }

    private static JsonNode eval(Part part, JsonNode data, Env context) {
        if (part instanceof Constant c) {
            return c.value();
        }
        if (part instanceof Arr arr) {
            ArrayNode out = Json.array();
            for (Part p : arr.items()) {
                out.add(eval(p, data, context));
            }
            return out;
        }
        ObjectNode out = Json.object();
        for (Field f : ((Obj) part).fields()) {
            if (f.part() != null) {
                out.set(f.name(), eval(f.part(), data, context));
            } else if (f.path() != null) {
                try {
                    out.set(f.name(), Paths.read(f.path(), data, context));
                } catch (Paths.PathNotFound e) {
                    JsonNode source = f.path().startsWith("$$") ? context.context() : data;
                    throw StatesError.runtime("The JSONPath '" + f.path() + "' specified for the field '" + f.sourceKey()
                            + "' could not be found in the input '" + Strings.abbreviate(Json.write(source)) + "'");
                }
            } else {
                out.set(f.name(), Intrinsics.evaluate(f.call(), data, context));
            }
        }
        return out;
    }
}
