package io.github.gamehousekeeping.local.lambda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The environments' runtime jar holds the Lambda runtime and nothing else of this JVM's class path, and is kept. */
class LambdaRuntimeJarTest {
    @Test
    void holdsTheWorkerTheRuntimeApiAndTheSerializationLibrary_only(@TempDir Path dir) throws IOException {
        Path runtime = LambdaRuntimeJar.in(dir);
        try (JarFile jar = new JarFile(runtime.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            for (String expected : List.of(
                    "io/github/gamehousekeeping/local/lambda/LambdaWorkerMain.class",
                    "io/github/gamehousekeeping/local/lambda/JsonText.class",
                    "com/amazonaws/services/lambda/runtime/RequestHandler.class",
                    "com/amazonaws/services/lambda/runtime/serialization/PojoSerializer.class",
                    "com/amazonaws/lambda/thirdparty/com/fasterxml/jackson/databind/ObjectMapper.class")) {
                assertTrue(names.contains(expected), expected);
            }
            assertTrue(names.stream().allMatch(LambdaRuntimeJar::belongs));
            assertFalse(names.stream().anyMatch(n -> n.startsWith("com/fasterxml/") || n.startsWith("software/amazon/")
                    || n.startsWith("io/github/gamehousekeeping/local/asl/") || n.startsWith("org/eclipse/jetty/")));
            assertTrue(jar.stream().allMatch(e -> e.getMethod() == ZipEntry.STORED), "stored, not deflated");
        }
    }

    @Test
    void isWrittenOnce_andReusedUnchanged(@TempDir Path dir) throws IOException {
        Path first = LambdaRuntimeJar.in(dir);
        FileTime written = Files.getLastModifiedTime(first);
        Path second = LambdaRuntimeJar.in(dir);
        assertEquals(first, second);
        assertEquals(written, Files.getLastModifiedTime(second), "an archive refers to the jar's time");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(first), files.toList(), "no partial file left behind");
        }
    }

    @Test
    void theDefaultFolder_isThisUsersAlone() throws IOException {
        Path dir = LambdaRuntimeJar.defaultDirectory();
        assertEquals(System.getProperty("user.name"), Files.getOwner(dir).getName());
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir)), "nobody else can plant a runtime jar there");
    }

    @Test
    void selectsEntriesByName() {
        assertTrue(LambdaRuntimeJar.belongs("io/github/gamehousekeeping/local/lambda/LambdaWorkerMain$LogBuffer.class"));
        assertFalse(LambdaRuntimeJar.belongs("io/github/gamehousekeeping/local/lambda/LocalLambdaService.class"));
        assertTrue(LambdaRuntimeJar.belongs("com/amazonaws/services/lambda/runtime/logging/LogLevel.class"));
        assertFalse(LambdaRuntimeJar.belongs("com/amazonaws/services/lambda/runtime/events/SQSEvent.class"));
        assertTrue(LambdaRuntimeJar.belongs(
                "META-INF/services/com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.core.JsonFactory"));
        assertFalse(LambdaRuntimeJar.belongs("META-INF/services/com.fasterxml.jackson.core.JsonFactory"));
        assertFalse(LambdaRuntimeJar.belongs("com/fasterxml/jackson/databind/ObjectMapper.class"));
    }
}
