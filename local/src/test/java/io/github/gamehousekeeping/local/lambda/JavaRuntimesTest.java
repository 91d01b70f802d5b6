package io.github.gamehousekeeping.local.lambda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An environment runs on a JDK of its function's runtime version, found without starting anything. */
class JavaRuntimesTest {
    /** This JVM, as another feature version than any fake JDK below. */
    private static final JavaRuntimes.Jdk HERE = new JavaRuntimes.Jdk(Path.of("/here"), 17, "Here", "17.0.15+6");

    @Test
    void readsTheJavaVersionFromTheLambdaRuntimeIdentifier() {
        assertEquals(OptionalInt.of(25), JavaRuntimes.featureOf("java25"));
        assertEquals(OptionalInt.of(21), JavaRuntimes.featureOf("java21"));
        assertEquals(OptionalInt.of(8), JavaRuntimes.featureOf("java8.al2"));
        assertEquals(OptionalInt.empty(), JavaRuntimes.featureOf("python3.12"));
        assertEquals(OptionalInt.empty(), JavaRuntimes.featureOf("provided.al2023"));
        assertEquals(OptionalInt.empty(), JavaRuntimes.featureOf(null));
    }

    @Test
    void findsTheNewestJdkOfTheRuntimesVersionInAnInstallFolder(@TempDir Path folder) throws IOException {
        fakeJdk(folder.resolve("temurin-25"), "25.0.1", "Eclipse Adoptium", "25.0.1+8-LTS");
        fakeJdk(folder.resolve("temurin-25.0.3"), "25.0.3", "Eclipse Adoptium", "25.0.3+9-LTS");
        fakeJdk(folder.resolve("temurin-21"), "21.0.5", "Eclipse Adoptium", "21.0.5+11-LTS");
        Files.createSymbolicLink(folder.resolve("default-java"), folder.resolve("temurin-21"));
        JavaRuntimes jdks = JavaRuntimes.searching(HERE, Map.of(), List.of(folder.resolve("missing"), folder));

        JavaRuntimes.Jdk jdk25 = jdks.forRuntime("java25");
        assertEquals(25, jdk25.feature());
        assertEquals(folder.resolve("temurin-25.0.3").toRealPath(), jdk25.home());
        assertEquals("Eclipse_Adoptium-25.0.3+9-LTS", jdk25.key());
        assertEquals(jdk25.home().resolve("bin/java"), jdk25.java());
        assertEquals(21, jdks.forRuntime("java21").feature());
        assertEquals(Optional.empty(), jdks.mismatch("java25"));
    }

    @Test
    void aVariableNamingAJdkOfThatVersionWins_oneOfAnotherVersionIsPassedOver(@TempDir Path folder) throws IOException {
        fakeJdk(folder.resolve("installed-25"), "25.0.3", "Eclipse Adoptium", "25.0.3+9-LTS");
        Path named = fakeJdk(folder.resolve("elsewhere/jdk25"), "25.0.1", "Amazon.com Inc.", "25.0.1+8-LTS");
        Path other = fakeJdk(folder.resolve("elsewhere/jdk21"), "21.0.5", "Amazon.com Inc.", "21.0.5+11-LTS");

        JavaRuntimes byVariable = JavaRuntimes.searching(HERE, Map.of("JAVA_HOME", other.toString(),
                "JAVA25_HOME", named.toString()), List.of(folder));
        assertEquals(named, byVariable.forRuntime("java25").home());
        assertEquals("Amazon.com_Inc.-25.0.1+8-LTS", byVariable.forRuntime("java25").key());

        JavaRuntimes githubRunner = JavaRuntimes.searching(HERE, Map.of("JAVA_HOME_25_X64", named.toString()), List.of());
        assertEquals(named, githubRunner.forRuntime("java25").home());

        JavaRuntimes wrongVersion = JavaRuntimes.searching(HERE, Map.of("JAVA25_HOME", other.toString()), List.of(folder));
        assertEquals(folder.resolve("installed-25").toRealPath(), wrongVersion.forRuntime("java25").home());
    }

    @Test
    void withoutAJdkOfTheRuntimesVersion_theEnvironmentRunsOnThisJvm_andTheUserIsTold(@TempDir Path folder)
            throws IOException {
        fakeJdk(folder.resolve("jdk-21"), "21.0.5", "Eclipse Adoptium", "21.0.5+11-LTS");
        Files.createDirectories(folder.resolve("not-a-jdk/bin"));
        Path noLauncher = folder.resolve("no-launcher");
        Files.createDirectories(noLauncher);
        Files.writeString(noLauncher.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
        JavaRuntimes jdks = JavaRuntimes.searching(HERE, Map.of(), List.of(folder));

        assertSame(HERE, jdks.forRuntime("java25"));
        assertEquals(Optional.of("functions on java25 run on this JVM (Java 17): no Java 25 JDK was found (JAVA25_HOME, "
                + "JAVA_HOME_25_X64, JAVA_HOME, or the install folders such as /usr/lib/jvm)"), jdks.mismatch("java25"));
        // This JVM's own version, no runtime, or not a Java runtime: this JVM, nothing to say.
        assertSame(HERE, jdks.forRuntime("java17"));
        assertSame(HERE, jdks.forRuntime(null));
        assertEquals(Optional.empty(), jdks.mismatch("java17"));
        assertEquals(Optional.empty(), jdks.mismatch(null));
        assertEquals(JavaRuntimes.Jdk.current(), JavaRuntimes.currentOnly().forRuntime("java25"));
    }

    @Test
    void readsARealJdksReleaseFile() {
        JavaRuntimes.Jdk read = JavaRuntimes.Jdk.at(Path.of(System.getProperty("java.home"))).orElseThrow();
        assertEquals(Runtime.version().feature(), read.feature());
        assertTrue(Files.isExecutable(read.java()), read.java().toString());
        assertTrue(read.version().startsWith(Integer.toString(read.feature())), read.version());
    }

    /** A folder that looks like a JDK: {@code release} and an executable {@code bin/java}. */
    private static Path fakeJdk(Path home, String version, String implementor, String runtimeVersion) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"" + implementor + "\"\nJAVA_RUNTIME_VERSION=\""
                + runtimeVersion + "\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }
}
