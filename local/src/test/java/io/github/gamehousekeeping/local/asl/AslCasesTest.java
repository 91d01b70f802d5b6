package io.github.gamehousekeeping.local.asl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Runs every case of the shared ASL conformance corpus (one dynamic test per file, named by the file) and the
 * project's own cases in src/test/resources/asl, with Wait and retry delays scaled to 0.
 */
class AslCasesTest {
    private static final Engine ENGINE = new Engine(EngineOptions.builder().waitScale(0).build());

    @AfterAll
    static void closeEngine() {
        ENGINE.close();
    }

    /** -Dasl.conformance.dir, else $ASL_CONFORMANCE_DIR, else ../../shared/asl-conformance from the module dir. */
    static Path corpusDir() {
        String property = System.getProperty("asl.conformance.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("ASL_CONFORMANCE_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of("..", "..", "shared", "asl-conformance");
    }

    @TestFactory
    Stream<DynamicTest> sharedConformanceCorpus() throws IOException {
        Path cases = corpusDir().resolve("cases");
        if (!Files.isDirectory(cases)) {
            String message = "SKIPPED: ASL conformance corpus not found at " + cases.toAbsolutePath().normalize()
                    + " (set -Dasl.conformance.dir or ASL_CONFORMANCE_DIR to run it)";
            System.out.println(message);
            return Stream.of(DynamicTest.dynamicTest("shared conformance corpus (absent)", () -> Assumptions.abort(message)));
        }
        return casesIn(cases);
    }

    @TestFactory
    Stream<DynamicTest> projectCases() throws IOException {
        return casesIn(Path.of("src", "test", "resources", "asl"));
    }

    private static Stream<DynamicTest> casesIn(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no case files in " + dir);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> AslCase.run(f, ENGINE)));
    }
}
