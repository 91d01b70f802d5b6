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
        String[] p = stateMachineArn.split(":", -1);
        return p.length > 6 ? p[6] : p[p.length - 1];
    }

    private static String prefix(String stateMachineArn) {
        String[] p = stateMachineArn.split(":", -1);
        return String.join(":", p[0], p[1], p[2], p[3], p[4]);
    }
}
