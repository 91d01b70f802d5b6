package io.github.gamehousekeeping.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSONata states and variables beyond the recorded corpus: Task Arguments reaching the invoker, $states.result being
 * the Invoke response, variable scoping, Catch Output/Assign, expressions in TimeoutSeconds/Wait, AWS's functions.
 */
class JsonataEngineTest {
    private static final Engine ENGINE = new Engine(EngineOptions.builder().waitScale(0).build());
    private static final String ALIAS = "arn:aws:lambda:us-east-1:123456789012:function:Validate:live";

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    private static JsonNode json(String text) {
        return Json.parseUnchecked(text.replace('\'', '"'));
    }

    private static ExecutionResult run(String definition, String input, TaskInvoker invoker) throws Exception {
        return ENGINE.execute(StateMachineDefinition.parse(definition.replace('\'', '"')),
                ExecutionRequest.builder().input(json(input)).invoker(invoker).build());
    }

    private static void assertJson(String expected, JsonNode actual) {
        assertTrue(Json.equivalent(json(expected), actual), () -> "expected " + json(expected) + " but was " + actual);
    }

    private static JsonNode invokeResponse(JsonNode payload) {
        ObjectNode r = Json.object();
        r.put("StatusCode", 200);
        r.set("Payload", payload);
        r.put("ExecutedVersion", "1");
        return r;
    }

    @Test
    void lambdaInvokeJsonata_sendsTheEvaluatedArguments_andSeesTheInvokeResponseAsResult() throws Exception {
        // The shape CDK's LambdaInvoke.jsonata(...) synthesizes.
        List<TaskInvocation> calls = new CopyOnWriteArrayList<>();
        ExecutionResult r = run("{'QueryLanguage':'JSONata','StartAt':'Validate','States':{'Validate':{'Type':'Task',"
                + "'Resource':'arn:aws:states:::lambda:invoke',"
                + "'Arguments':{'FunctionName':'" + ALIAS + "','Payload':'{% $merge([$states.input, {\\'checked\\': true}]) %}'},"
                + "'Assign':{'status':'{% $states.result.StatusCode %}','version':'{% $states.result.ExecutedVersion %}'},"
                + "'Output':'{% $states.result.Payload %}','Next':'Report'},"
                + "'Report':{'Type':'Pass','Output':{'payload':'{% $states.input %}','status':'{% $status %}','version':'{% $version %}'},'End':true}}}",
                "{'level':2}", inv -> {
                    calls.add(inv);
                    return invokeResponse(inv.input().get("Payload"));
                });
        assertEquals(ExecutionStatus.SUCCEEDED, r.status(), () -> r.error() + " " + r.cause());
        assertJson("{'FunctionName':'" + ALIAS + "','Payload':{'level':2,'checked':true}}", calls.get(0).input());
        assertJson("{'payload':{'level':2,'checked':true},'status':200,'version':'1'}", r.output());
        assertTrue(AslCase.types(r).contains("TaskScheduled"));
    }

    @Test
    void mapIterationsAndParallelBranches_readOuterVariables_butCannotLeakAssignments() throws Exception {
        ExecutionResult r = run("{'QueryLanguage':'JSONata','StartAt':'Init','States':{"
                + "'Init':{'Type':'Pass','Assign':{'x':1,'list':[1,2,3]},'Next':'Each'},"
                + "'Each':{'Type':'Map','Items':'{% $list %}','ItemProcessor':{'StartAt':'Set','States':{"
                + "  'Set':{'Type':'Pass','Assign':{'x':'{% $states.input * 10 %}','seen':'{% $x %}'},'Next':'Read'},"
                + "  'Read':{'Type':'Pass','Output':{'x':'{% $x %}','seen':'{% $seen %}'},'End':true}}},"
                + "  'Assign':{'after':'{% $x %}'},'Next':'Both'},"
                + "'Both':{'Type':'Parallel','Branches':[{'StartAt':'B','States':{'B':{'Type':'Pass','Assign':{'x':99},'End':true}}}],"
                + "  'Output':'{% $states.input %}','Next':'Check'},"
                + "'Check':{'Type':'Pass','Output':{'x':'{% $x %}','after':'{% $after %}','results':'{% $states.input %}'},'End':true}}}",
                "{}", null);
        assertEquals(ExecutionStatus.SUCCEEDED, r.status(), () -> r.error() + " " + r.cause());
        assertJson("{'x':1,'after':1,'results':[{'x':10,'seen':1},{'x':20,'seen':1},{'x':30,'seen':1}]}", r.output());
    }

