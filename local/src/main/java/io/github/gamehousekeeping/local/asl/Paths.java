package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSONPath evaluation with Jayway json-path over Jackson trees. A path starting with {@code $$} reads the context
 * object, one starting with {@code $} the state's data. A definite path that selects nothing throws
 * {@link PathNotFound}; the caller turns that into the error AWS reports (mostly {@code States.Runtime}).
 */
public final class Paths {
    private static final Configuration CONF = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .options(EnumSet.noneOf(com.jayway.jsonpath.Option.class))
            .build();
    private static final ConcurrentHashMap<String, JsonPath> CACHE = new ConcurrentHashMap<>();
    /** Longer paths are refused at validation (the path compiler recurses once per segment). */
    static final int MAX_SEGMENTS = 1000;

    private Paths() {
    }

    /** Thrown when a path selects nothing. */
    public static final class PathNotFound extends Exception {
        public PathNotFound(String path, String detail) {
            super(detail == null ? "Path " + path + " selects nothing" : detail, null, false, false);
        }
    }

    /** True for a syntactically valid JSONPath ({@code $...} or a context path {@code $$...}). */
    public static boolean isValid(String path) {
        if (path == null || !path.startsWith("$")) {
            return false;
        }
        try {
            compile(path);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Throws IllegalArgumentException with Jayway's message for an invalid path. */
    public static void check(String path) {
        if (path == null || !path.startsWith("$")) {
            throw new IllegalArgumentException("a path must start with $ (got " + path + ")");
        }
        int segments = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.' || c == '[') {
                segments++;
            }
        }
        if (segments > MAX_SEGMENTS) {
            throw new IllegalArgumentException("the path has " + segments + " segments, more than the " + MAX_SEGMENTS + " this engine accepts");
        }
        try {
            compile(path);
        } catch (JsonPathException | IllegalArgumentException | StackOverflowError e) {
            throw new IllegalArgumentException("invalid JSONPath " + abbreviate(path) + ": " + e.getMessage());
        }
    }

    private static String abbreviate(String path) {
        return path.length() > 200 ? path.substring(0, 200) + "..." : path;
    }

    /** The variable name of a variable path ({@code $name}, {@code $name.field}), or null for {@code $}/{@code $$} paths. */
    static String variableName(String path) {
        if (path.length() < 2 || !(Character.isLetter(path.charAt(1)) || path.charAt(1) == '_')) {
            return null;
        }
        int end = 1;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
            end++;
        }
        return path.substring(1, end);
    }

    private static JsonPath compile(String path) {
        String variable = variableName(path);
        String own = variable != null ? "$" + path.substring(1 + variable.length()) : path.startsWith("$$") ? path.substring(1) : path;
        JsonPath compiled = CACHE.get(own);
        if (compiled == null) {
            compiled = JsonPath.compile(own);
            if (CACHE.size() < 10_000) {
                CACHE.put(own, compiled);
            }
        }
        return compiled;
    }

    /** Reads a path from the data ({@code $...}) or the context object ({@code $$...}). */
    public static JsonNode read(String path, JsonNode data, JsonNode context) throws PathNotFound {
        return read(path, data, Env.of(context));
    }

    /**
     * Reads a path from the data ({@code $...}), the context object ({@code $$...}) or a variable ({@code $name...}).
     * An indefinite path (wildcard, slice, filter) over a missing array selects the empty array, as on AWS.
     */
    static JsonNode read(String path, JsonNode data, Env env) throws PathNotFound {
        String variable = variableName(path);
        JsonNode root;
        if (variable != null) {
            root = env.variables.get(variable);
            if (root == null) {
                throw new PathNotFound(path, "The variable $" + variable + " is not defined");
            }
            if (path.length() == variable.length() + 1) {
                return root;
            }
        } else {
            root = path.startsWith("$$") ? env.context() : data;
            if (path.equals("$") || path.equals("$$")) {
                return root;
            }
        }
        JsonNode simple = readSimple(path, root);
        if (simple != null) {
            return simple;
        }
        JsonPath compiled = compile(path);
        try {
            Object value = compiled.read(root, CONF);
            return Json.toNode(value);
        } catch (JsonPathException e) {
            if (!compiled.isDefinite()) {
                return Json.array();
            }
            throw new PathNotFound(path, e.getMessage());
        } catch (RuntimeException e) {
            throw new PathNotFound(path, "Path " + path + " cannot be applied: " + e);
        }
    }

    /** The steps of a path made only of {@code .name} and {@code [index]} after its root, or NOT_SIMPLE. */
    private static final ConcurrentHashMap<String, Object[]> SIMPLE = new ConcurrentHashMap<>();
    private static final Object[] NOT_SIMPLE = new Object[0];

    /**
     * The common case without Jayway: a path of {@code .name} and {@code [index]} steps that selects a value; returns
     * the selected node itself (trees are never changed in place) or null, and Jayway then decides (what it selects,
     * or the error when nothing is there; numbers other than int, long and decimal go through Jayway's conversion).
     */
    private static JsonNode readSimple(String path, JsonNode root) {
        Object[] steps = SIMPLE.get(path);
        if (steps == null) {
            steps = simpleSteps(path);
            if (SIMPLE.size() < 10_000) {
                SIMPLE.put(path, steps);
            }
        }
        if (steps == NOT_SIMPLE) {
            return null;
        }
        JsonNode node = root;
        for (Object step : steps) {
            if (step instanceof String name) {
                node = node instanceof ObjectNode o ? o.get(name) : null;
            } else {
                int index = (Integer) step;
                node = node instanceof ArrayNode a && index < a.size() ? a.get(index) : null;
            }
            if (node == null) {
                return null;
            }
        }
        boolean plain = node.isContainerNode() || node.isTextual() || node.isBoolean() || node.isNull() || node.isInt()
                || node.isLong() || node.isBigDecimal() || node.isBigInteger();
        return plain ? node : null;
    }

