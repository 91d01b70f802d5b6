package io.github.gamehousekeeping.local.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test class against the local runtime ({@link HousekeepingLocalExtension}): the Step Functions API server,
 * the housekeeping stack (its state machine, its functions in emulated Lambda environments, DynamoDB Local), and any
 * state machine the tests create. Test constructors and methods may declare {@code SfnClient}, {@code DynamoDbClient},
 * {@link LocalStepFunctions} and {@code @HousekeepingStateMachineArn String} parameters.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(HousekeepingLocalExtension.class)
public @interface HousekeepingLocal {
    /** One runtime for this test class (default), or one for the whole JVM shared by every class asking for it. */
    Scope scope() default Scope.CLASS;

    /** STANDARD or EXPRESS for the housekeeping state machine; empty: the template's type. */
    String workflowType() default "";

    /** Scales Wait states and retry delays; 0 (default) skips them. */
    double waitScale() default 0;

    /**
     * An AWS Step Functions Local mock configuration for every state machine (a class path resource, else a file):
     * start an execution with {@code <stateMachineArn>#<TestCase>} to use a test case. Empty: none.
     */
    String mockConfig() default "";

    /** How long a runtime lives. */
    enum Scope {
        /** Started before the test class, stopped after it. */
        CLASS,
        /** Started by the first class that asks for it, stopped when the JVM's test run ends. */
        JVM
    }
}
