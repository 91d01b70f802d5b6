package io.github.gamehousekeeping.local.asl;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The JSONata query language as Step Functions runs it, on com.dashjoin:jsonata: {@code $states} (input, result,
 * errorOutput, context) and the workflow variables bound for each evaluation, AWS's own functions ({@code $partition},
 * {@code $range}, {@code $hash}, {@code $random}, {@code $uuid}, {@code $parse}) and without {@code $eval}. Errors
 * are {@code States.QueryEvaluationError}.
 */
final class JsonataExpressions {
    private static final Pattern EVAL = Pattern.compile("\\$eval\\s*\\(");
    /** Compiled expressions are not safe to share across threads; each thread keeps its own. */
    private static final ThreadLocal<Map<String, Jsonata>> COMPILED = ThreadLocal.withInitial(() -> new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Jsonata> eldest) {
            return size() > 500;
        }
    });
    /** Bounds of one evaluation (runaway recursion or loops end as a QueryEvaluationError, not a crash). */
    private static final long MAX_EVALUATION_MILLIS = 10_000;
    private static final int MAX_EVALUATION_DEPTH = 300;
    private static final List<String> HASH_ALGORITHMS = List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    private JsonataExpressions() {
    }

    /** The expression of a {@code {% ... %}} string, or null when the string is not one. */
    static String expressionOf(String text) {
        String t = text.strip();
        if (t.length() >= 4 && t.startsWith("{%") && t.endsWith("%}")) {
            return t.substring(2, t.length() - 2).strip();
        }
        return null;
    }

    /** Checks an expression parses (and uses nothing AWS removes); IllegalArgumentException with the reason. */
    static void validate(String expression) {
        if (EVAL.matcher(expression).find()) {
            throw new IllegalArgumentException("the JSONata function $eval is not supported by Step Functions: " + expression);
        }
        try {
            compile(expression);
        } catch (JException e) {
            throw new IllegalArgumentException("invalid JSONata expression '" + expression + "': " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("the JSONata expression is nested too deeply");
        }
    }

    private static Jsonata compile(String expression) {
        Map<String, Jsonata> cache = COMPILED.get();
        Jsonata j = cache.get(expression);
        if (j == null) {
            j = Jsonata.jsonata(expression);
            j.setOutputConvertNulls(false);
            cache.put(expression, j);
        }
        return j;
    }

    /**
     * Evaluates an expression; returns null when it gives nothing (undefined). {@code field} names the field in
     * error causes, e.g. {@code Output/result}.
     */
    static JsonNode evaluate(String expression, String field, Env env) {
        try {
            Jsonata j = compile(expression);
            Jsonata.Frame frame = j.createFrame();
            frame.setRuntimeBounds(MAX_EVALUATION_MILLIS, MAX_EVALUATION_DEPTH);
            env.variables.visible().forEach((name, value) -> frame.bind(name, toJava(value)));
            Map<String, Object> states = new LinkedHashMap<>();
            states.put("input", toJava(env.input));
            if (env.result != null) {
                states.put("result", toJava(env.result));
            }
            if (env.errorOutput != null) {
                states.put("errorOutput", toJava(env.errorOutput));
            }
            states.put("context", toJava(env.context()));
            frame.bind("states", states);
            bindAwsFunctions(frame);
            Object out = j.evaluate(toJava(env.input), frame);
            return fromJava(out);
        } catch (StatesError e) {
            throw e;
        } catch (JException e) {
            throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The JSONata expression '" + expression + "' specified for the field '"
                    + field + "' threw an error during evaluation. " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The JSONata expression '" + Strings.abbreviate(expression)
                    + "' specified for the field '" + field + "' is nested too deeply to evaluate");
        } catch (RuntimeException e) {
            throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The JSONata expression '" + expression + "' specified for the field '"
                    + field + "' threw an error during evaluation. " + e.getMessage());
        }
    }

    private static void bindAwsFunctions(Jsonata.Frame frame) {
        frame.bind("eval", Jsonata.function("eval", (Jsonata.FnVarArgs<Object>) args -> {
            throw new JException("The function $eval is not supported by Step Functions", 0);
        }, null));
        frame.bind("partition", Jsonata.function("partition", (Jsonata.FnVarArgs<Object>) args -> {
            List<?> array = args.size() > 0 && args.get(0) instanceof List<?> l ? l : args.size() > 0 && args.get(0) != null ? List.of(args.get(0)) : null;
            int size = args.size() > 1 && args.get(1) instanceof Number n ? n.intValue() : 0;
            if (array == null || size <= 0) {
                throw new JException("$partition needs an array and a positive chunk size", 0);
            }
            List<Object> out = new Utils.JList<>();
            for (int i = 0; i < array.size(); i += size) {
                out.add(new ArrayList<>(array.subList(i, Math.min(array.size(), i + size))));
            }
            return out;
        }, null));
        frame.bind("range", Jsonata.function("range", (Jsonata.FnVarArgs<Object>) args -> {
            if (args.size() != 3 || !(args.get(0) instanceof Number) || !(args.get(1) instanceof Number) || !(args.get(2) instanceof Number)) {
                throw new JException("$range needs three numbers: start, end and step", 0);
            }
            long start = ((Number) args.get(0)).longValue();
            long end = ((Number) args.get(1)).longValue();
            long step = ((Number) args.get(2)).longValue();
            if (step == 0) {
                throw new JException("$range: step must not be 0", 0);
            }
            List<Object> out = Utils.createSequence();
            for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
                if (out.size() == 1000) {
                    throw new JException("$range: the range has more than 1000 elements", 0);
                }
                out.add(v);
            }
            return out;
        }, null));
        frame.bind("hash", Jsonata.function("hash", (Jsonata.FnVarArgs<Object>) args -> {
            if (args.size() < 1 || args.get(0) == null) {
                throw new JException("$hash needs a value to hash", 0);
            }
            Object value = args.get(0);
            String text = value instanceof String str ? str : Json.write(fromJava(value));
            String algorithm = args.size() > 1 && args.get(1) instanceof String a ? a : "SHA-256";
            if (!HASH_ALGORITHMS.contains(algorithm)) {
                throw new JException("$hash: unsupported algorithm " + algorithm + " (" + String.join(", ", HASH_ALGORITHMS) + ")", 0);
            }
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }, null));
        frame.bind("random", Jsonata.function("random", (Jsonata.FnVarArgs<Object>) args ->
                args.size() > 0 && args.get(0) instanceof Number seed ? new Random(seed.longValue()).nextDouble()
                        : ThreadLocalRandom.current().nextDouble(), null));
        frame.bind("uuid", Jsonata.function("uuid", (Jsonata.FnVarArgs<Object>) args -> UUID.randomUUID().toString(), null));
        frame.bind("parse", Jsonata.function("parse", (Jsonata.FnVarArgs<Object>) args -> {
            if (args.size() != 1 || !(args.get(0) instanceof String text)) {
                throw new JException("$parse needs a JSON string", 0);
            }
            try {
                return toJava(Json.parse(text));
            } catch (JsonProcessingException e) {
                throw new JException("$parse: not valid JSON: " + e.getOriginalMessage(), 0);
            }
        }, null));
    }

    /** AWS's name of a JSON value's type in error causes. */
    static String typeName(JsonNode v) {
        if (v == null) {
            return "undefined";
        }
        return switch (v.getNodeType()) {
            case ARRAY -> "array";
            case OBJECT -> "object";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            default -> v.getNodeType().name().toLowerCase();
        };
    }

    static Object toJava(JsonNode n) {
        if (n == null) {
            return null;
        }
        switch (n.getNodeType()) {
            case OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = n.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    m.put(e.getKey(), toJava(e.getValue()));
                }
                return m;
            }
            case ARRAY: {
                List<Object> l = new ArrayList<>(n.size());
                n.forEach(x -> l.add(toJava(x)));
                return l;
            }
            case STRING:
                return n.textValue();
            case BOOLEAN:
                return n.booleanValue();
            case NUMBER:
                if (n.isIntegralNumber() && n.canConvertToLong()) {
                    return n.longValue();
                }
                BigDecimal d = n.decimalValue();
                if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
                    return d.longValue();
                }
                return d.doubleValue();
            case NULL:
                return Jsonata.NULL_VALUE;
            default:
                return null;
        }
    }

    static JsonNode fromJava(Object o) {
        if (o == null) {
            return null;
        }
        if (o == Jsonata.NULL_VALUE) {
            return Json.NODES.nullNode();
        }
        if (o instanceof Map<?, ?> m) {
            ObjectNode obj = Json.object();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                JsonNode v = fromJava(e.getValue());
                if (v != null) {
                    obj.set(String.valueOf(e.getKey()), v);
                }
            }
            return obj;
        }
        if (o instanceof List<?> l) {
            ArrayNode arr = Json.array();
            for (Object x : l) {
                JsonNode v = fromJava(x);
                arr.add(v == null ? Json.NODES.nullNode() : v);
            }
            return arr;
        }
        if (o instanceof String s) {
            return Json.NODES.textNode(s);
        }
        if (o instanceof Boolean b) {
            return Json.NODES.booleanNode(b);
        }
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
            return Json.NODES.numberNode(((Number) o).longValue());
        }
        if (o instanceof BigInteger bi) {
            return Json.NODES.numberNode(bi);
        }
        if (o instanceof Number num) {
            double d = num.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new JException("D1001: Number out of range: " + d, 0);
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Json.NODES.numberNode((long) d);
            }
            return Json.NODES.numberNode(new BigDecimal(Double.toString(d)));
        }
        if (Utils.isFunction(o)) {
            return null;
        }
        return Json.NODES.textNode(String.valueOf(o));
    }
}
