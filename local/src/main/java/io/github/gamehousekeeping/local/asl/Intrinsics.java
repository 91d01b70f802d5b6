package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Intrinsic functions ({@code States.Format(...)}, ...): a parser for the expression language (nested calls, string
 * literals in single quotes with backslash escapes, numbers, true/false/null, JSONPaths and context paths) and the
 * evaluator of every function. Parse errors are definition errors; evaluation errors are
 * {@code States.IntrinsicFailure} (or {@code States.Runtime} when a path argument selects nothing).
 */
public final class Intrinsics {
    private static final int MAX_ARRAY_RANGE = 1000;
    private static final int MAX_BASE64_INPUT = 10_000;
    /** Deeper nesting is refused at validation (parsing and evaluation recurse once per level). */
    static final int MAX_NESTING = 100;

    private Intrinsics() {
    }

    /** An argument or a call. */
    public sealed interface Expr permits Call, Literal, PathArg {
    }

    /** A function call. */
    public record Call(String name, List<Expr> args, String text) implements Expr {
    }

    /**
     * A literal: value, and for string literals the template parts for States.Format (a String piece or
     * {@link #PLACEHOLDER}; escaped braces are plain text).
     */
    public record Literal(JsonNode value, List<Object> templateParts) implements Expr {
    }

    /** A JSONPath ({@code $...}) or context path ({@code $$...}) argument. */
    public record PathArg(String path) implements Expr {
    }

    static final Object PLACEHOLDER = new Object();

    /** True when a payload-template value should be treated as an intrinsic function call. */
    public static boolean looksLikeCall(String text) {
        return text.trim().startsWith("States.");
    }

    /** Parses a whole intrinsic expression; IllegalArgumentException describing the problem if invalid. */
    public static Call parse(String text) {
        Parser p = new Parser(text);
        p.skipSpaces();
        Expr e = p.expression();
        p.skipSpaces();
        if (!p.atEnd()) {
            throw p.error("unexpected text after the call");
        }
        if (!(e instanceof Call call)) {
            throw new IllegalArgumentException("intrinsic expression " + text + " is not a function call");
        }
        return call;
    }

    private static final class Parser {
        private final String s;
        private int i;
        private int depth;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        void skipSpaces() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        IllegalArgumentException error(String what) {
            String text = s.length() > 200 ? s.substring(0, 200) + "..." : s;
            return new IllegalArgumentException("invalid intrinsic function " + text + ": " + what + " at position " + i);
        }

        Expr expression() {
            skipSpaces();
            if (atEnd()) {
                throw error("missing argument");
            }
            char c = s.charAt(i);
            if (c == '\'') {
                return string();
            }
            if (c == '$') {
                return path();
            }
            if (c == '-' || Character.isDigit(c)) {
                return number();
            }
            if (s.startsWith("States.", i)) {
                return call();
            }
            for (String word : new String[]{"true", "false", "null"}) {
                if (s.startsWith(word, i) && !identifierAt(i + word.length())) {
                    i += word.length();
                    return new Literal(Json.parseUnchecked(word), null);
                }
            }
            throw error("unexpected '" + c + "'");
        }

        private boolean identifierAt(int pos) {
            return pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_');
        }

        Call call() {
            if (++depth > MAX_NESTING) {
                throw error("intrinsic functions nested more than " + MAX_NESTING + " deep");
            }
            int start = i;
            i += "States.".length();
            int nameStart = i;
            while (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
                i++;
            }
            String name = "States." + s.substring(nameStart, i);
            skipSpaces();
            if (atEnd() || s.charAt(i) != '(') {
                throw error("expected '(' after " + name);
            }
            i++;
            List<Expr> args = new ArrayList<>();
            skipSpaces();
            if (!atEnd() && s.charAt(i) == ')') {
                i++;
            } else {
                while (true) {
                    args.add(expression());
                    skipSpaces();
                    if (atEnd()) {
                        throw error("missing ')' for " + name);
                    }
                    char c = s.charAt(i);
                    if (c == ',') {
                        i++;
                    } else if (c == ')') {
                        i++;
                        break;
                    } else {
                        throw error("expected ',' or ')'");
                    }
                }
            }
            checkArity(name, args.size());
            depth--;
            return new Call(name, List.copyOf(args), s.substring(start, i));
        }

