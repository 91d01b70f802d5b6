package io.github.gamehousekeeping.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gamehousekeeping.local.asl.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's layout of ASL definitions: structure kept, top to bottom, and no crossings for the housekeeping flow. */
class AslGraphTest {
    static String housekeeping() throws IOException {
        try (InputStream in = AslGraphTest.class.getResourceAsStream("/server/housekeeping-definition.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The housekeeping flow as the engine helper rewrites it: QueryLanguage JSONata, Choice by Condition. */
    static String housekeepingJsonata() throws IOException {
        return housekeeping().replace("\"StartAt\"", "\"QueryLanguage\": \"JSONata\", \"StartAt\"")
                .replaceAll("\"Variable\"\\s*:\\s*\"\\$\\.gameCompleted\",\\s*\"BooleanEquals\"\\s*:\\s*true",
                        "\"Condition\": \"{% \\$states.input.gameCompleted %}\"");
    }

    @Test
    void housekeeping_readsTopToBottom_withoutCrossings_branchesSideBySide() throws IOException {
        for (String definition : List.of(housekeeping(), housekeepingJsonata())) {
            AslGraph.Graph g = AslGraph.of(Json.parseUnchecked(definition));
            Map<String, AslGraph.Node> byId = g.nodes().stream().collect(Collectors.toMap(AslGraph.Node::id, Function.identity()));
            Set<String> names = new HashSet<>();
            g.nodes().stream().filter(n -> n.kind().equals("state")).forEach(n -> names.add(n.name()));
            assertEquals(Set.of("ValidateEvent", "ParseValidationError", "InvalidEvent", "Housekeeping", "GenerateReport",
                    "ReportFailed", "IsGameCompleted", "RecordGameCompletion", "RecordLevelCompletion", "RecordingFailed",
                    "PublishMetrics", "MetricsFailed"), names);
            // Every edge goes down (no back edges in this flow), and no two edges cross.
            for (AslGraph.Edge e : g.edges()) {
                List<double[]> p = e.points();
                assertTrue(p.get(p.size() - 1)[1] > p.get(0)[1], e.from() + " -> " + e.to() + " goes down");
            }
            assertEquals(List.of(), crossings(g.edges()), "edge crossings");
            // Boxes of one scope do not overlap.
            for (AslGraph.Node a : g.nodes()) {
                for (AslGraph.Node b : g.nodes()) {
                    if (a != b && java.util.Objects.equals(a.parent(), b.parent())) {
                        boolean overlap = a.x() < b.x() + b.w() && b.x() < a.x() + a.w() && a.y() < b.y() + b.h() && b.y() < a.y() + a.h();
                        assertTrue(!overlap, a.id() + " overlaps " + b.id());
                    }
                }
            }
            // The Parallel's branches side by side, inside it; the flow order top to bottom.
            AslGraph.Node b1 = byId.get("Housekeeping/branch1");
            AslGraph.Node b2 = byId.get("Housekeeping/branch2");
            AslGraph.Node parallel = byId.get("Housekeeping");
            assertEquals(b1.y(), b2.y());
            assertTrue(b1.x() + b1.w() <= b2.x());
            assertTrue(parallel.x() <= b1.x() && b2.x() + b2.w() <= parallel.x() + parallel.w());
            assertEquals("Housekeeping/branch1", byId.get("GenerateReport").parent());
            assertEquals("Housekeeping/branch2", byId.get("IsGameCompleted").parent());
            assertTrue(byId.get("ValidateEvent").y() < parallel.y());
            assertTrue(parallel.y() + parallel.h() < byId.get("PublishMetrics").y());
            assertTrue(byId.get("IsGameCompleted").y() < byId.get("RecordGameCompletion").y());
            // Choice edges labelled, Default marked, Catch distinct, Retry on the state.
            AslGraph.Edge game = edge(g, "IsGameCompleted", "RecordGameCompletion");
            assertEquals("choice", game.kind());
            assertTrue(game.label().contains("gameCompleted"), game.label());
            assertEquals("default", edge(g, "IsGameCompleted", "RecordLevelCompletion").kind());
            assertEquals("catch", edge(g, "ValidateEvent", "ParseValidationError").kind());
            assertEquals("InvalidEventException", edge(g, "ValidateEvent", "ParseValidationError").label());
            assertEquals("↻ 3 retries", byId.get("ValidateEvent").retry());
        }
        AslGraph.Graph jsonata = AslGraph.of(Json.parseUnchecked(housekeepingJsonata()));
        assertEquals("{% $states.input.gameCompleted %}", edge(jsonata, "IsGameCompleted", "RecordGameCompletion").label());
    }

    @Test
    void loopsAndMaps_areDrawn_withTheBackEdgeMarked() {
        String definition = """
                {"StartAt":"Poll","States":{
                  "Poll":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:poll","Next":"Done?"},
                  "Done?":{"Type":"Choice","Choices":[{"And":[{"Variable":"$.n","NumericGreaterThanEquals":3},
                     {"Not":{"Variable":"$.s","StringEquals":"x"}}],"Next":"Each"}],"Default":"Wait"},
                  "Wait":{"Type":"Wait","Seconds":1,"Next":"Poll"},
                  "Each":{"Type":"Map","ItemProcessor":{"StartAt":"One","States":{"One":{"Type":"Pass","End":true}}},"Next":"Ok"},
                  "Ok":{"Type":"Succeed"}}}""";
        AslGraph.Graph g = AslGraph.of(Json.parseUnchecked(definition));
        AslGraph.Edge loop = edge(g, "Wait", "Poll");
        assertTrue(loop.back());
        assertEquals("($.n >= 3) && (!($.s == \"x\"))", edge(g, "Done?", "Each").label());
        AslGraph.Node one = g.nodes().stream().filter(n -> n.id().equals("One")).findFirst().orElseThrow();
        assertEquals("Each", one.parent());
        assertTrue(g.nodes().stream().anyMatch(n -> n.kind().equals("end")));
    }

    static AslGraph.Edge edge(AslGraph.Graph g, String from, String to) {
        return g.edges().stream().filter(e -> e.from().equals(from) && e.to().equals(to)).findFirst()
                .orElseThrow(() -> new AssertionError("no edge " + from + " -> " + to));
    }

    /** Pairs of edges whose segments properly intersect (shared end points do not count). */
    static List<String> crossings(List<AslGraph.Edge> edges) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            for (int j = i + 1; j < edges.size(); j++) {
                List<double[]> a = edges.get(i).points();
                List<double[]> b = edges.get(j).points();
                for (int s = 0; s + 1 < a.size(); s++) {
                    for (int t = 0; t + 1 < b.size(); t++) {
                        if (cross(a.get(s), a.get(s + 1), b.get(t), b.get(t + 1))) {
                            found.add(edges.get(i).from() + "->" + edges.get(i).to() + " x " + edges.get(j).from() + "->" + edges.get(j).to());
                        }
                    }
                }
            }
        }
        return found;
    }

    private static boolean cross(double[] p1, double[] p2, double[] q1, double[] q2) {
        for (double[] p : new double[][] {p1, p2}) {
            for (double[] q : new double[][] {q1, q2}) {
                if (Math.abs(p[0] - q[0]) < 0.5 && Math.abs(p[1] - q[1]) < 0.5) {
                    return false;
                }
            }
        }
        double d1 = orient(q1, q2, p1);
        double d2 = orient(q1, q2, p2);
        double d3 = orient(p1, p2, q1);
        double d4 = orient(p1, p2, q2);
        return d1 * d2 < 0 && d3 * d4 < 0;
    }

    private static double orient(double[] a, double[] b, double[] c) {
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    }
}