    @Test
    void distributedMapChildWorkflows_doNotSeeOuterVariables() throws Exception {
        String definition = "{'QueryLanguage':'JSONata','StartAt':'Init','States':{"
                + "'Init':{'Type':'Pass','Assign':{'outer':'o'},'Next':'Each'},"
                + "'Each':{'Type':'Map','Items':[1],'ItemProcessor':{'ProcessorConfig':{'Mode':'MODE'},'StartAt':'Read','States':{"
                + "  'Read':{'Type':'Pass','Output':'{% $exists($outer) %}','End':true}}},'End':true}}}";
        assertJson("[true]", run(definition.replace("MODE", "INLINE"), "{}", null).output());
        assertJson("[false]", run(definition.replace("MODE", "DISTRIBUTED"), "{}", null).output());
    }

    @Test
    void assignmentsOfOneState_areEvaluatedAgainstTheValuesBeforeIt_inBothLanguages() throws Exception {
        ExecutionResult r = run("{'StartAt':'Init','States':{"
                + "'Init':{'Type':'Pass','Assign':{'a':1,'b':2},'Next':'Swap'},"
                + "'Swap':{'Type':'Pass','QueryLanguage':'JSONata','Assign':{'a':'{% $b %}','b':'{% $a %}'},'Output':{'a':'{% $a %}'},'Next':'SwapBack'},"
                + "'SwapBack':{'Type':'Pass','Assign':{'a.$':'$b','b.$':'$a'},'Next':'Read'},"
                + "'Read':{'Type':'Pass','Parameters':{'old.$':'$.a','a.$':'$a','b.$':'$b','sum.$':'States.MathAdd($a, $b)'},'End':true}}}",
                "{}", null);
        assertEquals(ExecutionStatus.SUCCEEDED, r.status(), () -> r.error() + " " + r.cause());
        assertJson("{'old':1,'a':1,'b':2,'sum':3}", r.output());
    }

    @Test
    void catchOutputAndAssign_seeTheErrorOutput_andFailComputesItsCause() throws Exception {
        ExecutionResult r = run("{'QueryLanguage':'JSONata','StartAt':'Work','States':{"
                + "'Work':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke','Arguments':{'FunctionName':'F','Payload':'{% $states.input %}'},"
                + "  'Assign':{'never':true},"
                + "  'Catch':[{'ErrorEquals':['States.ALL'],'Output':{'caught':'{% $states.errorOutput %}'},"
                + "            'Assign':{'err':'{% $states.errorOutput.Error %}'},'Next':'Failed'}],'End':true},"
                + "'Failed':{'Type':'Fail','Error':'{% $err %}','Cause':'{% \\'wrapped: \\' & $states.input.caught.Cause %}'}}}",
                "{}", inv -> {
                    throw new TaskFailedException("Game.Boom", "bad thing");
                });
        assertEquals(ExecutionStatus.FAILED, r.status());
        assertEquals("Game.Boom", r.error());
        assertEquals("wrapped: bad thing", r.cause());
    }

    @Test
    void choiceRules_assignAndShapeTheOutputOfTheBranchTaken_andDefaultUsesTheStatesOwn() throws Exception {
        String definition = "{'QueryLanguage':'JSONata','StartAt':'C','States':{"
                + "'C':{'Type':'Choice','Choices':[{'Condition':'{% $states.input.n > 10 %}','Assign':{'size':'big'},"
                + "  'Output':{'n':'{% $states.input.n %}','rule':1},'Next':'Done'}],"
                + "  'Default':'Done','Assign':{'size':'small'},'Output':{'n':'{% $states.input.n %}','rule':0}},"
                + "'Done':{'Type':'Pass','Output':{'size':'{% $size %}','rule':'{% $states.input.rule %}'},'End':true}}}";
        assertJson("{'size':'big','rule':1}", run(definition, "{'n':11}", null).output());
        assertJson("{'size':'small','rule':0}", run(definition, "{'n':1}", null).output());
    }

    @Test
    void aJsonPathCatcherAssigns_fromTheErrorOutput() throws Exception {
        ExecutionResult r = run("{'StartAt':'Work','States':{"
                + "'Work':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke','Parameters':{'FunctionName':'F'},"
                + "  'Catch':[{'ErrorEquals':['States.ALL'],'Assign':{'why.$':'$.Cause'},'ResultPath':null,'Next':'Read'}],'End':true},"
                + "'Read':{'Type':'Pass','Parameters':{'why.$':'$why','input.$':'$'},'End':true}}}",
                "{'a':1}", inv -> {
                    throw new TaskFailedException("Game.Boom", "bad thing");
                });
        assertJson("{'why':'bad thing','input':{'a':1}}", r.output());
    }

    @Test
    void aJsonPathStateReadsAVariableAJsonataStateAssigned() throws Exception {
        ExecutionResult r = run("{'StartAt':'Compute','States':{"
                + "'Compute':{'Type':'Pass','QueryLanguage':'JSONata','Assign':{'v':'{% $states.input.n + 1 %}'},'Next':'Use'},"
                + "'Use':{'Type':'Pass','Parameters':{'v.$':'$v','n.$':'$.n'},'End':true}}}",
                "{'n':5}", null);
        assertJson("{'v':6,'n':5}", r.output());
    }