        Literal string() {
            i++; // opening quote
            StringBuilder value = new StringBuilder();
            StringBuilder piece = new StringBuilder();
            List<Object> parts = new ArrayList<>();
            while (true) {
                if (atEnd()) {
                    throw error("unterminated string literal");
                }
                char c = s.charAt(i++);
                if (c == '\\') {
                    if (atEnd()) {
                        throw error("dangling escape");
                    }
                    char e = s.charAt(i++);
                    value.append(e);
                    piece.append(e);
                } else if (c == '\'') {
                    break;
                } else if (c == '{' && i < s.length() && s.charAt(i) == '}') {
                    i++;
                    value.append("{}");
                    if (piece.length() > 0) {
                        parts.add(piece.toString());
                        piece.setLength(0);
                    }
                    parts.add(PLACEHOLDER);
                } else {
                    value.append(c);
                    piece.append(c);
                }
            }
            if (piece.length() > 0) {
                parts.add(piece.toString());
            }
            return new Literal(Json.NODES.textNode(value.toString()), List.copyOf(parts));
        }

        Literal number() {
            int start = i;
            if (s.charAt(i) == '-') {
                i++;
            }
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || ".eE+-".indexOf(s.charAt(i)) >= 0)) {
                i++;
            }
            String token = s.substring(start, i);
            try {
                JsonNode n = Json.parse(token);
                if (!n.isNumber()) {
                    throw error("invalid number " + token);
                }
                return new Literal(n, null);
            } catch (JsonProcessingException e) {
                throw error("invalid number " + token);
            }
        }

        PathArg path() {
            int start = i;
            int depth = 0;
            char quote = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    if (depth > 0) {
                        quote = c;
                    }
                } else if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || c == ')') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    break;
                }
                i++;
            }
            String path = s.substring(start, i).trim();
            try {
                Paths.check(path);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
            return new PathArg(path);
        }
    }

    private static void checkArity(String name, int n) {
        Function f = FUNCTIONS.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown intrinsic function " + name);
        }
        if (n < f.min() || n > f.max()) {
            String expected = f.min() == f.max() ? String.valueOf(f.min()) : f.max() == Integer.MAX_VALUE ? "at least " + f.min() : f.min() + " to " + f.max();
            throw new IllegalArgumentException(name + " takes " + expected + " argument(s), got " + n);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Evaluates a call against the state data ({@code $}) and the context object ({@code $$}). */
    public static JsonNode evaluate(Call call, JsonNode data, JsonNode context) {
        return evaluate(call, data, Env.of(context));
    }

    /** Evaluates a call against the state data ({@code $}), the context object ({@code $$}) and the variables. */
    static JsonNode evaluate(Call call, JsonNode data, Env context) {
        List<JsonNode> args = new ArrayList<>(call.args().size());
        for (Expr arg : call.args()) {
            args.add(value(arg, data, context));
        }
        try {
            return apply(call, args);
        } catch (StatesError e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(call, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static JsonNode value(Expr arg, JsonNode data, Env context) {
        if (arg instanceof Literal lit) {
            return lit.value();
        }
        if (arg instanceof PathArg p) {
            try {
                return Paths.read(p.path(), data, context);
            } catch (Paths.PathNotFound e) {
                throw StatesError.runtime("The JsonPath argument " + p.path() + " of an intrinsic function could not be found in the input '"
                        + Strings.abbreviate(Json.write(p.path().startsWith("$$") ? context.context() : data)) + "'");
            }
        }
        return evaluate((Call) arg, data, context);
    }

    private static StatesError failure(Call call, String message) {
        return new StatesError(ErrorNames.INTRINSIC_FAILURE, "Invalid arguments in " + call.text() + ": " + message);
    }

    /** An intrinsic function: its name, arity and implementation, defined once. */
    private record Function(String name, int min, int max, Impl impl) {
    }

    @FunctionalInterface
    private interface Impl {
        JsonNode apply(Call call, List<JsonNode> a);
    }

    private static final int MANY = Integer.MAX_VALUE;
    private static final Map<String, Function> FUNCTIONS = new java.util.LinkedHashMap<>();

    private static void define(String name, int min, int max, Impl impl) {
        FUNCTIONS.put(name, new Function(name, min, max, impl));
    }

    static {
        define("States.Format", 1, MANY, Intrinsics::format);
        define("States.StringToJson", 1, 1, (call, a) -> {
            String text = string(a.get(0), "argument");
            try {
                return Json.parse(text);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
            }
        });
        define("States.JsonToString", 1, 1, (call, a) -> Json.NODES.textNode(Json.write(a.get(0))));
        define("States.Array", 0, MANY, (call, a) -> {
            ArrayNode out = Json.array();
            a.forEach(out::add);
            return out;
        });
        define("States.ArrayPartition", 2, 2, (call, a) -> {
            ArrayNode array = array(a.get(0));
            int size = integer(a.get(1), "chunk size");
            if (size <= 0) {
                throw new IllegalArgumentException("chunk size must be greater than 0, got " + size);
            }
            ArrayNode out = Json.array();
            ArrayNode chunk = null;
            for (JsonNode item : array) {
                if (chunk == null || chunk.size() == size) {
                    chunk = out.addArray();
                }
                chunk.add(item);
            }
            return out;
        });
        define("States.ArrayContains", 2, 2, (call, a) -> {
            for (JsonNode item : array(a.get(0))) {
                if (Json.equivalent(item, a.get(1))) {
                    return Json.NODES.booleanNode(true);
                }
            }
            return Json.NODES.booleanNode(false);
        });
        define("States.ArrayRange", 3, 3, (call, a) -> {
            long start = integer(a.get(0), "start");
            long end = integer(a.get(1), "end");
            long step = integer(a.get(2), "step");
            if (step == 0) {
                throw new IllegalArgumentException("step must not be 0");
            }
            ArrayNode out = Json.array();
            for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
                if (out.size() == MAX_ARRAY_RANGE) {
                    throw new IllegalArgumentException("the range has more than " + MAX_ARRAY_RANGE + " elements");
                }
                out.add(Json.number(BigDecimal.valueOf(v)));
            }
            return out;
        });
        define("States.ArrayGetItem", 2, 2, (call, a) -> {
            ArrayNode array = array(a.get(0));
            int index = integer(a.get(1), "index");
            if (index < 0 || index >= array.size()) {
                throw new IllegalArgumentException("index " + index + " is out of bounds (array length " + array.size() + ")");
            }
            return array.get(index);
        });
        define("States.ArrayLength", 1, 1, (call, a) -> Json.NODES.numberNode(array(a.get(0)).size()));
        define("States.ArrayUnique", 1, 1, (call, a) -> {
            ArrayNode out = Json.array();
            outer:
            for (JsonNode item : array(a.get(0))) {
                for (JsonNode seen : out) {
                    if (Json.equivalent(seen, item)) {
                        continue outer;
                    }
                }
                out.add(item);
            }
            return out;
        });
        define("States.Base64Encode", 1, 1, (call, a) -> {
            String text = string(a.get(0), "argument");
            if (text.length() > MAX_BASE64_INPUT) {
                throw new IllegalArgumentException("input longer than " + MAX_BASE64_INPUT + " characters");
            }
            return Json.NODES.textNode(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        });
        define("States.Base64Decode", 1, 1, (call, a) -> {
            String text = string(a.get(0), "argument");
            if (text.length() > MAX_BASE64_INPUT) {
                throw new IllegalArgumentException("input longer than " + MAX_BASE64_INPUT + " characters");
            }
            return Json.NODES.textNode(new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8));
        });
        define("States.Hash", 2, 2, (call, a) -> {
            JsonNode data = a.get(0);
            if (data.isNull()) {
                throw new IllegalArgumentException("the data to hash is null");
            }
            String text = data.isTextual() ? data.textValue() : Json.write(data);
            String algorithm = string(a.get(1), "algorithm");
            if (!List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(algorithm)) {
                throw new IllegalArgumentException("unsupported hash algorithm " + algorithm + " (MD5, SHA-1, SHA-256, SHA-384, SHA-512)");
            }
            try {
                byte[] digest = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
                return Json.NODES.textNode(HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
        define("States.JsonMerge", 3, 3, (call, a) -> {
            if (!a.get(0).isObject() || !a.get(1).isObject()) {
                throw new IllegalArgumentException("both values to merge must be JSON objects");
            }
            if (!a.get(2).isBoolean()) {
                throw new IllegalArgumentException("the deep-merge flag must be a boolean");
            }
            if (a.get(2).booleanValue()) {
                throw new IllegalArgumentException("deep merge (true) is not supported; use false for a shallow merge");
            }
            ObjectNode out = ((ObjectNode) a.get(0)).deepCopy();
            Iterator<Map.Entry<String, JsonNode>> it = a.get(1).fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), e.getValue());
            }
            return out;
        });
        define("States.MathRandom", 2, 3, (call, a) -> {
            long start = integer(a.get(0), "start");
            long end = integer(a.get(1), "end");
            if (end <= start) {
                throw new IllegalArgumentException("end must be greater than start");
            }
            long value = a.size() == 3
                    ? start + (long) Math.floor(new Random(integer(a.get(2), "seed")).nextDouble() * (end - start))
                    : ThreadLocalRandom.current().nextLong(start, end);
            return Json.number(BigDecimal.valueOf(value));
        });
        define("States.MathAdd", 2, 2, (call, a) -> {
            // AWS rounds each operand to an integer (half up) before adding: MathAdd(1.49, 1.5) is 3.
            long x = Math.round(number(a.get(0), "first operand").doubleValue());
            long y = Math.round(number(a.get(1), "second operand").doubleValue());
            return Json.number(BigDecimal.valueOf(x).add(BigDecimal.valueOf(y)));
        });
        define("States.StringSplit", 2, 2, (call, a) -> {
            String text = string(a.get(0), "string");
            String delimiters = string(a.get(1), "delimiter");
            ArrayNode out = Json.array();
            StringBuilder token = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (delimiters.indexOf(c) >= 0) {
                    if (token.length() > 0) {
                        out.add(token.toString());
                        token.setLength(0);
                    }
                } else {
                    token.append(c);
                }
            }
            if (token.length() > 0) {
                out.add(token.toString());
            }
            return out;
        });
        define("States.UUID", 0, 0, (call, a) -> Json.NODES.textNode(UUID.randomUUID().toString()));
    }

    private static JsonNode apply(Call call, List<JsonNode> a) {
        return FUNCTIONS.get(call.name()).impl().apply(call, a);
    }

    private static JsonNode format(Call call, List<JsonNode> a) {
        Expr first = call.args().get(0);
        List<Object> parts;
        if (first instanceof Literal lit && lit.templateParts() != null) {
            parts = lit.templateParts();
        } else {
            String template = string(a.get(0), "template");
            parts = new ArrayList<>();
            int idx = 0;
            int p;
            while ((p = template.indexOf("{}", idx)) >= 0) {
                if (p > idx) {
                    parts.add(template.substring(idx, p));
                }
                parts.add(PLACEHOLDER);
                idx = p + 2;
            }
            if (idx < template.length()) {
                parts.add(template.substring(idx));
            }
        }
        long placeholders = parts.stream().filter(x -> x == PLACEHOLDER).count();
        if (placeholders != a.size() - 1) {
            throw new IllegalArgumentException("the template has " + placeholders + " placeholder(s) but " + (a.size() - 1) + " value(s) were given");
        }
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (Object part : parts) {
            if (part == PLACEHOLDER) {
                JsonNode v = a.get(next++);
                out.append(javaText(v));
            } else {
                out.append((String) part);
            }
        }
        return Json.NODES.textNode(out.toString());
    }

    /** How AWS's States.Format prints a value: strings raw, objects as {k=v, ...}, arrays as [a, b]. */
    private static String javaText(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isObject()) {
            StringBuilder b = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                b.append(e.getKey()).append('=').append(javaText(e.getValue()));
                if (it.hasNext()) {
                    b.append(", ");
                }
            }
            return b.append('}').toString();
        }
        if (v.isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < v.size(); i++) {
                b.append(i > 0 ? ", " : "").append(javaText(v.get(i)));
            }
            return b.append(']').toString();
        }
        return v.isNull() ? "null" : Json.write(v);
    }

    private static String string(JsonNode n, String what) {
        if (!n.isTextual()) {
            throw new IllegalArgumentException("the " + what + " must be a string, got " + Json.write(n));
        }
        return n.textValue();
    }

    private static ArrayNode array(JsonNode n) {
        if (!n.isArray()) {
            throw new IllegalArgumentException("expected an array, got " + Strings.abbreviate(Json.write(n)));
        }
        return (ArrayNode) n;
    }

    private static BigDecimal number(JsonNode n, String what) {
        if (!n.isNumber()) {
            throw new IllegalArgumentException("the " + what + " must be a number, got " + Json.write(n));
        }
        return n.decimalValue();
    }

    private static int integer(JsonNode n, String what) {
        BigDecimal d = number(n, what);
        try {
            return d.stripTrailingZeros().scale() <= 0 ? d.intValueExact() : failInt(what, n);
        } catch (ArithmeticException e) {
            return failInt(what, n);
        }
    }

    private static int failInt(String what, JsonNode n) {
        throw new IllegalArgumentException("the " + what + " must be an integer, got " + Json.write(n));
    }
}
