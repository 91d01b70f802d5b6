package io.github.gamehousekeeping.local.lambda;

import io.github.gamehousekeeping.local.asl.Engine;
import io.github.gamehousekeeping.local.asl.EngineOptions;
import io.github.gamehousekeeping.local.asl.ExecutionRequest;
import io.github.gamehousekeeping.local.asl.ExecutionResult;
import io.github.gamehousekeeping.local.asl.ExecutionStatus;
import io.github.gamehousekeeping.local.asl.StateMachineDefinition;
import io.github.gamehousekeeping.local.lambda.fixture.PacedHandlers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, item 1: Lambda scales out on demand up to a concurrency limit and throttles beyond it (it does not queue
 * callers); a task's TimeoutSeconds measures the invocation, not the cold start; a task the workflow gives up on does
 * not leave its function running.
 */
class LambdaConcurrencyTest {
    private static final String P = PacedHandlers.class.getName() + "$";
    private static Path jar;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void packageJar(@TempDir Path dir) throws Exception {
        jar = dir.resolve("function.jar");
        LocalLambdaServiceTest.packageFixtureClasses(jar);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private LocalLambdaService service(int limit) {
        LocalLambdaService service = LocalLambdaService.builder()
                .function(new LambdaFunction("pause", P + "Pause::handleRequest", jar, Map.of(), 30, 128))
                .function(new LambdaFunction("pause2", P + "Pause::handleRequest", jar, Map.of(), 30, 128))
                .function(new LambdaFunction("slowInit", P + "SlowInit::handleRequest", jar, Map.of(), 30, 128))
                .concurrencyLimit(limit)
                .build();
        toClose.add(service);
        return service;
    }

    @Test
    void startsEnvironmentsOnDemand_andThrottlesBeyondTheLimit_insteadOfQueueing() throws Exception {
        LocalLambdaService service = service(2);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            List<Future<Object>> results = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 3; i++) {
                results.add(callers.submit(() -> {
                    go.await();
                    try {
                        return service.invoke("pause", "pause", "{\"ms\": 2500}");
                    } catch (LambdaThrottledException throttled) {
                        return throttled;
                    }
                }));
            }
            go.countDown();
            int ok = 0;
            List<LambdaThrottledException> throttled = new ArrayList<>();
            for (Future<Object> f : results) {
                Object r = f.get();
                if (r instanceof InvokeResult ir && ir.succeeded()) {
                    ok++;
                } else if (r instanceof LambdaThrottledException t) {
                    throttled.add(t);
                }
            }
            assertEquals(2, ok, "two environments run at once");
            assertEquals(1, throttled.size(), "the third caller is throttled at once, not queued");
            assertEquals("ConcurrentInvocationLimitExceeded", throttled.get(0).reason());
            assertTrue(throttled.get(0).getMessage().startsWith("Rate Exceeded."), throttled.get(0).getMessage());
            assertEquals(2, service.environmentsStarted().get("pause"));
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void reclaimsAnIdleEnvironmentOfAnotherFunction_soNoMoreThanTheLimitLive() {
        LocalLambdaService service = service(1);
        String first = service.invoke("pause", "pause", "{\"ms\": 0}").payload();
        String second = service.invoke("pause2", "pause2", "{\"ms\": 0}").payload();
        assertFalse(first.equals(second), "a second environment (JVM) served pause2");
        assertEquals(1, service.liveEnvironments());
        assertFalse(ProcessHandle.of(Long.parseLong(first.replace("\"", ""))).map(ProcessHandle::isAlive).orElse(false),
                "the idle environment of pause was reclaimed");
    }

    @Test
    void throttlingIsLambdaTooManyRequestsException_forTheWorkflow() throws Exception {
        LocalLambdaService service = service(1);
        LambdaTaskInvoker invoker = invoker(service);
        try (Engine engine = new Engine(EngineOptions.builder().waitScale(0).build())) {
            String definition = """
                    {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
                      {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "pause", "Payload": {"ms": 2000}}, "End": true}}},
                      {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "pause2", "Payload": {"ms": 2000}}, "End": true}}}]}}}""";
            ExecutionResult result = engine.execute(StateMachineDefinition.parse(definition),
                    ExecutionRequest.builder().name("throttled").input("{}").invoker(invoker).build());
            assertEquals(ExecutionStatus.FAILED, result.status());
            assertEquals("Lambda.TooManyRequestsException", result.error());
            assertTrue(result.cause().contains("Rate Exceeded."), result.cause());
        }
    }

    @Test
    void taskTimeoutMeasuresTheInvocation_notTheColdStartsInit() throws Exception {
        LocalLambdaService service = service(4);
        try (Engine engine = new Engine(EngineOptions.builder().waitScale(0).build())) {
            // init takes 2.5 s, TimeoutSeconds is 2: the invocation itself is instant, so the task succeeds
            ExecutionResult result = engine.execute(StateMachineDefinition.parse("""
                    {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "slowInit", "Payload": {}}, "TimeoutSeconds": 2, "End": true}}}"""),
                    ExecutionRequest.builder().name("cold").input("{}").invoker(invoker(service)).build());
            assertEquals(ExecutionStatus.SUCCEEDED, result.status(), () -> result.error() + ": " + result.cause());
        }
    }

    @Test
    void aTimedOutTaskDoesNotLeaveItsFunctionRunning() throws Exception {
        LocalLambdaService service = service(4);
        AtomicReference<String> pid = new AtomicReference<>(service.invoke("pause", "pause", "{\"ms\": 0}").payload());
        try (Engine engine = new Engine(EngineOptions.builder().waitScale(0).build())) {
            long started = System.nanoTime();
            ExecutionResult result = engine.execute(StateMachineDefinition.parse("""
                    {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "pause", "Payload": {"ms": 20000}}, "TimeoutSeconds": 1, "End": true}}}"""),
                    ExecutionRequest.builder().name("timeout").input("{}").invoker(invoker(service)).build());
            assertEquals(ExecutionStatus.FAILED, result.status());
            assertEquals("States.Timeout", result.error());
            ProcessHandle environment = ProcessHandle.of(Long.parseLong(pid.get().replace("\"", ""))).orElse(null);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (environment != null && environment.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(environment != null && environment.isAlive(),
                    "the environment running the timed-out invocation was destroyed, not left running");
            assertTrue(System.nanoTime() - started < 10_000_000_000L);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (service.liveEnvironments() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, service.liveEnvironments());
    }

    private static LambdaTaskInvoker invoker(LocalLambdaService service) {
        return new LambdaTaskInvoker(name -> service.functions().containsKey(name) ? Optional.of(name) : Optional.empty(),
                service, null);
    }
}
