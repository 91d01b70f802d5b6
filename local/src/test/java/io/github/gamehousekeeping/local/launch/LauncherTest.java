package io.github.gamehousekeeping.local.launch;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only the short-lived commands move to a second JVM, with the archive and the user's own options (which win). */
class LauncherTest {
    @Test
    void longLivedCommandsHelpAndVersionStayInThisJvm() {
        assertNull(Launcher.relaunch(new String[]{"serve", "--port", "0"}));
        assertNull(Launcher.relaunch(new String[]{"--version"}));
        assertNull(Launcher.relaunch(new String[0]));
        // The test JVM does not run from a jar: nothing to relaunch either.
        assertNull(Launcher.relaunch(new String[]{"run", "event.json"}));
    }

    @Test
    void theChildGetsTheArchive_thenTheUsersOptions_thenTheCommand() {
        List<String> command = Launcher.command(Path.of("/x/housekeeping-local.jar"),
                List.of("-XX:SharedArchiveFile=/x/main.jsa"), List.of("-Xmx2g", "-XX:TieredStopAtLevel=4"),
                new String[]{"run", "--trace", "e.json"});
        assertTrue(command.get(0).endsWith("java"), command.get(0));
        assertTrue(command.indexOf("-XX:TieredStopAtLevel=1") < command.indexOf("-XX:TieredStopAtLevel=4"),
                "the user's options come later and win");
        assertTrue(command.indexOf("-XX:SharedArchiveFile=/x/main.jsa") < command.indexOf("-Xmx2g"));
        assertTrue(command.contains("-D" + Launcher.LAUNCHED_PROPERTY + "=true"));
        assertEquals(Runtime.version().feature() >= 22, command.contains("--enable-native-access=ALL-UNNAMED"),
                "JDK 22+ would warn about DynamoDB Local's native sqlite library");
        assertEquals(List.of("-cp", Path.of("/x/housekeeping-local.jar").toAbsolutePath().toString(),
                        "io.github.gamehousekeeping.local.cli.LocalCli", "run", "--trace", "e.json"),
                command.subList(command.size() - 6, command.size()));
    }

    @Test
    void aFlightRecordingOrAnAgent_runsWithoutTheArchive() {
        assertTrue(ClassDataSharing.compatibleWith(List.of("-Xmx2g", "-Dx=y"), null, ""));
        assertFalse(ClassDataSharing.compatibleWith(List.of("-XX:StartFlightRecording=filename=x.jfr")));
        assertFalse(ClassDataSharing.compatibleWith(List.of("-javaagent:/a.jar")));
        assertFalse(ClassDataSharing.compatibleWith(List.of("-agentlib:jdwp=transport=dt_socket")));
        assertFalse(ClassDataSharing.compatibleWith(List.of(), "-Xmx1g -XX:StartFlightRecording", null));
        assertFalse(ClassDataSharing.compatibleWith(List.of(), null, "-agentpath:/x.so"));
    }
}
