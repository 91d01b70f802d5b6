package io.github.gamehousekeeping.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gamehousekeeping.local.lambda.fixture.TestHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalLambdaServiceTest {
    private static final String H = TestHandlers.class.getName() + "$";
    private static Path jar;
    private static LocalLambdaService service;
    private static final List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        jar = dir.resolve("function.jar");
        packageFixtureClasses(jar);
        service = LocalLambdaService.builder()
                .function(fn("echo", H + "Echo::handleRequest", 10))
                .function(fn("record", H + "RecordResult::handleRequest", 10))
                .function(fn("chars", H + "Chars::handleRequest", 10))
                .function(fn("failing", H + "Failing::handleRequest", 10))
                .function(fn("slow", H + "Slow::handleRequest", 1))
                .function(fn("broken", H + "BrokenInit::handleRequest", 10))
                .function(fn("exits", H + "Exits::handleRequest", 10))
                .function(fn("missing", H + "NeedsMissingClass::handleRequest", 10))
                .function(fn("classpath", H + "ClassPath::handleRequest", 10))
                .function(fn("version", H + "JavaVersion::handleRequest", 10))
                .function(new LambdaFunction("java25", H + "JavaVersion::handleRequest", jar, Map.of(), 10, 256, "java25"))
                .baseEnvironment(Map.of("AWS_REGION", "eu-west-1"))
                .maxEnvironmentsPerFunction(3)
                .build();
        service.addLogListener((function, requestId, line) -> logged.add(function + ": " + line));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static LambdaFunction fn(String name, String handler, int timeout) {
        return new LambdaFunction(name, handler, jar, Map.of("TABLE_NAME", "table-of-" + name), timeout, 256);
    }

    /** A function jar with the fixture classes only: nothing else of the test class path leaks into it. */
    static void packageFixtureClasses(Path target) throws IOException {
        io.github.gamehousekeeping.local.lambda.fixture.FixtureJar.write(target);
    }

    @Test
    void invokesHandlerWithItsEnvironment_andReusesTheWarmEnvironment() {
        InvokeResult first = service.invoke("echo", "arn:aws:lambda:eu-west-1:1:function:echo:live", "{\"level\": 3}");
        assertTrue(first.succeeded(), () -> String.valueOf(first.error()));
        assertTrue(first.coldStart());
        assertTrue(first.payload().contains("\"table\":\"table-of-echo\""), first.payload());
        assertTrue(first.payload().contains("\"functionName\":\"echo\""), first.payload());
        assertTrue(first.payload().contains("\"invokedArn\":\"arn:aws:lambda:eu-west-1:1:function:echo:live\""));
        assertTrue(first.payload().contains("\"levelType\":\"Integer\""), first.payload());
        assertTrue(first.payload().contains("\"remainingPositive\":true"), first.payload());
        assertTrue(first.logs().contains("echo 3"), first.logs().toString());
        assertTrue(first.logs().contains("stdout line"), first.logs().toString());
        assertTrue(logged.contains("echo: echo 3"));

        InvokeResult second = service.invoke("echo", "arn", "{\"level\": 4}");
        assertFalse(second.coldStart());
        assertTrue(second.payload().contains("\"invocations\":2"), second.payload());
    }

    @Test
    void passesAnUnpairedSurrogateThroughUnchanged_soTheFunctionCanRejectIt() {
        // JSON input {"name": "a\uD800b"} as the engine hands it over: the lone surrogate is a char of the text
        InvokeResult lone = service.invoke("chars", "arn", "{\"name\": \"a\uD800b\"}");
        assertEquals("[97,55296,98]", lone.payload(), "not rewritten as '?' (63) on the way");
        InvokeResult pair = service.invoke("chars", "arn", "{\"name\": \"\uD83C\uDFAE\"}");
        assertEquals("[55356,57262]", pair.payload(), "a surrogate pair (an emoji) stays a pair");
    }

    @Test
    void serializesRecordsAsTheLambdaRuntimeDoes_omittingNullComponents() {
        InvokeResult result = service.invoke("record", "arn", "{\"name\": \"ada\"}");
        assertEquals("{\"message\":\"hello ada\",\"level\":3}", result.payload());
    }

    @Test
    void reportsAThrownExceptionAsLambdaDoes_errorTypeIsTheClassName() {
        InvokeResult result = service.invoke("failing", "arn", "{\"level\": 7}");
        assertFalse(result.succeeded());
        assertEquals("java.lang.IllegalStateException", result.errorType());
        assertEquals("level 7 is broken", result.errorMessage());
        assertTrue(result.error().get("stackTrace").get(0).asText().contains("TestHandlers$Failing.handleRequest"));
        assertNull(result.payload());
    }

    @Test
    void killsTheEnvironment_whenTheFunctionTimesOut() {
        InvokeResult result = service.invoke("slow", "arn", "{}");
        assertEquals("Sandbox.Timedout", result.errorType());
        assertTrue(result.errorMessage().contains("Task timed out after 1.00 seconds"), result.errorMessage());
    }

    @Test
    void reportsInitFailures_withTheConstructorsException() {
        InvokeResult result = service.invoke("broken", "arn", "{}");
        assertEquals("java.lang.IllegalArgumentException", result.errorType());
        assertEquals("missing configuration: TABLE_NAME", result.errorMessage());
    }

    @Test
    void reportsAnExitedRuntime() {
        InvokeResult result = service.invoke("exits", "arn", "{}");
        assertEquals("Runtime.ExitError", result.errorType());
        assertTrue(result.errorMessage().contains("exit status 3"), result.errorMessage());
    }

    /**
     * The function's jar is on the environment's application class path, after the runtime jar and nothing else: its
     * classes then come from a class-data-sharing archive without being read (a class loader of its own read and
     * defined every class from the jar on each cold start).
     */
    @Test
    void loadsTheFunctionThroughTheApplicationClassLoader_afterTheRuntimeJarOnly() throws IOException {
        InvokeResult result = service.invoke("classpath", "arn", "{}");
        assertTrue(result.succeeded(), () -> String.valueOf(result.error()));
        var out = new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.payload());
        assertEquals("app", out.get("loader").asText());
        String[] entries = out.get("classPath").asText().split(java.io.File.pathSeparator);
        assertEquals(2, entries.length, out.toString());
        assertTrue(Path.of(entries[0]).getFileName().toString().startsWith("lambda-runtime-"), entries[0]);
        assertEquals(jar.toAbsolutePath().toString(), entries[1]);
    }

    @Test
    void isolatesTheFunctionsClassPath_likeLambda() {
        InvokeResult result = service.invoke("missing", "arn", "{}");
        assertEquals("java.lang.NoClassDefFoundError", result.errorType());
    }

    @Test
    void runsAFunctionOnTheJdkOfItsRuntime_whenOneIsInstalled_andOneWithoutARuntimeOnThisJvm() throws Exception {
        JavaRuntimes.Jdk jdk25 = JavaRuntimes.discover().forRuntime("java25");
        org.junit.jupiter.api.Assumptions.assumeTrue(jdk25.feature() == 25, "skipped: no Java 25 JDK on this machine");
        InvokeResult onJava25 = service.invoke("java25", "arn", "{}");
        assertTrue(onJava25.succeeded(), () -> String.valueOf(onJava25.error()));
        JsonNode java25 = new ObjectMapper().readTree(onJava25.payload());
        assertEquals(25, java25.get("feature").asInt(), onJava25.payload());
        assertEquals(jdk25.home().toRealPath(), Path.of(java25.get("javaHome").asText()).toRealPath());

        InvokeResult unversioned = service.invoke("version", "arn", "{}");
        JsonNode here = new ObjectMapper().readTree(unversioned.payload());
        assertEquals(Runtime.version().feature(), here.get("feature").asInt(), unversioned.payload());
    }

    @Test
    void startsMoreEnvironments_forConcurrentInvocations_upToTheLimit_thenThrottles() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<InvokeResult>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int level = i;
                futures.add(pool.submit(() -> service.invoke("record", "arn", "{\"name\": \"p" + level + "\"}")));
            }
            int served = 0;
            for (int i = 0; i < futures.size(); i++) {
                try {
                    assertTrue(futures.get(i).get().payload().contains("hello p" + i));
                    served++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof LambdaThrottledException, e.toString());
                }
            }
            assertTrue(served >= 1, "served: " + served);
        } finally {
            pool.shutdown();
        }
        int started = service.environmentsStarted().get("record");
        assertTrue(started >= 1 && started <= 3, "environments: " + started);
    }

    @Test
    void rejectsUnknownFunctions() {
        assertThrows(IllegalArgumentException.class, () -> service.invoke("nope", "arn", "{}"));
    }
}