    private static Object[] simpleSteps(String path) {
        String variable = variableName(path);
        int i = variable != null ? 1 + variable.length() : path.startsWith("$$") ? 2 : 1;
        int n = path.length();
        List<Object> steps = new ArrayList<>();
        while (i < n) {
            char c = path.charAt(i);
            int start = i + 1;
            int end = start;
            if (c == '.') {
                while (end < n && (Character.isLetterOrDigit(path.charAt(end)) && path.charAt(end) < 128 || path.charAt(end) == '_')) {
                    end++;
                }
                if (end == start || Character.isDigit(path.charAt(start)) || end < n && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    return NOT_SIMPLE;
                }
                steps.add(path.substring(start, end));
                i = end;
            } else if (c == '[') {
                while (end < n && path.charAt(end) >= '0' && path.charAt(end) <= '9') {
                    end++;
                }
                if (end == start || end - start > 9 || end >= n || path.charAt(end) != ']' || path.charAt(start) == '0' && end - start > 1) {
                    return NOT_SIMPLE;
                }
                steps.add(Integer.parseInt(path.substring(start, end)));
                i = end + 1;
            } else {
                return NOT_SIMPLE;
            }
        }
        return steps.toArray();
    }

    /** Reads a path, or returns null when it selects nothing. */
    public static JsonNode readOrNull(String path, JsonNode data, JsonNode context) {
        return readOrNull(path, data, Env.of(context));
    }

    static JsonNode readOrNull(String path, JsonNode data, Env env) {
        try {
            return read(path, data, env);
        } catch (PathNotFound e) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reference paths (ResultPath): $, .field, ['field'], [index].

    /** A parsed reference path such as {@code $.a.b} or {@code $['a'][0]}. */
    public record ReferencePath(String text, List<Object> segments) {
        public boolean isRoot() {
            return segments.isEmpty();
        }
    }

    /** Parses a reference path (a definite path that names one location); IllegalArgumentException if invalid. */
    public static ReferencePath reference(String text) {
        if (text == null || !text.startsWith("$") || text.startsWith("$$")) {
            throw new IllegalArgumentException("a reference path must start with $ (got " + text + ")");
        }
        List<Object> segments = new ArrayList<>();
        int i = 1;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < n && text.charAt(i) != '.' && text.charAt(i) != '[') {
                    char d = text.charAt(i);
                    if (d == '*' || d == '?' || d == '@' || d == ' ' || d == '(' || d == ')') {
                        throw new IllegalArgumentException("reference path " + text + " must name one location (no '" + d + "')");
                    }
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException("reference path " + text + " has an empty field name");
                }
                segments.add(text.substring(start, i));
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("reference path " + text + " has an unclosed [");
                }
                String inner = text.substring(i + 1, close).trim();
                if ((inner.startsWith("'") && inner.endsWith("'") || inner.startsWith("\"") && inner.endsWith("\"")) && inner.length() >= 2) {
                    segments.add(inner.substring(1, inner.length() - 1));
                } else if (inner.matches("\\d+")) {
                    segments.add(Integer.parseInt(inner));
                } else {
                    throw new IllegalArgumentException("reference path " + text + " must name one location (got [" + inner + "])");
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("reference path " + text + " has an unexpected '" + c + "' at " + i);
            }
        }
        return new ReferencePath(text, List.copyOf(segments));
    }

    /**
     * Places {@code value} at the reference path inside a copy of {@code input} (the AWS ResultPath rule): missing
     * intermediate objects are created; an existing field is replaced. Fails with
     * {@code States.ResultPathMatchFailure} when the path runs through a value that is not an object.
     */
    public static JsonNode place(ReferencePath path, JsonNode input, JsonNode value) {
        if (path.isRoot()) {
            return value;
        }
        if (!input.isObject() && !(input.isArray() && path.segments().get(0) instanceof Integer)) {
            throw failure(path, input);
        }
        JsonNode root = input.deepCopy();
        JsonNode current = root;
        List<Object> segs = path.segments();
        for (int i = 0; i < segs.size(); i++) {
            Object seg = segs.get(i);
            boolean last = i == segs.size() - 1;
            if (seg instanceof String name) {
                if (!current.isObject()) {
                    throw failure(path, input);
                }
                ObjectNode obj = (ObjectNode) current;
                if (last) {
                    obj.set(name, value);
                } else {
                    JsonNode next = obj.get(name);
                    if (next == null || next.isNull()) {
                        next = segs.get(i + 1) instanceof Integer ? null : Json.object();
                        if (next == null) {
                            throw failure(path, input);
                        }
                        obj.set(name, next);
                    } else if (!next.isContainerNode()) {
                        throw failure(path, input);
                    }
                    current = next;
                }
            } else {
                int index = (Integer) seg;
                if (!current.isArray() || index >= current.size()) {
                    throw failure(path, input);
                }
                ArrayNode arr = (ArrayNode) current;
                if (last) {
                    arr.set(index, value);
                } else {
                    JsonNode next = arr.get(index);
                    if (next.isNull()) {
                        next = Json.object();
                        arr.set(index, next);
                    } else if (!next.isContainerNode()) {
                        throw failure(path, input);
                    }
                    current = next;
                }
            }
        }
        return root;
    }

    private static StatesError failure(ReferencePath path, JsonNode input) {
        return new StatesError(ErrorNames.RESULT_PATH_MATCH_FAILURE,
                "Unable to apply ResultPath '" + path.text() + "' to input '" + Strings.abbreviate(Json.write(input)) + "'");
    }
}
