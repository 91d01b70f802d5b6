package io.github.gamehousekeeping.local.launch;

import io.github.gamehousekeeping.local.lambda.InvokeResult;
import io.github.gamehousekeeping.local.lambda.LambdaFunction;
import io.github.gamehousekeeping.local.lambda.LocalLambdaService;
import io.github.gamehousekeeping.local.lambda.fixture.TestHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Archives are written by a training run, used when present, and ignored safely when absent or unusable. */
class ClassDataSharingTest {
    private static final String ECHO = TestHandlers.class.getName() + "$Echo::handleRequest";

    @Test
    void addsOptionsOnlyForAnArchiveThatExists(@TempDir Path dir) throws IOException {
        LambdaFunction echo = new LambdaFunction("echo", ECHO, dir.resolve("asset.abc.jar"), Map.of(), 10, 256);
        ClassDataSharing using = ClassDataSharing.at(dir, false);
        assertEquals(List.of(), using.workerOptions(echo));
        assertEquals(List.of(), using.mainOptions());

        Files.writeString(dir.resolve("asset.abc.TestHandlers_Echo.jsa"), "x");
        Files.writeString(dir.resolve("main.jsa"), "x");
        assertEquals("-XX:SharedArchiveFile=" + dir.resolve("asset.abc.TestHandlers_Echo.jsa"), using.workerOptions(echo).get(0));
        assertEquals("-XX:SharedArchiveFile=" + dir.resolve("main.jsa"), using.mainOptions().get(0));

        ClassDataSharing training = ClassDataSharing.at(dir, true);
        assertEquals("-XX:ArchiveClassesAtExit=" + dir.resolve("asset.abc.TestHandlers_Echo.jsa"), training.workerOptions(echo).get(0));
        assertEquals(List.of(), training.mainOptions());
        assertEquals(List.of(), ClassDataSharing.at(null, false).workerOptions(echo));
    }

    @Test
    void anUnusableArchive_isIgnoredWithoutAWordOnTheWorkersProtocol(@TempDir Path dir) throws IOException {
        Path jar = fixtureJar(dir);
        Files.writeString(dir.resolve("function.TestHandlers_Echo.jsa"), "not an archive", StandardCharsets.UTF_8);
        InvokeResult result = invokeEcho(jar, ClassDataSharing.at(dir, false));
        assertTrue(result.succeeded(), () -> String.valueOf(result.error()));
        assertTrue(result.payload().contains("\"table\":\"t\""), result.payload());
    }

    @Test
    void aTrainingRunWritesTheFunctionsArchive_whichTheNextEnvironmentStartsWith(@TempDir Path dir) throws IOException {
        Path jar = fixtureJar(dir);
        InvokeResult trained = invokeEcho(jar, ClassDataSharing.at(dir, true));
        assertTrue(trained.succeeded(), () -> String.valueOf(trained.error()));
        Path archive = dir.resolve("function.TestHandlers_Echo.jsa");
        assertTrue(Files.isRegularFile(archive) && Files.size(archive) > 0, "archive written at the environment's exit");

        Path classLog = dir.resolve("classes.log");
        InvokeResult using = invokeEcho(jar, ClassDataSharing.at(dir, false), "-Xlog:class+load=info:file=" + classLog);
        assertTrue(using.succeeded(), () -> String.valueOf(using.error()));
        assertTrue(using.coldStart());
        // The function's own classes (its jar, its class loader) and the worker's come from the archive.
        String log = Files.readString(classLog);
        assertTrue(log.contains(TestHandlers.class.getName() + "$Echo source: shared objects file"), log);
        assertTrue(log.contains(io.github.gamehousekeeping.local.lambda.LambdaWorkerMain.class.getName()
                + " source: shared objects file"), log);
    }

    @Test
    void aCorruptArchive_isNotMapped_andTheEnvironmentLoadsFromTheJars(@TempDir Path dir) throws IOException {
        Path jar = fixtureJar(dir);
        assertTrue(invokeEcho(jar, ClassDataSharing.at(dir, true)).succeeded());
        Path archive = dir.resolve("function.TestHandlers_Echo.jsa");
        byte[] bytes = Files.readAllBytes(archive);
        for (int i = 0; i < Math.min(bytes.length, 4096); i++) {
            bytes[i] ^= 0x5a; // header and magic
        }
        Files.write(archive, bytes);
        Path classLog = dir.resolve("classes.log");
        InvokeResult using = invokeEcho(jar, ClassDataSharing.at(dir, false), "-Xlog:class+load=info:file=" + classLog);
        assertTrue(using.succeeded(), () -> String.valueOf(using.error()));
        String log = Files.readString(classLog);
        assertTrue(log.contains(TestHandlers.class.getName() + "$Echo source: file:"), log);
    }

    private static InvokeResult invokeEcho(Path jar, ClassDataSharing cds, String... extraJvmOptions) throws IOException {
        java.util.List<String> jvmOptions = new java.util.ArrayList<>(LocalLambdaService.builder().jvmOptions());
        jvmOptions.addAll(List.of(extraJvmOptions));
        try (LocalLambdaService service = LocalLambdaService.builder()
                .function(new LambdaFunction("echo", ECHO, jar, Map.of("TABLE_NAME", "t"), 30, 256))
                .jvmOptions(jvmOptions)
                .functionJvmOptions(cds::workerOptions)
                .shutdownWait(Duration.ofSeconds(60))
                .runtimeJarDirectory(cds.fileDirectory().orElseThrow())
                .build()) {
            return service.invoke("echo", "arn", "{\"level\": 1}");
        }
    }

    /** A function jar with the fixture handlers only. */
    private static Path fixtureJar(Path dir) throws IOException {
        Path target = dir.resolve("function.jar");
        io.github.gamehousekeeping.local.lambda.fixture.FixtureJar.write(target);
        return target;
    }
}
