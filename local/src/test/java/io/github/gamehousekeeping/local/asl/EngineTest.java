package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Engine behaviour that needs a programmable TaskInvoker: concurrency, timeouts, delays, stop, listeners, context. */
class EngineTest {
    private static final Engine ENGINE = new Engine(EngineOptions.builder().waitScale(0).build());
    private static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    /** A lambda:invoke Task's Resource and Parameters. */
    private static final String INVOKE = "'Resource':'" + LAMBDA_INVOKE + "','Parameters':{'FunctionName':'F','Payload.$':'$'}";

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    private static StateMachineDefinition def(String json) throws InvalidDefinitionException {
        return StateMachineDefinition.parse(json.replace('\'', '"'));
    }

    private static JsonNode json(String text) {
        return Json.parseUnchecked(text.replace('\'', '"'));
    }

    private static ExecutionResult run(Engine engine, StateMachineDefinition d, String input, TaskInvoker invoker) throws InterruptedException {
        return engine.execute(d, ExecutionRequest.builder().input(json(input)).invoker(invoker).build());
    }

    private static JsonNode invokeResponse(JsonNode payload) {
        return Json.object().put("StatusCode", 200).set("Payload", payload);
    }

    @Test
    void runsParallelBranchesConcurrently_whenEveryBranchWaitsForTheOthers() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'P','States':{'P':{'Type':'Parallel','End':true,'Branches':["
                + "{'StartAt':'A','States':{'A':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:1:function:A','End':true}}},"
                + "{'StartAt':'B','States':{'B':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:1:function:B','End':true}}},"
                + "{'StartAt':'C','States':{'C':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:1:function:C','End':true}}}]}}}");
        CyclicBarrier allThreeInFlight = new CyclicBarrier(3);
        ExecutionResult r = run(ENGINE, d, "{}", inv -> {
            try {
                allThreeInFlight.await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new TaskFailedException("NotConcurrent", e.toString());
            }
            return Json.NODES.textNode(inv.stateName());
        });
        assertEquals(ExecutionStatus.SUCCEEDED, r.status(), () -> r.error() + " " + r.cause());
        assertEquals(json("['A','B','C']"), r.output());
    }

    @Test
    void runsOnTheCallersThread_whenTheInvokerAnswersImmediately() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'P','States':{'P':{'Type':'Parallel','End':true,'Branches':["
                + "{'StartAt':'A','States':{'A':{'Type':'Task'," + INVOKE + ",'End':true}}},"
                + "{'StartAt':'B','States':{'B':{'Type':'Task'," + INVOKE + ",'End':true}}}]}}}");
        List<Thread> threads = new CopyOnWriteArrayList<>();
        TaskInvoker immediate = new TaskInvoker() {
            @Override
            public JsonNode invoke(TaskInvocation invocation) {
                threads.add(Thread.currentThread());
                return invokeResponse(Json.NODES.textNode(invocation.stateName()));
            }

            @Override
            public boolean immediate() {
                return true;
            }
        };
        ExecutionResult r = run(ENGINE, d, "{}", immediate);
        assertEquals(ExecutionStatus.SUCCEEDED, r.status());
        assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), threads, "no hand-off to the engine's pool");
    }

    @Test
    void runsTheOtherBranches_whileABranchWaits() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'P','States':{'P':{'Type':'Parallel','End':true,'Branches':["
                + "{'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':2,'End':true}}},"
                + "{'StartAt':'B','States':{'B':{'Type':'Pass','End':true}}}]}}}");
        try (Engine engine = new Engine(EngineOptions.builder().waitScale(0.5).build())) {
            ExecutionResult r = engine.execute(d, ExecutionRequest.builder().input(json("{}")).build());
            assertEquals(ExecutionStatus.SUCCEEDED, r.status());
            List<String> types = AslCase.types(r);
            assertTrue(types.indexOf("PassStateExited") < types.indexOf("WaitStateExited"),
                    "the Pass branch ran during the Wait: " + types);
        }
    }

    @Test
    void boundsMapConcurrency_whenMaxConcurrencyIsThree() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'M','States':{'M':{'Type':'Map','MaxConcurrency':3,'End':true,"
                + "'ItemProcessor':{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:1:function:T','End':true}}}}}}");
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        ExecutionResult r = run(ENGINE, d, "[0,1,2,3,4,5,6,7,8,9,10,11]", inv -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return inv.input();
        });
        assertEquals(ExecutionStatus.SUCCEEDED, r.status());
        assertEquals(json("[0,1,2,3,4,5,6,7,8,9,10,11]"), r.output(), "results keep item order");
        assertEquals(3, maxInFlight.get(), "at most MaxConcurrency iterations run at once, and that many do");
    }

