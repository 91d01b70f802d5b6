package io.github.gamehousekeeping.local.server;

/** Shapes of Step Functions ARNs. */
final class Arns {
    private Arns() {
    }

    private static String[] parts(String arn) {
        return arn.split(":", -1);
    }

    private static boolean prefix(String[] p) {
        return p.length >= 7 && "arn".equals(p[0]) && !p[1].isEmpty() && "states".equals(p[2]) && !p[3].isEmpty()
                && !p[4].isEmpty();
    }

    /** {@code arn:<partition>:states:<region>:<account>:stateMachine:<name>[:<version or alias>]} */
    static boolean isStateMachine(String arn) {
        String[] p = parts(arn);
        return prefix(p) && "stateMachine".equals(p[5]) && !p[6].isEmpty() && p.length <= 8;
    }

    /** The state machine ARN without a version or alias qualifier. */
    static String unqualifiedStateMachine(String arn) {
        String[] p = parts(arn);
        return String.join(":", java.util.Arrays.copyOf(p, 7));
    }

    /**
     * {@code arn:<partition>:states:<region>:<account>:execution:<stateMachine>:<name>} or
     * {@code arn:<partition>:states:<region>:<account>:express:<stateMachine>:<name>:<id>}.
     */
    static boolean isExecution(String arn) {
        String[] p = parts(arn);
        if (!prefix(p)) {
            return false;
        }
        return ("execution".equals(p[5]) && p.length == 8 && !p[6].isEmpty() && !p[7].isEmpty())
                || ("express".equals(p[5]) && p.length == 9 && !p[6].isEmpty() && !p[7].isEmpty() && !p[8].isEmpty());
    }

    static boolean isExpressExecution(String arn) {
        String[] p = parts(arn);
        return p.length > 5 && "express".equals(p[5]);
    }
}
