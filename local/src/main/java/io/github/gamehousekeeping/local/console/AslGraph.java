package io.github.gamehousekeeping.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gamehousekeeping.local.asl.Json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An ASL definition drawn as a graph: one box per state, Parallel branches side by side inside their Parallel, a Map's
 * item processor inside the Map, edges for Next, Choice rules (labelled with their condition: a JSONPath rule written
 * out, or a JSONata {@code Condition}), Default and Catch; Retry noted on the state. Generic over ASL: it reads only
 * {@code StartAt}, {@code States}, {@code Type}, {@code Next}, {@code End}, {@code Choices}, {@code Default},
 * {@code Catch}, {@code Retry}, {@code Branches}, {@code ItemProcessor}/{@code Iterator}.
 *
 * <p>Layout: a layered (Sugiyama-style) drawing per scope, top to bottom: back edges found by a depth-first search
 * from StartAt, ranks by longest path, long edges split by dummy points, the order within a rank by barycenter sweeps
 * keeping the order with the fewest crossings, and x positions as the least-squares placement nearest the neighbours'
 * mean under the minimum spacing (pool-adjacent-violators). Containers are laid out inside-out.
 */
public final class AslGraph {
    static final double NODE_H = 52;
    static final double MIN_W = 200;
    static final double MAX_W = 340;
    static final double CHAR_W = 8.0;
    static final double RANK_GAP = 44;
    static final double LABEL_RANK_GAP = 62;
    static final double NODE_GAP = 40;
    static final double DUMMY_GAP = 22;
    static final double PAD = 14;
    static final double HEADER = 34;
    static final double BRANCH_PAD = 12;
    static final double TERMINAL_W = 72;
    static final double TERMINAL_H = 30;

    /** A box: a state ({@code kind} state), a Parallel branch frame (branch), or the Start/End marks (start, end). */
    public record Node(String id, String name, String kind, String type, String parent, double x, double y, double w,
                       double h, boolean container, String retry, String retryTitle) {
    }

    /** An edge of kind next, choice, default or catch; {@code points} from its source to its target. */
    public record Edge(String from, String to, String kind, String label, boolean back, List<double[]> points) {
    }

    public record Graph(double width, double height, List<Node> nodes, List<Edge> edges) {
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("width", Math.ceil(width));
            o.put("height", Math.ceil(height));
            ArrayNode ns = o.putArray("nodes");
            for (Node n : nodes) {
                ObjectNode j = ns.addObject();
                j.put("id", n.id());
                j.put("name", n.name());
                j.put("kind", n.kind());
                j.put("type", n.type());
                j.put("parent", n.parent());
                j.put("x", round(n.x()));
                j.put("y", round(n.y()));
                j.put("w", round(n.w()));
                j.put("h", round(n.h()));
                j.put("container", n.container());
                j.put("retry", n.retry());
                j.put("retryTitle", n.retryTitle());
            }
            ArrayNode es = o.putArray("edges");
            for (Edge e : edges) {
                ObjectNode j = es.addObject();
                j.put("from", e.from());
                j.put("to", e.to());
                j.put("kind", e.kind());
                j.put("label", e.label());
                j.put("back", e.back());
                ArrayNode ps = j.putArray("points");
                for (double[] p : e.points()) {
                    ps.addArray().add(round(p[0])).add(round(p[1]));
                }
            }
            return o;
        }

