package io.github.gamehousekeeping.local.launch;

import io.github.gamehousekeeping.local.lambda.InvokeResult;
import io.github.gamehousekeeping.local.lambda.JavaRuntimes;
import io.github.gamehousekeeping.local.lambda.LambdaFunction;
import io.github.gamehousekeeping.local.lambda.LocalLambdaService;
import io.github.gamehousekeeping.local.lambda.fixture.TestHandlers;
import org.junit.jupiter.api.Assumptions;
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

    private static final JavaRuntimes.Jdk THIS_JVM = JavaRuntimes.Jdk.current();

    @Test
    void addsOptionsOnlyForAnArchiveThatExists(@TempDir Path root) throws IOException {
        Path dir = root.resolve(THIS_JVM.key());
        Files.createDirectories(dir);
        LambdaFunction echo = new LambdaFunction("echo", ECHO, dir.resolve("asset.abc.jar"), Map.of(), 10, 256);
        ClassDataSharing using = ClassDataSharing.at(dir, false);
        assertEquals(List.of(), using.workerOptions(echo, THIS_JVM));
        assertEquals(List.of(), using.mainOptions());

        Files.writeString(dir.resolve("asset.abc.TestHandlers_Echo.jsa"), "x");
        Files.writeString(dir.resolve("main.jsa"), "x");
        assertEquals("-XX:SharedArchiveFile=" + dir.resolve("asset.abc.TestHandlers_Echo.jsa"),
                using.workerOptions(echo, THIS_JVM).get(0));
        assertEquals("-XX:SharedArchiveFile=" + dir.resolve("main.jsa"), using.mainOptions().get(0));

        ClassDataSharing training = ClassDataSharing.at(dir, true);
        assertEquals("-XX:ArchiveClassesAtExit=" + dir.resolve("asset.abc.TestHandlers_Echo.jsa"),
                training.workerOptions(echo, THIS_JVM).get(0));
        assertEquals(List.of(), training.mainOptions());
        assertEquals(List.of(), ClassDataSharing.at(null, false).workerOptions(echo, THIS_JVM));
    }

    @Test
    void anEnvironmentOnAnotherJdk_getsItsArchiveFromThatJdksFolder_anAotCacheFromJdk25_noneBeforeJdk13(
            @TempDir Path root) throws IOException {
        Path dir = root.resolve(THIS_JVM.key());
        LambdaFunction echo = new LambdaFunction("echo", ECHO, dir.resolve("asset.abc.jar"), Map.of(), 10, 256, "java25");
        JavaRuntimes.Jdk jdk25 = new JavaRuntimes.Jdk(root.resolve("jdk-25"), 25, "Vendor X", "25.0.3+9");
        Path folder25 = root.resolve("Vendor_X-25.0.3+9");
        ClassDataSharing training = ClassDataSharing.at(dir, true);
        assertEquals(List.of("-XX:AOTCacheOutput=" + folder25.resolve("asset.abc.TestHandlers_Echo.aot"),
                "-Xlog:cds*=off,aot*=off"), training.workerOptions(echo, jdk25));
        assertTrue(Files.isDirectory(folder25), "the JDK's folder is made for the cache");

        ClassDataSharing using = ClassDataSharing.at(dir, false);
        assertEquals(List.of(), using.workerOptions(echo, jdk25));
        Files.writeString(folder25.resolve("asset.abc.TestHandlers_Echo.aot"), "x");
        // No -Xshare or -XX:SharedArchiveFile beside -XX:AOTCache: a JDK 25 JVM refuses to start with both.
        assertEquals(List.of("-XX:AOTCache=" + folder25.resolve("asset.abc.TestHandlers_Echo.aot"),
                "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining", "-Xlog:cds*=off,aot*=off"),
                using.workerOptions(echo, jdk25));

        for (String toolOptions : List.of("-Xshare:off", "-XX:SharedArchiveFile=/x.jsa", "-javaagent:/a.jar")) {
            LambdaFunction own = new LambdaFunction("echo", ECHO, dir.resolve("asset.abc.jar"),
                    Map.of("JAVA_TOOL_OPTIONS", toolOptions), 10, 256, "java25");
            assertEquals(List.of(), using.workerOptions(own, jdk25), "the function's JAVA_TOOL_OPTIONS " + toolOptions);
        }

        JavaRuntimes.Jdk jdk21 = new JavaRuntimes.Jdk(root.resolve("jdk-21"), 21, "Vendor X", "21.0.5+11");
        assertEquals(List.of("-XX:ArchiveClassesAtExit=" + root.resolve("Vendor_X-21.0.5+11").resolve(
                "asset.abc.TestHandlers_Echo.jsa"), "-Xlog:cds*=off"), training.workerOptions(echo, jdk21));
        JavaRuntimes.Jdk jdk11 = new JavaRuntimes.Jdk(root.resolve("jdk-11"), 11, "Vendor X", "11.0.25+9");
        assertEquals(List.of(), training.workerOptions(echo, jdk11), "JDK 11 has no -XX:ArchiveClassesAtExit");
    }

    @Test
    void anUnusableArchive_isIgnoredWithoutAWordOnTheWorkersProtocol(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve(THIS_JVM.key()));
        Path jar = fixtureJar(root);
        Files.writeString(dir.resolve("function.TestHandlers_Echo.jsa"), "not an archive", StandardCharsets.UTF_8);
        InvokeResult result = invokeEcho(jar, ClassDataSharing.at(dir, false), null);
        assertTrue(result.succeeded(), () -> String.valueOf(result.error()));
        assertTrue(result.payload().contains("\"table\":\"t\""), result.payload());
    }

    @Test
    void aTrainingRunWritesTheFunctionsArchive_whichTheNextEnvironmentStartsWith(@TempDir Path root) throws IOException {
        assertTrainedArchiveIsUsed(root, null, THIS_JVM, ".jsa");
    }

    @Test
    void onJdk25_aTrainingRunWritesTheFunctionsAotCache_whichTheNextEnvironmentStartsWith(@TempDir Path root)
            throws IOException {
        JavaRuntimes.Jdk jdk25 = JavaRuntimes.discover().forRuntime("java25");
        Assumptions.assumeTrue(jdk25.feature() == 25, "skipped: no Java 25 JDK on this machine");
        assertTrainedArchiveIsUsed(root, "java25", jdk25, ".aot");
    }

    private static void assertTrainedArchiveIsUsed(Path root, String runtime, JavaRuntimes.Jdk jdk, String extension)
            throws IOException {
        Path dir = Files.createDirectories(root.resolve(THIS_JVM.key()));
        Path jar = fixtureJar(root);
        InvokeResult trained = invokeEcho(jar, ClassDataSharing.at(dir, true), runtime);
        assertTrue(trained.succeeded(), () -> String.valueOf(trained.error()));
        Path archive = root.resolve(jdk.key()).resolve("function.TestHandlers_Echo" + extension);
        assertTrue(Files.isRegularFile(archive) && Files.size(archive) > 0, "archive written at the environment's exit");

        Path classLog = root.resolve("classes.log");
        InvokeResult using = invokeEcho(jar, ClassDataSharing.at(dir, false), runtime,
                "-Xlog:class+load=info:file=" + classLog);
        assertTrue(using.succeeded(), () -> String.valueOf(using.error()));
        assertTrue(using.coldStart());
        // The function's own classes (its jar, its class loader) and the worker's come from the archive.
        String log = Files.readString(classLog);
        assertTrue(log.contains(TestHandlers.class.getName() + "$Echo source: shared objects file"), log);
        assertTrue(log.contains(io.github.gamehousekeeping.local.lambda.LambdaWorkerMain.class.getName()
                + " source: shared objects file"), log);
    }

    @Test
    void aCorruptArchive_isNotMapped_andTheEnvironmentLoadsFromTheJars(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve(THIS_JVM.key()));
        Path jar = fixtureJar(root);
        assertTrue(invokeEcho(jar, ClassDataSharing.at(dir, true), null).succeeded());
        Path archive = dir.resolve("function.TestHandlers_Echo.jsa");
        byte[] bytes = Files.readAllBytes(archive);
        for (int i = 0; i < Math.min(bytes.length, 4096); i++) {
            bytes[i] ^= 0x5a; // header and magic
        }
        Files.write(archive, bytes);
        Path classLog = root.resolve("classes.log");
        InvokeResult using = invokeEcho(jar, ClassDataSharing.at(dir, false), null, "-Xlog:class+load=info:file=" + classLog);
        assertTrue(using.succeeded(), () -> String.valueOf(using.error()));
        String log = Files.readString(classLog);
        assertTrue(log.contains(TestHandlers.class.getName() + "$Echo source: file:"), log);
    }

    /** Invokes the fixture's Echo handler once, on the JDK of {@code runtime} (null: this JVM). */
    private static InvokeResult invokeEcho(Path jar, ClassDataSharing cds, String runtime, String... extraJvmOptions) {
        java.util.List<String> jvmOptions = new java.util.ArrayList<>(LocalLambdaService.builder().jvmOptions());
        jvmOptions.addAll(List.of(extraJvmOptions));
        try (LocalLambdaService service = LocalLambdaService.builder()
                .function(new LambdaFunction("echo", ECHO, jar, Map.of("TABLE_NAME", "t"), 30, 256, runtime))
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
