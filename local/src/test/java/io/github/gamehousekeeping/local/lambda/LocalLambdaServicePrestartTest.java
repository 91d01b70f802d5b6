package io.github.gamehousekeeping.local.lambda;

import io.github.gamehousekeeping.local.lambda.fixture.TestHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Environments started ahead of the first invocation: used by it, never doubled, init failures still reported. */
class LocalLambdaServicePrestartTest {
    private static final String H = TestHandlers.class.getName() + "$";

    private static LocalLambdaService service(Path dir) throws IOException {
        Path jar = dir.resolve("function.jar");
        LocalLambdaServiceTest.packageFixtureClasses(jar);
        return LocalLambdaService.builder()
                .function(new LambdaFunction("echo", H + "Echo::handleRequest", jar, Map.of("TABLE_NAME", "t"), 10, 256))
                .function(new LambdaFunction("broken", H + "BrokenInit::handleRequest", jar, Map.of(), 10, 256))
                .maxEnvironmentsPerFunction(3)
                .build();
    }

    /** Prestarting runs in the background: wait until it has begun (a JVM start takes far longer than that). */
    private static void awaitStarted(LocalLambdaService service, String function) throws InterruptedException {
        for (int i = 0; i < 500 && service.environmentsStarted().get(function) == 0; i++) {
            Thread.sleep(2);
        }
        assertEquals(1, service.environmentsStarted().get(function));
    }

    @Test
    void theFirstInvocationUsesThePrestartedEnvironment_andReportsItsInit(@TempDir Path dir) throws Exception {
        try (LocalLambdaService service = service(dir)) {
            service.prestart(List.of("echo", "no-such-function"));
            awaitStarted(service, "echo");
            // Invoked at once, while the environment is still starting: it waits for it instead of starting a second.
            InvokeResult first = service.invoke("echo", "arn", "{\"level\": 1}");
            assertTrue(first.succeeded(), () -> String.valueOf(first.error()));
            assertTrue(first.coldStart());
            assertTrue(first.initMs() > 0);
            assertTrue(first.payload().contains("\"invocations\":1"), first.payload());
            InvokeResult second = service.invoke("echo", "arn", "{\"level\": 2}");
            assertFalse(second.coldStart());
            assertEquals(1, service.environmentsStarted().get("echo"));

            service.prestart(List.of("echo"));
            Thread.sleep(200);
            assertEquals(1, service.environmentsStarted().get("echo"), "a function with an environment gets no other");
        }
    }

    @Test
    void aPrestartedEnvironmentsInitFailure_isTheFirstInvocationsError(@TempDir Path dir) throws Exception {
        try (LocalLambdaService service = service(dir)) {
            service.prestart(List.of("broken"));
            awaitStarted(service, "broken");
            InvokeResult result = service.invoke("broken", "arn", "{}");
            assertEquals("java.lang.IllegalArgumentException", result.errorType());
            assertTrue(result.coldStart());
            InvokeResult again = service.invoke("broken", "arn", "{}");
            assertEquals("java.lang.IllegalArgumentException", again.errorType());
            assertEquals(2, service.environmentsStarted().get("broken"));
        }
    }
}