        private static double round(double v) {
            return Math.round(v * 10) / 10.0;
        }
    }

    private AslGraph() {
    }

    /** The graph of a definition (an object with StartAt and States). */
    public static Graph of(JsonNode definition) {
        Builder b = new Builder();
        Block block = b.scope(definition, null, true);
        return new Graph(block.w, block.h, block.nodes, block.edges);
    }

    /** A Choice rule as text: the JSONata Condition as written, or a JSONPath rule as an expression. */
    public static String condition(JsonNode rule) {
        if (rule.has("Condition")) {
            return rule.get("Condition").asText();
        }
        if (rule.has("And") || rule.has("Or")) {
            String op = rule.has("And") ? " && " : " || ";
            List<String> parts = new ArrayList<>();
            rule.get(rule.has("And") ? "And" : "Or").forEach(r -> parts.add("(" + condition(r) + ")"));
            return String.join(op, parts);
        }
        if (rule.has("Not")) {
            return "!(" + condition(rule.get("Not")) + ")";
        }
        String variable = rule.path("Variable").asText("?");
        for (var it = rule.fields(); it.hasNext(); ) {
            var f = it.next();
            String op = f.getKey();
            if (op.equals("Variable") || op.equals("Next") || op.equals("Comment") || op.equals("Assign")) {
                continue;
            }
            JsonNode v = f.getValue();
            boolean path = op.endsWith("Path") && !op.equals("IsPresent");
            String base = path ? op.substring(0, op.length() - 4) : op;
            String value = path || !v.isTextual() ? (v.isTextual() ? v.asText() : v.toString()) : "\"" + v.asText() + "\"";
            if (base.startsWith("Is")) {
                String what = base.substring(2).toLowerCase(Locale.ROOT);
                return variable + (v.asBoolean() ? " is " : " is not ") + what;
            }
            String symbol = base.endsWith("GreaterThanEquals") ? ">=" : base.endsWith("LessThanEquals") ? "<="
                    : base.endsWith("GreaterThan") ? ">" : base.endsWith("LessThan") ? "<"
                    : base.endsWith("Matches") ? "matches" : base.endsWith("Equals") ? "==" : base;
            return variable + " " + symbol + " " + value;
        }
        return variable;
    }

    // ------------------------------------------------------------------------------------------------ internals

    /** A laid-out scope: its boxes and edges relative to its top-left corner. */
    private record Block(double w, double h, List<Node> nodes, List<Edge> edges) {
    }

    /** A vertex of one scope's layered graph (a state, Start/End, or a dummy point of a long edge). */
    private static final class V {
        final String id;
        final String name;
        final String kind;
        final String type;
        final double w;
        final double h;
        final boolean dummy;
        String retry;
        String retryTitle;
        Block content;
        int rank;
        int order;
        double x; // center
        double y; // top
        double pos;
        final List<V> up = new ArrayList<>();
        final List<V> down = new ArrayList<>();
        /** Pull of each neighbour in {@link #up} / {@link #down}: a Catch edge pulls less than the main flow. */
        final List<Double> upWeight = new ArrayList<>();
        final List<Double> downWeight = new ArrayList<>();

        V(String id, String name, String kind, String type, double w, double h, boolean dummy) {
            this.id = id;
            this.name = name;
            this.kind = kind;
            this.type = type;
            this.w = w;
            this.h = h;
            this.dummy = dummy;
        }
    }

    /** An edge of a scope; {@code chain} is its path in layout direction (top to bottom) once laid out. */
    private static final class E {
        final V from;
        final V to;
        final String kind;
        final String label;
        boolean reversed;
        List<V> chain;

        E(V from, V to, String kind, String label) {
            this.from = from;
            this.to = to;
            this.kind = kind;
            this.label = label;
        }
    }

    private static final class Builder {
        private final Set<String> ids = new HashSet<>();

        private String id(String wanted) {
            String id = wanted;
            for (int n = 2; !ids.add(id); n++) {
                id = wanted + "#" + n;
            }
            return id;
        }

        Block scope(JsonNode machine, String parent, boolean top) {
            List<V> vs = new ArrayList<>();
            Map<String, V> byName = new LinkedHashMap<>();
            V start = null;
            if (top) {
                start = new V(id("__start"), "Start", "start", "", TERMINAL_W, TERMINAL_H, false);
                vs.add(start);
            }
            JsonNode states = machine.path("States");
            String startAt = machine.path("StartAt").asText();
            List<String> names = new ArrayList<>();
            states.fieldNames().forEachRemaining(names::add);
            // StartAt first: it heads the depth-first order.
            names.sort(Comparator.comparing(n -> !n.equals(startAt)));
            for (String name : names) {
                V v = state(name, states.get(name));
                vs.add(v);
                byName.put(name, v);
            }
            V end = top ? new V(id("__end"), "End", "end", "", TERMINAL_W, TERMINAL_H, false) : null;
            List<E> es = new ArrayList<>();
            if (start != null && byName.containsKey(startAt)) {
                es.add(new E(start, byName.get(startAt), "next", null));
            }
            for (String name : names) {
                JsonNode st = states.get(name);
                V v = byName.get(name);
                String type = st.path("Type").asText();
                if (type.equals("Choice")) {
                    for (JsonNode rule : st.path("Choices")) {
                        link(es, v, byName.get(rule.path("Next").asText()), "choice", condition(rule));
                    }
                    if (st.has("Default")) {
                        link(es, v, byName.get(st.get("Default").asText()), "default", "Default");
                    }
                } else if (st.hasNonNull("Next")) {
                    link(es, v, byName.get(st.get("Next").asText()), "next", null);
                }
                if (end != null && (st.path("End").asBoolean(false) || type.equals("Succeed"))) {
                    es.add(new E(v, end, "next", null));
                }
                for (JsonNode c : st.path("Catch")) {
                    List<String> errors = new ArrayList<>();
                    c.path("ErrorEquals").forEach(x -> errors.add(shortError(x.asText())));
                    link(es, v, byName.get(c.path("Next").asText()), "catch", String.join(", ", errors));
                }
            }
            if (end != null && es.stream().anyMatch(e -> e.to == end)) {
                vs.add(end);
            }
            return layered(vs, es, parent);
        }

        private static void link(List<E> es, V from, V to, String kind, String label) {
            if (to != null) {
                es.add(new E(from, to, kind, label));
            }
        }

        private V state(String name, JsonNode st) {
            String type = st.path("Type").asText("?");
            String id = id(name);
            String detail = type;
            if (type.equals("Task") && st.path("Resource").asText().contains("lambda")) {
                detail = "Task · Lambda";
            }
            V v;
            if (type.equals("Parallel")) {
                List<Block> branches = new ArrayList<>();
                List<String> frames = new ArrayList<>();
                for (JsonNode b : st.path("Branches")) {
                    String frame = id(id + "/branch" + (frames.size() + 1));
                    frames.add(frame);
                    branches.add(scope(b, frame, false));
                }
                double w = PAD;
                double inner = 0;
                for (Block b : branches) {
                    w += b.w + 2 * BRANCH_PAD + PAD;
                    inner = Math.max(inner, b.h + 2 * BRANCH_PAD);
                }
                w = Math.max(w, textWidth(name) + 2 * PAD);
                v = new V(id, name, "state", detail, w, HEADER + inner + PAD, false);
                List<Node> nodes = new ArrayList<>();
                List<Edge> edges = new ArrayList<>();
                double x = PAD;
                for (int i = 0; i < branches.size(); i++) {
                    Block b = branches.get(i);
                    nodes.add(new Node(frames.get(i), "Branch " + (i + 1), "branch", "", id, x, HEADER,
                            b.w + 2 * BRANCH_PAD, inner, true, null, null));
                    translate(b, x + BRANCH_PAD, HEADER + BRANCH_PAD, frames.get(i), nodes, edges);
                    x += b.w + 2 * BRANCH_PAD + PAD;
                }
                v.content = new Block(v.w, v.h, nodes, edges);
            } else if (type.equals("Map") && (st.has("ItemProcessor") || st.has("Iterator"))) {
                Block b = scope(st.has("ItemProcessor") ? st.get("ItemProcessor") : st.get("Iterator"), id, false);
                double w = Math.max(b.w + 2 * PAD, textWidth(name) + 2 * PAD);
                v = new V(id, name, "state", detail, w, HEADER + b.h + PAD, false);
                List<Node> nodes = new ArrayList<>();
                List<Edge> edges = new ArrayList<>();
                translate(b, (w - b.w) / 2, HEADER, id, nodes, edges);
                v.content = new Block(v.w, v.h, nodes, edges);
            } else {
                v = new V(id, name, "state", detail, Math.min(MAX_W, Math.max(MIN_W, textWidth(name))), NODE_H, false);
            }
            JsonNode retry = st.path("Retry");
            if (retry.isArray() && !retry.isEmpty()) {
                int max = 0;
                List<String> lines = new ArrayList<>();
                for (JsonNode r : retry) {
                    int attempts = r.path("MaxAttempts").asInt(3);
                    max = Math.max(max, attempts);
                    List<String> errors = new ArrayList<>();
                    r.path("ErrorEquals").forEach(x -> errors.add(x.asText()));
                    StringBuilder line = new StringBuilder();
                    line.append(String.join(", ", errors)).append(": up to ").append(attempts).append(" retries, ")
                            .append(r.path("IntervalSeconds").asInt(1)).append(" s × ")
                            .append(r.path("BackoffRate").asDouble(2.0));
                    if (r.has("MaxDelaySeconds")) {
                        line.append(", max ").append(r.get("MaxDelaySeconds").asInt()).append(" s");
                    }
                    if (r.has("JitterStrategy")) {
                        line.append(", jitter ").append(r.get("JitterStrategy").asText());
                    }
                    lines.add(line.toString());
                }
                v.retry = "↻ " + max + (max == 1 ? " retry" : " retries");
                v.retryTitle = "Retry\n" + String.join("\n", lines);
            }
            return v;
        }

        private static void translate(Block b, double dx, double dy, String parent, List<Node> nodes, List<Edge> edges) {
            for (Node n : b.nodes) {
                nodes.add(new Node(n.id(), n.name(), n.kind(), n.type(), n.parent() == null ? parent : n.parent(),
                        n.x() + dx, n.y() + dy, n.w(), n.h(), n.container(), n.retry(), n.retryTitle()));
            }
            for (Edge e : b.edges) {
                List<double[]> ps = new ArrayList<>();
                for (double[] p : e.points()) {
                    ps.add(new double[] {p[0] + dx, p[1] + dy});
                }
                edges.add(new Edge(e.from(), e.to(), e.kind(), e.label(), e.back(), ps));
            }
        }

        // ------------------------------------------------------------------------------------------ layering

        private static Block layered(List<V> vs, List<E> es, String parent) {
            Map<V, List<E>> out = new HashMap<>();
            for (V v : vs) {
                out.put(v, new ArrayList<>());
            }
            for (E e : es) {
                out.get(e.from).add(e);
            }
            // 1. Depth-first order from the first vertex (Start / StartAt); edges to an active vertex are back edges.
            Map<V, Integer> state = new HashMap<>();
            List<V> preorder = new ArrayList<>();
            for (V v : vs) {
                if (!state.containsKey(v)) {
                    dfs(v, out, state, preorder);
                }
            }
            Map<V, Integer> index = new HashMap<>();
            for (int i = 0; i < preorder.size(); i++) {
                index.put(preorder.get(i), i);
            }
            // 2. Ranks: longest path over the forward edges, in depth-first finishing-compatible order.
            List<E> layoutEdges = new ArrayList<>();
            for (E e : es) {
                if (e.from != e.to) {
                    layoutEdges.add(e);
                }
            }
            boolean changed = true;
            for (int guard = 0; changed && guard <= vs.size() + 1; guard++) {
                changed = false;
                for (E e : layoutEdges) {
                    V a = e.reversed ? e.to : e.from;
                    V b = e.reversed ? e.from : e.to;
                    if (b.rank < a.rank + 1) {
                        b.rank = a.rank + 1;
                        changed = true;
                    }
                }
            }
            // The End mark sits alone on the last rank.
            int maxRank = 0;
            for (V v : vs) {
                maxRank = Math.max(maxRank, v.rank);
            }
            // 3. Dummy vertices for edges spanning more than one rank.
            List<V> all = new ArrayList<>(vs);
            for (E e : layoutEdges) {
                V a = e.reversed ? e.to : e.from;
                V b = e.reversed ? e.from : e.to;
                List<V> chain = new ArrayList<>();
                chain.add(a);
                V prev = a;
                double pull = e.kind.equals("catch") ? 0.15 : 1.0;
                for (int r = a.rank + 1; r < b.rank; r++) {
                    V d = new V(a.id + "->" + b.id + "@" + r, "", "dummy", "", 0, 0, true);
                    d.rank = r;
                    index.put(d, index.get(a));
                    all.add(d);
                    prev.down.add(d);
                    prev.downWeight.add(pull);
                    d.up.add(prev);
                    d.upWeight.add(pull);
                    chain.add(d);
                    prev = d;
                }
                prev.down.add(b);
                prev.downWeight.add(pull);
                b.up.add(prev);
                b.upWeight.add(pull);
                chain.add(b);
                e.chain = chain;
            }
            List<List<V>> layers = new ArrayList<>();
            for (int r = 0; r <= maxRank; r++) {
                layers.add(new ArrayList<>());
            }
            for (V v : all) {
                layers.get(v.rank).add(v);
            }
            for (List<V> layer : layers) {
                layer.sort(Comparator.comparingInt(index::get));
                renumber(layer);
            }
            // 4. Order within ranks: barycenter sweeps, keeping the order with the fewest crossings.
            List<List<V>> best = copy(layers);
            int bestCrossings = crossings(layers);
            for (int iteration = 0; iteration < 16 && bestCrossings > 0; iteration++) {
                boolean downward = iteration % 2 == 0;
                if (downward) {
                    for (int r = 1; r < layers.size(); r++) {
                        sortByBarycenter(layers.get(r), true);
                    }
                } else {
                    for (int r = layers.size() - 2; r >= 0; r--) {
                        sortByBarycenter(layers.get(r), false);
                    }
                }
                int c = crossings(layers);
                if (c < bestCrossings) {
                    bestCrossings = c;
                    best = copy(layers);
                }
            }
            layers = best;
            for (List<V> layer : layers) {
                renumber(layer);
            }
            // 5. x: packed, then pulled toward the neighbours' mean under the minimum spacing.
            for (List<V> layer : layers) {
                double x = 0;
                for (int i = 0; i < layer.size(); i++) {
                    x += i == 0 ? layer.get(i).w / 2 : separation(layer.get(i - 1), layer.get(i));
                    layer.get(i).x = x;
                }
            }
            for (int iteration = 0; iteration < 8; iteration++) {
                for (int r = 1; r < layers.size(); r++) {
                    place(layers.get(r), iteration < 6 ? 1 : 0);
                }
                for (int r = layers.size() - 2; r >= 0; r--) {
                    place(layers.get(r), iteration < 6 ? -1 : 0);
                }
            }
            double minX = Double.MAX_VALUE;
            double maxX = -Double.MAX_VALUE;
            for (V v : all) {
                minX = Math.min(minX, v.x - v.w / 2);
                maxX = Math.max(maxX, v.x + v.w / 2);
            }
            // 6. y: ranks top-aligned, a taller gap below a rank whose edges carry labels.
            double[] top = new double[layers.size()];
            double[] height = new double[layers.size()];
            double y = 0;
            for (int r = 0; r < layers.size(); r++) {
                double h = 0;
                for (V v : layers.get(r)) {
                    h = Math.max(h, v.h);
                }
                top[r] = y;
                height[r] = h;
                boolean labelled = false;
                for (E e : layoutEdges) {
                    if (e.label != null && e.chain.get(0).rank == r) {
                        labelled = true;
                    }
                }
                y += h + (labelled ? LABEL_RANK_GAP : RANK_GAP);
            }
            double totalH = layers.isEmpty() ? 0 : y - lastGap(layers, layoutEdges);
            List<Node> nodes = new ArrayList<>();
            List<Edge> edges = new ArrayList<>();
            for (V v : all) {
                v.x -= minX;
                v.y = top[v.rank];
            }
            for (V v : vs) {
                double left = v.x - v.w / 2;
                nodes.add(new Node(v.id, v.name, v.kind, v.type, parent, left, v.y, v.w, v.h, v.content != null,
                        v.retry, v.retryTitle));
                if (v.content != null) {
                    translate(v.content, left, v.y, v.id, nodes, edges);
                }
            }
            for (E e : es) {
                List<double[]> points = new ArrayList<>();
                if (e.from == e.to) {
                    V v = e.from;
                    double rx = v.x + v.w / 2;
                    points.add(new double[] {rx, v.y + v.h * 0.35});
                    points.add(new double[] {rx + 24, v.y + v.h * 0.35});
                    points.add(new double[] {rx + 24, v.y + v.h * 0.75});
                    points.add(new double[] {rx, v.y + v.h * 0.75});
                } else {
                    List<V> chain = e.chain;
                    for (int i = 0; i < chain.size(); i++) {
                        V v = chain.get(i);
                        if (i == 0) {
                            points.add(new double[] {v.x, v.y + v.h});
                        } else if (i == chain.size() - 1) {
                            points.add(new double[] {v.x, v.y});
                        } else {
                            points.add(new double[] {v.x, top[v.rank]});
                            points.add(new double[] {v.x, top[v.rank] + height[v.rank]});
                        }
                    }
                    if (e.reversed) {
                        java.util.Collections.reverse(points);
                    }
                }
                edges.add(new Edge(e.from.id, e.to.id, e.kind, e.label, e.reversed, points));
            }
            return new Block(maxX - minX, Math.max(0, totalH), nodes, edges);
        }

        private static double lastGap(List<List<V>> layers, List<E> edges) {
            int r = layers.size() - 1;
            for (E e : edges) {
                if (e.label != null && e.chain.get(0).rank == r) {
                    return LABEL_RANK_GAP;
                }
            }
            return RANK_GAP;
        }

        private static void dfs(V v, Map<V, List<E>> out, Map<V, Integer> state, List<V> preorder) {
            state.put(v, 1);
            preorder.add(v);
            for (E e : out.get(v)) {
                Integer s = state.get(e.to);
                if (e.to == v) {
                    continue;
                }
                if (s == null) {
                    dfs(e.to, out, state, preorder);
                } else if (s == 1) {
                    e.reversed = true;
                }
            }
            state.put(v, 2);
        }

        private static void renumber(List<V> layer) {
            for (int i = 0; i < layer.size(); i++) {
                layer.get(i).order = i;
            }
        }

        private static List<List<V>> copy(List<List<V>> layers) {
            List<List<V>> c = new ArrayList<>();
            for (List<V> l : layers) {
                c.add(new ArrayList<>(l));
            }
            return c;
        }

        private static void sortByBarycenter(List<V> layer, boolean fromAbove) {
            for (V v : layer) {
                List<V> ns = fromAbove ? v.up : v.down;
                if (ns.isEmpty()) {
                    v.pos = v.order;
                } else {
                    double sum = 0;
                    for (V n : ns) {
                        sum += n.order;
                    }
                    // Scaled to this layer's positions; ties keep the current order (stable sort).
                    v.pos = sum / ns.size();
                }
            }
            layer.sort(Comparator.comparingDouble((V v) -> v.pos).thenComparingInt(v -> v.order));
            renumber(layer);
        }

        /** Crossings between consecutive ranks (edge pairs whose ends are in opposite orders). */
        static int crossings(List<List<V>> layers) {
            for (List<V> layer : layers) {
                renumber(layer);
            }
            int total = 0;
            for (int r = 0; r + 1 < layers.size(); r++) {
                List<int[]> pairs = new ArrayList<>();
                for (V v : layers.get(r)) {
                    for (V d : v.down) {
                        pairs.add(new int[] {v.order, d.order});
                    }
                }
                for (int i = 0; i < pairs.size(); i++) {
                    for (int j = i + 1; j < pairs.size(); j++) {
                        int[] p = pairs.get(i);
                        int[] q = pairs.get(j);
                        if ((p[0] - q[0]) * (long) (p[1] - q[1]) < 0) {
                            total++;
                        }
                    }
                }
            }
            return total;
        }

        private static double separation(V a, V b) {
            return a.w / 2 + b.w / 2 + (a.dummy || b.dummy ? DUMMY_GAP : NODE_GAP);
        }

        /**
         * Moves a rank's vertices as near as the spacing allows to the mean x of their neighbours above
         * ({@code direction} 1), below (-1) or both (0): least squares under ordered minimum gaps (PAVA).
         */
        private static void place(List<V> layer, int direction) {
            int n = layer.size();
            if (n == 0) {
                return;
            }
            double[] target = new double[n];
            double[] weight = new double[n];
            double[] offset = new double[n];
            for (int i = 0; i < n; i++) {
                V v = layer.get(i);
                double sum = 0;
                double pull = 0;
                if (direction >= 0) {
                    for (int k = 0; k < v.up.size(); k++) {
                        sum += v.up.get(k).x * v.upWeight.get(k);
                        pull += v.upWeight.get(k);
                    }
                }
                if (direction <= 0) {
                    for (int k = 0; k < v.down.size(); k++) {
                        sum += v.down.get(k).x * v.downWeight.get(k);
                        pull += v.downWeight.get(k);
                    }
                }
                target[i] = pull == 0 ? v.x : sum / pull;
                weight[i] = pull == 0 ? 0.05 : (v.dummy ? 2.0 : 1.0) * pull;
                offset[i] = i == 0 ? 0 : offset[i - 1] + separation(layer.get(i - 1), v);
            }
            // y_i = x_i - offset_i must be non-decreasing: weighted isotonic regression of target_i - offset_i.
            double[] value = new double[n];
            double[] wsum = new double[n];
            int[] size = new int[n];
            int blocks = 0;
            for (int i = 0; i < n; i++) {
                value[blocks] = target[i] - offset[i];
                wsum[blocks] = weight[i];
                size[blocks] = 1;
                blocks++;
                while (blocks > 1 && value[blocks - 2] > value[blocks - 1]) {
                    double w = wsum[blocks - 2] + wsum[blocks - 1];
                    value[blocks - 2] = (value[blocks - 2] * wsum[blocks - 2] + value[blocks - 1] * wsum[blocks - 1]) / w;
                    wsum[blocks - 2] = w;
                    size[blocks - 2] += size[blocks - 1];
                    blocks--;
                }
            }
            int i = 0;
            for (int b = 0; b < blocks; b++) {
                for (int k = 0; k < size[b]; k++, i++) {
                    layer.get(i).x = value[b] + offset[i];
                }
            }
        }
    }

    private static double textWidth(String text) {
        return text.length() * CHAR_W + 54;
    }

    /** {@code io.github.x.FooException} → {@code FooException}: catch labels stay short (the full name in the title). */
    private static String shortError(String error) {
        int dot = error.lastIndexOf('.');
        return error.startsWith("States.") || error.startsWith("Lambda.") || dot < 0 ? error : error.substring(dot + 1);
    }
}
