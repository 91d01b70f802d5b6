package io.github.gamehousekeeping.local.asl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExecutionArnsTest {
    @Test
    void buildsExecutionArnsFromStateMachineArns() {
        assertEquals("arn:aws:states:us-east-1:123456789012:execution:Housekeeping:e-1",
                ExecutionArns.standard("arn:aws:states:us-east-1:123456789012:stateMachine:Housekeeping", "e-1"));
        assertEquals("arn:aws:states:us-east-1:123456789012:execution:Housekeeping:e-1",
                ExecutionArns.standard("arn:aws:states:us-east-1:123456789012:stateMachine:Housekeeping:live", "e-1"));
        assertEquals("arn:aws-cn:states:cn-north-1:1:express:M:n:id", ExecutionArns.express("arn:aws-cn:states:cn-north-1:1:stateMachine:M", "n", "id"));
        assertEquals("Housekeeping", ExecutionArns.stateMachineName("arn:aws:states:us-east-1:123456789012:stateMachine:Housekeeping:3"));
        assertEquals("Plain", ExecutionArns.stateMachineName("a:b:Plain"));
        assertEquals("Plain", ExecutionArns.stateMachineName("Plain"));
        assertEquals("a:b:c:d:e:execution:e:n", ExecutionArns.standard("a:b:c:d:e", "n"));
        assertThrows(RuntimeException.class, () -> ExecutionArns.standard("a:b:c", "n"));
    }
}