    @Test
    void runsAllMapIterationsAtOnce_whenMaxConcurrencyIsZero() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'M','States':{'M':{'Type':'Map','End':true,"
                + "'ItemProcessor':{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:1:function:T','End':true}}}}}}");
        CyclicBarrier all = new CyclicBarrier(8);
        ExecutionResult r = run(ENGINE, d, "[1,2,3,4,5,6,7,8]", inv -> {
            try {
                all.await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new TaskFailedException("NotConcurrent", e.toString());
            }
            return inv.input();
        });
        assertEquals(ExecutionStatus.SUCCEEDED, r.status(), () -> r.error() + " " + r.cause());
    }

    @Test
    void failsWithStatesTimeout_whenTaskExceedsTimeoutSeconds_andTaskFailedDoesNotCatchIt() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'T','States':{'T':{'Type':'Task'," + INVOKE + ","
                + "'TimeoutSeconds':2,'End':true,'Catch':[{'ErrorEquals':['States.TaskFailed'],'Next':'Wrong'},"
                + "{'ErrorEquals':['States.Timeout'],'ResultPath':'$.err','Next':'TimedOut'}]},"
                + "'Wrong':{'Type':'Fail','Error':'Wrong'},'TimedOut':{'Type':'Pass','End':true}}}");
        CountDownLatch release = new CountDownLatch(1);
        try (Engine engine = new Engine(EngineOptions.builder().waitScale(0).timeoutScale(0.05).build())) {
            long t0 = System.nanoTime();
            ExecutionResult r = run(engine, d, "{}", inv -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Json.object();
            });
            long ms = (System.nanoTime() - t0) / 1_000_000;
            release.countDown();
            assertEquals(ExecutionStatus.SUCCEEDED, r.status(), () -> r.error() + " " + r.cause());
            assertEquals("States.Timeout", r.output().path("err").path("Error").asText());
            assertTrue(ms >= 90 && ms < 5000, "timed out after the scaled 2 s (100 ms), took " + ms + " ms");
            assertTrue(AslCase.types(r).contains("TaskTimedOut"));
        }
    }

    @Test
    void failsWithHeartbeatTimeout_whenTaskSendsNoHeartbeat_andKeepsRunning_whenItDoes() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:us-east-1:1:activity:Work',"
                + "'TimeoutSeconds':100,'HeartbeatSeconds':4,'End':true,"
                + "'Catch':[{'ErrorEquals':['States.HeartbeatTimeout'],'ResultPath':'$.err','Next':'NoHeartbeat'}]},"
                + "'NoHeartbeat':{'Type':'Pass','End':true}}}");
        try (Engine engine = new Engine(EngineOptions.builder().waitScale(0).timeoutScale(0.05).build())) {
            ExecutionResult silent = run(engine, d, "{}", inv -> {
                sleep(1500);
                return Json.NODES.textNode("late");
            });
            assertEquals(ExecutionStatus.SUCCEEDED, silent.status());
            assertEquals("States.Timeout", silent.output().path("err").path("Error").asText());
            assertTrue(AslCase.types(silent).contains("ActivityTimedOut"));

            ExecutionResult beating = run(engine, d, "{}", inv -> {
                for (int i = 0; i < 12; i++) {
                    sleep(25);
                    inv.heartbeat();
                }
                return Json.NODES.textNode("done");
            });
            assertEquals(ExecutionStatus.SUCCEEDED, beating.status());
            assertEquals("done", beating.output().asText(), "heartbeats every 25 ms keep a 200 ms heartbeat timeout from firing over 300 ms");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void computesRetryDelays_withBackoffCappedByMaxDelaySeconds_whenJitterIsNone() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'T','States':{'T':{'Type':'Task'," + INVOKE + ",'End':true,"
                + "'Retry':[{'ErrorEquals':['E'],'IntervalSeconds':2,'BackoffRate':3,'MaxAttempts':4,'MaxDelaySeconds':10,'JitterStrategy':'NONE'}]}}}");
        List<Duration> delays = new CopyOnWriteArrayList<>();
        try (Engine engine = new Engine(EngineOptions.builder().waitScale(0)
                .delayListener((arn, state, kind, computed, applied) -> {
                    assertEquals("Retry", kind);
                    assertEquals(Duration.ZERO, applied, "waitScale 0 applies no delay");
                    delays.add(computed);
                }).build())) {
            ExecutionResult r = run(engine, d, "{}", inv -> {
                throw new TaskFailedException("E", "attempt " + inv.attempt());
            });
            assertEquals(ExecutionStatus.FAILED, r.status());
            assertEquals("attempt 4", r.cause(), "1 attempt + MaxAttempts 4 retries");
        }
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(10), Duration.ofSeconds(10)), delays);
    }

    @Test
    void drawsRetryDelaysBetweenZeroAndTheBackoff_whenJitterIsFull() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'T','States':{'T':{'Type':'Task'," + INVOKE + ",'End':true,"
                + "'Retry':[{'ErrorEquals':['E'],'IntervalSeconds':4,'BackoffRate':2,'MaxAttempts':6,'MaxDelaySeconds':20,'JitterStrategy':'FULL'}]}}}");
        List<Duration> delays = new CopyOnWriteArrayList<>();
        Random seeded = new Random(7);
        try (Engine engine = new Engine(EngineOptions.builder().waitScale(0).random(() -> seeded)
                .delayListener((arn, state, kind, computed, applied) -> delays.add(computed)).build())) {
            run(engine, d, "{}", inv -> {
                throw new TaskFailedException("E", "x");
            });
        }
        double[] caps = {4, 8, 16, 20, 20, 20};
        assertEquals(6, delays.size());
        boolean anyBelowCap = false;
        for (int i = 0; i < caps.length; i++) {
            double s = delays.get(i).toNanos() / 1e9;
            assertTrue(s >= 0 && s <= caps[i], "delay " + i + " = " + s + " within [0, " + caps[i] + "]");
            anyBelowCap |= s < caps[i] * 0.99;
        }
        assertTrue(anyBelowCap, "full jitter randomises the delays: " + delays);
    }

    @Test
    void waitsForRetryDelay_scaledByWaitScale() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'T','States':{'T':{'Type':'Task'," + INVOKE + ",'End':true,"
                + "'Retry':[{'ErrorEquals':['E'],'IntervalSeconds':3,'MaxAttempts':1}]}}}");
        try (Engine engine = new Engine(EngineOptions.builder().waitScale(0.1).build())) {
            AtomicInteger calls = new AtomicInteger();
            long t0 = System.nanoTime();
            ExecutionResult r = run(engine, d, "{}", inv -> {
                if (calls.getAndIncrement() == 0) {
                    throw new TaskFailedException("E", "first");
                }
                return invokeResponse(Json.NODES.textNode("ok"));
            });
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(ExecutionStatus.SUCCEEDED, r.status());
            assertTrue(ms >= 280 && ms < 3000, "3 s retry interval at scale 0.1 took " + ms + " ms");
        }
    }

    @Test
    void abortsExecution_whenStopped_withErrorAndCauseInTheLastEvent() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':3600,'End':true}}}");
        try (Engine engine = new Engine(EngineOptions.builder().waitScale(1).build())) {
            CountDownLatch waiting = new CountDownLatch(1);
            RunningExecution e = engine.start(d, ExecutionRequest.builder().input(json("{}"))
                    .listener((arn, ev) -> {
                        if (ev.type().equals("WaitStateEntered")) {
                            waiting.countDown();
                        }
                    }).build());
            assertTrue(waiting.await(5, TimeUnit.SECONDS));
            assertEquals(ExecutionStatus.RUNNING, e.status());
            assertTrue(e.stop("Operator.Stop", "maintenance"));
            ExecutionResult r = e.await(Duration.ofSeconds(5));
            assertEquals(ExecutionStatus.ABORTED, r.status());
            assertEquals(List.of("ExecutionStarted", "WaitStateEntered", "WaitStateAborted", "ExecutionAborted"), AslCase.types(r));
            HistoryEvent last = r.history().get(r.history().size() - 1);
            assertEquals("Operator.Stop", last.details().get("error").asText());
            assertEquals("maintenance", last.details().get("cause").asText());
            assertFalse(e.stop("again", null), "an ended execution cannot be stopped");
        }
    }

    @Test
    void abortsRunningTasksAndBranches_whenStoppedDuringParallel() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'P','States':{'P':{'Type':'Parallel','End':true,'Branches':["
                + "{'StartAt':'T','States':{'T':{'Type':'Task'," + INVOKE + ",'End':true}}},"
                + "{'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':3600,'End':true}}}]}}}");
        CountDownLatch taskStarted = new CountDownLatch(1);
        CountDownLatch waitEntered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        try (Engine engine = new Engine(EngineOptions.builder().waitScale(1).build())) {
            RunningExecution e = engine.start(d, ExecutionRequest.builder().listener((arn, ev) -> {
                if (ev.type().equals("WaitStateEntered")) {
                    waitEntered.countDown();
                }
            }).invoker(inv -> {
                taskStarted.countDown();
                try {
                    never.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                return Json.object();
            }).build());
            assertTrue(taskStarted.await(5, TimeUnit.SECONDS));
            assertTrue(waitEntered.await(5, TimeUnit.SECONDS), "both branches run before the stop");
            e.stop(null, null);
            ExecutionResult r = e.await(Duration.ofSeconds(5));
            assertEquals(ExecutionStatus.ABORTED, r.status());
            List<String> types = AslCase.types(r);
            assertTrue(types.containsAll(List.of("TaskStateAborted", "WaitStateAborted", "ParallelStateAborted")), types::toString);
            assertEquals("ExecutionAborted", types.get(types.size() - 1));
        } finally {
            never.countDown();
        }
    }

    @Test
    void deliversHistoryEventsLiveInIdOrder_toListeners() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'P','States':{'P':{'Type':'Parallel','Next':'Done','Branches':["
                + "{'StartAt':'A','States':{'A':{'Type':'Pass','End':true}}},{'StartAt':'B','States':{'B':{'Type':'Pass','End':true}}}]},"
                + "'Done':{'Type':'Succeed'}}}");
        List<HistoryEvent> seen = Collections.synchronizedList(new ArrayList<>());
        ExecutionResult r = ENGINE.execute(d, ExecutionRequest.builder().listener((arn, ev) -> seen.add(ev)).build());
        assertEquals(r.history(), seen);
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i + 1, seen.get(i).id());
        }
    }

    @Test
    void passesContextObjectAndAttemptToTheInvoker_andCountsRetriesInState() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken',"
                + "'Parameters':{'FunctionName':'F','Payload':{'token.$':'$$.Task.Token','retry.$':'$$.State.RetryCount','in.$':'$.v'}},"
                + "'Retry':[{'ErrorEquals':['E'],'MaxAttempts':2}],'End':true}}}");
        List<TaskInvocation> calls = new CopyOnWriteArrayList<>();
        ExecutionResult r = ENGINE.execute(d, ExecutionRequest.builder().name("ctx-1").stateMachine("Housekeeping")
                .input(json("{'v':5}")).invoker(inv -> {
                    calls.add(inv);
                    if (inv.attempt() < 2) {
                        throw new TaskFailedException("E", "retry me");
                    }
                    return inv.input().get("Payload");
                }).build());
        assertEquals(ExecutionStatus.SUCCEEDED, r.status(), () -> r.cause());
        assertEquals(3, calls.size());
        TaskInvocation last = calls.get(2);
        assertEquals(2, last.attempt());
        assertEquals("T", last.stateName());
        assertEquals("arn:aws:states:us-east-1:123456789012:execution:Housekeeping:ctx-1", last.executionArn());
        assertEquals(last.executionArn(), last.context().at("/Execution/Id").asText());
        assertEquals("ctx-1", last.context().at("/Execution/Name").asText());
        assertEquals("arn:aws:states:us-east-1:123456789012:stateMachine:Housekeeping", last.context().at("/StateMachine/Id").asText());
        assertEquals(json("{'v':5}"), last.context().at("/Execution/Input"));
        assertNotNull(last.taskToken());
        assertEquals(last.taskToken(), r.output().get("token").asText());
        assertEquals(2, r.output().get("retry").asInt());
        assertEquals(5, r.output().get("in").asInt());
        assertTrue(calls.stream().map(TaskInvocation::taskToken).distinct().count() == 3, "a new token per attempt");
    }

    @Test
    void givesPlainLambdaArnTheEffectiveInput_andLambdaInvokeTheParameters() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'Plain','States':{"
                + "'Plain':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:1:function:Plain','InputPath':'$.a','ResultPath':'$.plain','Next':'Invoke'},"
                + "'Invoke':{'Type':'Task','Resource':'" + LAMBDA_INVOKE + "','Parameters':{'FunctionName':'Fn','Payload.$':'$.a'},"
                + "'ResultSelector':{'p.$':'$.Payload'},'ResultPath':'$.invoked','End':true}}}");
        List<JsonNode> inputs = new CopyOnWriteArrayList<>();
        ExecutionResult r = run(ENGINE, d, "{'a':{'x':1}}", inv -> {
            inputs.add(inv.input());
            return inv.stateName().equals("Plain") ? json("{'plainResult':true}") : invokeResponse(json("{'fromPayload':2}"));
        });
        assertEquals(ExecutionStatus.SUCCEEDED, r.status(), () -> r.cause());
        assertEquals(json("{'x':1}"), inputs.get(0));
        assertEquals(json("{'FunctionName':'Fn','Payload':{'x':1}}"), inputs.get(1));
        assertEquals(json("{'a':{'x':1},'plain':{'plainResult':true},'invoked':{'p':{'fromPayload':2}}}"), r.output());
    }

    @Test
    void failsWithDataLimitExceeded_whenATaskReturnsMoreThan256KiB_evenIfResultSelectorWouldShrinkIt() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'T','States':{'T':{'Type':'Task'," + INVOKE + ",'End':true,"
                + "'ResultSelector':{'status.$':'$.StatusCode'},'Catch':[{'ErrorEquals':['States.ALL'],'Next':'C'}]},'C':{'Type':'Succeed'}}}");
        String big = "x".repeat(262_144);
        ExecutionResult r = run(ENGINE, d, "{}", inv -> invokeResponse(Json.NODES.textNode(big)));
        assertEquals(ExecutionStatus.FAILED, r.status());
        assertEquals("States.DataLimitExceeded", r.error());
        ExecutionResult small = run(ENGINE, d, "{}", inv -> invokeResponse(Json.NODES.textNode(big.substring(1000))));
        assertEquals(ExecutionStatus.SUCCEEDED, small.status(), () -> small.cause());
        assertEquals(json("{'status':200}"), small.output());
    }

    @Test
    void failsWithRuntime_whenTheInvokerThrowsAnUnexpectedException() throws Exception {
        StateMachineDefinition d = def("{'StartAt':'T','States':{'T':{'Type':'Task'," + INVOKE + ",'End':true,"
                + "'Catch':[{'ErrorEquals':['States.ALL'],'Next':'C'}]},'C':{'Type':'Succeed'}}}");
        ExecutionResult r = run(ENGINE, d, "{}", inv -> {
            throw new IllegalStateException("socket closed");
        });
        assertEquals(ExecutionStatus.FAILED, r.status());
        assertEquals("States.Runtime", r.error());
        assertTrue(r.cause().contains("socket closed"), r.cause());
        assertTrue(r.cause().startsWith("An error occurred while executing the state 'T' (entered at the event id #2)."), r.cause());
    }

    @Test
    void keepsExecutionsIndependent_whenManyRunConcurrently() throws Exception {
        JsonNode c = Json.parse(Files.readString(Path.of("src/test/resources/asl/408-parallel-retry-reruns-branches.json")));
        StateMachineDefinition d = StateMachineDefinition.parse(c.get("definition"));
        MockConfigTaskInvoker shared = new MockConfigTaskInvoker(c.get("mockConfig"), "Case", "Default");
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<ExecutionResult>> futures = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int n = i;
                futures.add(callers.submit(() -> ENGINE.execute(d, ExecutionRequest.builder().name("e" + n).invoker(shared).build())));
            }
            for (Future<ExecutionResult> f : futures) {
                ExecutionResult r = f.get(30, TimeUnit.SECONDS);
                assertEquals(ExecutionStatus.SUCCEEDED, r.status(), () -> r.error() + " " + r.cause());
                assertEquals(json("['a1','b1']"), r.output(), "mocked invocation counts are per execution");
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void rejectsInvalidDefinition_listingEveryProblem() {
        InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class, () -> def(
                "{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'B'},'C':{'Type':'Bogus'}}}"));
        assertEquals(List.of("State \"A\": Next \"B\" names no state", "State \"C\": unknown state type \"Bogus\" (expected one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map)"),
                e.problems());
        assertTrue(e.getMessage().startsWith("Invalid state machine definition: State \"A\""));
    }

    @Test
    void reportsInvalidJsonPosition_whenDefinitionIsNotJson() {
        InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class, () -> StateMachineDefinition.parse("{\"StartAt\": \"A\",\n \"States\": {"));
        assertTrue(e.getMessage().contains("not valid JSON at line 2"), e.getMessage());
    }

    @Test
    void failsMockConfigConstruction_whenTestCaseOrResponseIsMissing() {
        JsonNode config = json("{'StateMachines':{'M':{'TestCases':{'Default':{'T':'Missing'}}}},'MockedResponses':{}}");
        IllegalArgumentException noCase = assertThrows(IllegalArgumentException.class, () -> new MockConfigTaskInvoker(config, "M", "Other"));
        assertTrue(noCase.getMessage().contains("no test case \"Other\""), noCase.getMessage());
        IllegalArgumentException noResponse = assertThrows(IllegalArgumentException.class, () -> new MockConfigTaskInvoker(config, "M", "Default"));
        assertTrue(noResponse.getMessage().contains("\"Missing\""), noResponse.getMessage());
        IllegalArgumentException noMachine = assertThrows(IllegalArgumentException.class, () -> new MockConfigTaskInvoker(config, "X", "Default"));
        assertTrue(noMachine.getMessage().contains("no state machine \"X\""), noMachine.getMessage());
    }

    @Test
    void stampsHistoryAndContextWithTheConfiguredClock() throws Exception {
        java.time.Clock fixed = java.time.Clock.fixed(java.time.Instant.parse("2026-03-01T10:00:00Z"), java.time.ZoneOffset.UTC);
        StateMachineDefinition d = def("{'StartAt':'P','States':{'P':{'Type':'Pass','Parameters':{'t.$':'$$.State.EnteredTime','s.$':'$$.Execution.StartTime'},'End':true}}}");
        try (Engine engine = new Engine(EngineOptions.builder().clock(fixed).waitScale(0).build())) {
            ExecutionResult r = engine.execute(d, ExecutionRequest.builder().build());
            assertEquals(json("{'t':'2026-03-01T10:00:00.000Z','s':'2026-03-01T10:00:00.000Z'}"), r.output());
            assertEquals("2026-03-01T10:00:00.000Z", r.historyJson().get(0).get("timestamp").asText());
            assertNull(r.error());
        }
    }
}
