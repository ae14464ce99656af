// SystemdUnitIT: deploy/systemd/switchboard.service passes `systemd-analyze verify` and wires reload to the handoff.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verifier runs against this machine's root, so the unit's programs ({@code /usr/bin/java}, {@code /bin/sh},
 * {@code /bin/kill}) must exist here. A warning (an unknown key, a misspelt section) fails the test as an error
 * does: systemd ignores such lines and would run something else than the file says.
 */
class SystemdUnitIT {
    private static final Path UNIT = Path.of("..", "deploy", "systemd", "switchboard.service");

    @Test
    void systemdAnalyzeVerifiesTheUnitWithoutAWarning() {
        ExternalProgram analyze = ExternalProgram.require("systemd-analyze");
        ExternalProgram.Result r = analyze.run(List.of("verify", UNIT.toAbsolutePath().normalize().toString()),
                Map.of(), null, Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.stderr().strip(), r.toString());
    }

    @Test
    void reloadSignalsTheProcessThePidFileNamesAndStartPassesThatFile() throws Exception {
        List<String> lines = joinedLines(Files.readString(UNIT));
        String pidFile = value(lines, "PIDFile");
        String start = value(lines, "ExecStart");
        String reload = value(lines, "ExecReload");
        assertTrue(start.contains(" -jar ") && start.contains(" run -c "), start);
        assertTrue(start.endsWith("--pid-file " + pidFile), "ExecStart writes the file PIDFile= reads: " + start);
        assertTrue(reload.contains("kill -USR2") && reload.contains(pidFile), reload);
        assertTrue(lines.contains("Environment=_JAVA_SR_SIGNUM=41"), "SIGUSR2 left to the proxy: " + lines);
        assertTrue(pidFile.startsWith("/run/" + value(lines, "RuntimeDirectory") + "/"), pidFile);
    }

    /** The unit's lines with continuations ({@code \} at the end) joined and comments left out. */
    private static List<String> joinedLines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            if (current.length() == 0 && (line.startsWith("#") || line.isBlank())) {
                continue;
            }
            String stripped = line.strip();
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
            } else {
                lines.add(current.append(stripped).toString().replaceAll(" +", " "));
                current.setLength(0);
            }
        }
        return lines;
    }

    private static String value(List<String> lines, String key) {
        List<String> found = lines.stream().filter(l -> l.startsWith(key + "=")).toList();
        assertEquals(1, found.size(), key + "= once in " + lines);
        return found.get(0).substring(key.length() + 1);
    }
}