    @Test
    void timeoutSecondsFromAnExpression_timesTheTaskOut() throws Exception {
        ExecutionResult r = run("{'QueryLanguage':'JSONata','StartAt':'Slow','States':{'Slow':{'Type':'Task',"
                + "'Resource':'arn:aws:states:::lambda:invoke','Arguments':{'FunctionName':'F'},'TimeoutSeconds':'{% $states.input.t %}','End':true}}}",
                "{'t':1}", inv -> {
                    try {
                        Thread.sleep(5000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return invokeResponse(Json.object());
                });
        assertEquals(ExecutionStatus.FAILED, r.status());
        assertEquals("States.Timeout", r.error());
    }

    @Test
    void waitSecondsFromAnExpression_mustBeANonNegativeInteger() throws Exception {
        String definition = "{'QueryLanguage':'JSONata','StartAt':'W','States':{'W':{'Type':'Wait','Seconds':'{% $states.input.s %}','End':true}}}";
        assertEquals(ExecutionStatus.SUCCEEDED, run(definition, "{'s':3}", null).status());
        ExecutionResult bad = run(definition, "{'s':-1}", null);
        assertEquals("States.QueryEvaluationError", bad.error());
        assertTrue(bad.cause().contains("'Seconds'"), bad.cause());
    }

    @Test
    void anExpressionThatThrows_isAQueryEvaluationError_thatCatchCanHandle() throws Exception {
        ExecutionResult r = run("{'QueryLanguage':'JSONata','StartAt':'Map','States':{"
                + "'Map':{'Type':'Map','Items':'{% $states.input.items %}','ItemProcessor':{'StartAt':'Bad','States':{"
                + "  'Bad':{'Type':'Pass','Output':'{% $number(\\'not a number\\') %}','End':true}}},"
                + "  'Catch':[{'ErrorEquals':['States.QueryEvaluationError'],'Output':'{% $states.errorOutput.Error %}','Next':'Done'}],'End':true},"
                + "'Done':{'Type':'Succeed'}}}",
                "{'items':[1]}", null);
        assertEquals(ExecutionStatus.SUCCEEDED, r.status(), () -> r.error() + " " + r.cause());
        assertEquals("States.QueryEvaluationError", r.output().asText());
        assertTrue(AslCase.types(r).contains("EvaluationFailed"));
    }

    @Test
    void awsFunctions_areAvailable_andEvalIsRemoved() throws Exception {
        ExecutionResult r = run("{'QueryLanguage':'JSONata','StartAt':'F','States':{'F':{'Type':'Pass','Output':{"
                + "'hash':'{% $hash(\\'abc\\', \\'SHA-256\\') %}','uuid':'{% $uuid() %}','random':'{% $random(7) %}',"
                + "'parsed':'{% $parse(\\'[1,2]\\') %}','partition':'{% $partition([1,2,3], 2) %}','range':'{% $range(0, 10, 5) %}'},'End':true}}}",
                "{}", null);
        assertEquals(ExecutionStatus.SUCCEEDED, r.status(), () -> r.error() + " " + r.cause());
        JsonNode out = r.output();
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", out.get("hash").asText());
        assertTrue(out.get("uuid").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"), out.toString());
        double random = out.get("random").asDouble();
        assertTrue(random >= 0 && random < 1, out.toString());
        assertJson("[1,2]", out.get("parsed"));
        assertJson("[[1,2],[3]]", out.get("partition"));
        assertJson("[0,5,10]", out.get("range"));
        InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class, () -> StateMachineDefinition.parse(
                "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"E\",\"States\":{\"E\":{\"Type\":\"Pass\",\"Output\":\"{% $eval('1+1') %}\",\"End\":true}}}"));
        assertTrue(e.getMessage().contains("$eval is not supported"), e.getMessage());
    }

    @Test
    void distributedMapFields_toleratedFailuresLetSomeIterationsFail() throws Exception {
        String definition = "{'StartAt':'M','States':{'M':{'Type':'Map','Label':'Each','ToleratedFailureCount':1,"
                + "'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'STANDARD'},'StartAt':'C','States':{"
                + "  'C':{'Type':'Choice','Choices':[{'Variable':'$','NumericEquals':0,'Next':'Boom'}],'Default':'Ok'},"
                + "  'Boom':{'Type':'Fail','Error':'Item.Bad','Cause':'zero'},'Ok':{'Type':'Pass','End':true}}},'End':true}}}";
        ExecutionResult one = run(definition, "[1,0,2]", null);
        assertEquals(ExecutionStatus.SUCCEEDED, one.status(), () -> one.error() + " " + one.cause());
        assertJson("[1,{'Error':'Item.Bad','Cause':'zero'},2]", one.output());
        ExecutionResult two = run(definition, "[0,0,2]", null);
        assertEquals(ExecutionStatus.FAILED, two.status());
        assertEquals("States.ExceedToleratedFailureThreshold", two.error());
    }
}
