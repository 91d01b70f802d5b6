package io.github.gamehousekeeping.local.junit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** README's "Testing your own workflow" shows ExampleWorkflowTest.java verbatim: the example in the docs is a test of the build. */
class ReadmeExampleTest {
    @Test
    void readmeExampleIsExampleWorkflowTest() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md")).replace("\r\n", "\n");
        String example = Files.readString(Path.of("src/test/java/io/github/gamehousekeeping/local/junit/ExampleWorkflowTest.java"))
                .replace("\r\n", "\n");
        int section = readme.indexOf("## Testing your own workflow");
        assertTrue(section >= 0, "README has no section 'Testing your own workflow'");
        assertTrue(readme.indexOf("```java\n" + example + "```", section) > section,
                "README's example under 'Testing your own workflow' differs from local-junit/src/test/java/io/github/gamehousekeeping/"
                        + "local/junit/ExampleWorkflowTest.java: copy the file into the README's java block");
    }
}
