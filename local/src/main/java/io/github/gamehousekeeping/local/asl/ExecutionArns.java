package io.github.gamehousekeeping.local.asl;

/**
 * The one place Step Functions ARNs of state machines and executions are built (the engine and the API server both
 * use it, so {@code $$.Execution.Id} is the ARN DescribeExecution returns).
 */
public final class ExecutionArns {
    private ExecutionArns() {
    }

    /** {@code arn:aws:states:<region>:<account>:stateMachine:<name>} */
    public static String stateMachine(String region, String account, String name) {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
    }

    /** A Standard execution: {@code arn:<partition>:states:<region>:<account>:execution:<stateMachine>:<name>}. */
    public static String standard(String stateMachineArn, String executionName) {
        return prefix(stateMachineArn) + ":execution:" + stateMachineName(stateMachineArn) + ":" + executionName;
    }

    /** An Express execution: {@code arn:<partition>:states:<region>:<account>:express:<stateMachine>:<name>:<id>}. */
    public static String express(String stateMachineArn, String executionName, String id) {
        return prefix(stateMachineArn) + ":express:" + stateMachineName(stateMachineArn) + ":" + executionName + ":" + id;
    }

    /** The name part of a (possibly qualified) state machine ARN. */
    public static String stateMachineName(String stateMachineArn) {
        int sixth = colon(stateMachineArn, 6);
        if (sixth < 0) {
            return stateMachineArn.substring(stateMachineArn.lastIndexOf(':') + 1);
        }
        int end = stateMachineArn.indexOf(':', sixth + 1);
        return stateMachineArn.substring(sixth + 1, end < 0 ? stateMachineArn.length() : end);
    }

    /** {@code arn:<partition>:states:<region>:<account>} of an ARN. */
    private static String prefix(String stateMachineArn) {
        int fifth = colon(stateMachineArn, 5);
        if (fifth < 0) {
            int fourth = colon(stateMachineArn, 4);
            if (fourth < 0) {
                throw new ArrayIndexOutOfBoundsException("not an ARN: " + stateMachineArn);
            }
            return stateMachineArn;
        }
        return stateMachineArn.substring(0, fifth);
    }

    /** The index of the n-th ':' (from 1), or -1. */
    private static int colon(String arn, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = arn.indexOf(':', at + 1);
            if (at < 0) {
                return -1;
            }
        }
        return at;
    }
}
