package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every execution recorded on real AWS in {@code ../shared/aws-recorded/cases} (one dynamic test per case) with
 * Wait and retry delays skipped, comparing status, output (minus the case's {@code ignore} paths), error, cause and the
 * history's event types as the corpus README defines.
 */
class AwsRecordedCasesTest {
    private static final Engine ENGINE = new Engine(EngineOptions.builder().waitScale(0).build());

    @AfterAll
    static void closeEngine() {
        ENGINE.close();
    }

    /** -Daws.recorded.dir, else $AWS_RECORDED_DIR, else ../../shared/aws-recorded from the module dir. */
    static Path corpusDir() {
        String property = System.getProperty("aws.recorded.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("AWS_RECORDED_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of("..", "..", "shared", "aws-recorded");
    }

    @TestFactory
    Stream<DynamicTest> recordedOnAws() throws IOException {
        Path cases = corpusDir().resolve("cases");
        if (!Files.isDirectory(cases)) {
            String message = "SKIPPED: AWS-recorded cases not found at " + cases.toAbsolutePath().normalize()
                    + " (set -Daws.recorded.dir or AWS_RECORDED_DIR to run them)";
            System.out.println(message);
            return Stream.of(DynamicTest.dynamicTest("AWS-recorded cases (absent)", () -> Assumptions.abort(message)));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(cases)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no case files in " + cases);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> run(f)));
    }

    static void run(Path file) throws Exception {
        JsonNode c = Json.parse(Files.readString(file));
        JsonNode expected = c.get("expected");
        StateMachineDefinition definition;
        try {
            definition = StateMachineDefinition.parse(Json.write(c.get("definition")));
        } catch (InvalidDefinitionException e) {
            throw new AssertionError("definition rejected: " + e.getMessage(), e);
        }
        ExecutionResult result = ENGINE.execute(definition, ExecutionRequest.builder()
                .name(file.getFileName().toString().replace(".json", "")).stateMachine("Case").input(c.get("input")).build());
        String detail = "result: " + result.toJson(false) + "\nhistory types: " + AslCase.types(result);
        assertEquals(expected.get("status").asText(), result.status().name(), detail);
        if ("SUCCEEDED".equals(expected.get("status").asText())) {
            JsonNode want = expected.get("output").deepCopy();
            JsonNode actual = result.output() == null ? null : result.output().deepCopy();
            for (JsonNode ignore : c.path("ignore")) {
                String path = ignore.asText().replaceFirst("^output\\.?", "");
                actual = removePath(actual, path, true, detail);
                want = removePath(want, path, false, detail);
            }
            assertTrue(Json.equivalent(want, actual),
                    "output differs\nexpected: " + Json.write(want) + "\nactual:   " + Json.write(actual));
        } else {
            JsonNode error = expected.get("error");
            if (error != null) {
                assertEquals(error.isNull() ? null : error.asText(), result.error(), detail);
            }
            if (expected.has("cause")) {
                assertEquals(expected.get("cause").asText(), result.cause(), detail);
            }
        }
        if (c.has("historyTypes")) {
            List<String> want = new ArrayList<>();
            c.get("historyTypes").forEach(t -> want.add(t.asText()));
            assertEquals(want, AslCase.types(result), "history event types\n" + detail);
        }
        AslCase.assertHistoryWellFormed(result);
    }

    /** Removes a dotted path (numeric segments index arrays); {@code mustExist} fails when it is absent. */
    private static JsonNode removePath(JsonNode root, String path, boolean mustExist, String detail) {
        if (path.isEmpty()) {
            return null;
        }
        String[] segments = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < segments.length - 1 && node != null; i++) {
            node = node.isArray() ? node.get(Integer.parseInt(segments[i])) : node.get(segments[i]);
        }
        String last = segments[segments.length - 1];
        boolean present = node instanceof ObjectNode o && o.has(last);
        if (mustExist) {
            assertTrue(present, "ignored path output." + path + " is absent\n" + detail);
        }
        assertNotNull(root);
        if (present) {
            ((ObjectNode) node).remove(last);
        }
        return root;
    }
}
