package io.github.gamehousekeeping.local.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve --mock-config}: a bad file stops serve before anything starts, with an error naming file and problem. */
class ServeMockConfigTest {
    @TempDir
    Path dir;

    String serve(Path mockConfig) {
        StringWriter err = new StringWriter();
        int code = LocalCli.run(new String[] {"serve", "--port", "0", "--mock-config", mockConfig.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(CommandLine.ExitCode.USAGE, code, err.toString());
        return err.toString();
    }

    @Test
    void missingFile() {
        assertTrue(serve(dir.resolve("nope.json")).contains("--mock-config file not found: "), "names the file");
    }

    @Test
    void notJson() throws IOException {
        Path file = Files.writeString(dir.resolve("mocks.json"), "{\"StateMachines\": ");
        String err = serve(file);
        assertTrue(err.contains("mocks.json") && err.contains("invalid JSON at line 1"), err);
    }

    @Test
    void testCaseNamingAnUndefinedResponse() throws IOException {
        Path file = Files.writeString(dir.resolve("mocks.json"), """
                {"StateMachines":{"Orders":{"TestCases":{"HappyPath":{"Reserve":"Reserved"}}}},"MockedResponses":{}}""");
        String err = serve(file);
        assertTrue(err.contains("StateMachines.Orders.TestCases.HappyPath") && err.contains("\"Reserved\""), err);
    }
}
