package io.github.gamehousekeeping.infra;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the stack's handler-to-jar mapping against the jars the functions module really builds. In the reactor
 * ({@code mvn -B verify}) the functions module is built before this one, so the jars exist; when this module is built
 * alone without them, the test reports itself skipped.
 */
class FunctionJarsTest {

    private static Path jar(HousekeepingStep step) {
        return ProjectLayout.findRoot().resolve(ProjectLayout.FUNCTIONS_JAR_DIRECTORY).resolve(step.jarName());
    }

    @Test
    void everyHandlerClass_isInTheJarTheStackDeploysItFrom() throws IOException {
        for (HousekeepingStep step : HousekeepingStep.values()) {
            assumeTrue(Files.isRegularFile(jar(step)), "functions jars not built: " + jar(step));
        }
        for (HousekeepingStep step : HousekeepingStep.values()) {
            String handlerClass = step.handler().substring(0, step.handler().indexOf("::"));
            try (ZipFile zip = new ZipFile(jar(step).toFile())) {
                assertNotNull(zip.getEntry(handlerClass.replace('.', '/') + ".class"), handlerClass + " in " + jar(step));
            }
        }
    }

    @Test
    void validateEventJar_carriesNoAwsSdk_whichIsWhy512MbSuffice() throws IOException {
        Path jar = jar(HousekeepingStep.VALIDATE_EVENT);
        assumeTrue(Files.isRegularFile(jar), "functions jars not built: " + jar);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertFalse(zip.stream().anyMatch(e -> e.getName().startsWith("software/amazon/awssdk/")),
                    "ValidateEvent's jar contains the AWS SDK");
        }
    }
}
