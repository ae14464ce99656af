// PidFileIT: `--pid-file` names the serving process, a successor started by SIGUSR2 rewrites it, a stop removes it.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What systemd's {@code PIDFile=} needs to follow a reload that hands over to a new process: the file names the
 * successor before the old process exits, so systemd reads the new main pid when it sees the old one go. The jar
 * runs without the launcher script, as a unit file or an image starts it, so the successor is started with this
 * JVM's own options and jar.
 */
class PidFileIT {
    private static final Duration QUICK = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void theSuccessorRewritesThePidFileBeforeTheOldProcessExitsAndAStopRemovesIt() throws Exception {
        ExternalProgram psql = ExternalProgram.require("psql");
        ExternalProgram kill = ExternalProgram.require("kill");
        int port = Ports.free();
        Path config = dir.resolve("switchboard.yaml");
        Path pidFile = dir.resolve("switchboard.pid");
        Files.writeString(config, ProxyHarness.config()
                .listen("port: " + port, "handoff_socket: \"" + dir.resolve("handoff.sock") + "\"")
                .limits("drain_grace: 1s")
                .yaml().replace("${PRIMARY}", TestCluster.primaryAddress()));
        ExternalProgram jvm = ExternalProgram.at(Path.of(System.getProperty("java.home"), "bin", "java"));
        // As the launcher does: HotSpot's own use of SIGUSR2 moves to another signal, so the proxy gets it.
        ExternalProgram.Running old = jvm.start(List.of("-Xmx128m", "-jar", ProxyProcess.jar().toString(), "run",
                "-c", config.toString(), "--pid-file", pidFile.toString()),
                Map.of("SWITCHBOARD_LOG_LEVEL", "INFO", "_JAVA_SR_SIGNUM", "41"), null);
        ProcessHandle successor = null;
        try {
            old.awaitStderr(Pattern.compile("Switchboard listening on 127\\.0\\.0\\.1:" + port), QUICK);
            long oldPid = old.process().pid();
            // Written once the proxy serves, just after it logs that it listens.
            Await.until("the pid file written", QUICK, () -> Files.exists(pidFile));
            assertEquals(Long.toString(oldPid), Files.readString(pidFile).strip(), old.toString());

            ExternalProgram.Result usr2 = kill.run(List.of("-USR2", Long.toString(oldPid)), Map.of(), null, QUICK);
            assertEquals(0, usr2.exitCode(), usr2.toString());
            long newPid = Long.parseLong(old.awaitStderr(
                    Pattern.compile("took over from the running process \\(this is pid (\\d+)\\)"), QUICK).group(1));
            assertNotEquals(oldPid, newPid);
            successor = ProcessHandle.of(newPid).orElseThrow();
            List<String> successorArgs = List.of(successor.info().arguments().orElseThrow());
            assertTrue(successorArgs.contains("-Xmx128m") && successorArgs.contains("--pid-file"),
                    "the successor keeps the JVM options and the pid file: " + successorArgs);

            assertTrue(old.process().waitFor(QUICK.toSeconds(), TimeUnit.SECONDS),
                    "the old process exits after the handoff\n" + old);
            assertEquals(0, old.process().exitValue(), old.toString());
            // Read after the old process is gone: what systemd would read on its exit.
            assertEquals(Long.toString(newPid), Files.readString(pidFile).strip(), old.toString());
            ExternalProgram.Result select = psql.run(List.of("-X", "-w", "-A", "-t", "-d",
                    "postgresql://app:app@127.0.0.1:" + port + "/app?sslmode=disable", "-c", "SELECT 1"),
                    Map.of("PGCONNECT_TIMEOUT", "10"), null, QUICK);
            assertEquals(0, select.exitCode(), select + "\n" + old);

            assertTrue(successor.destroy(), "SIGTERM sent to the successor");
            successor.onExit().get(QUICK.toSeconds(), TimeUnit.SECONDS);
            assertTrue(!Files.exists(pidFile), "a stopped process removes the pid file naming it\n" + old);
        } finally {
            if (successor != null) {
                successor.destroyForcibly();
            }
            old.kill();
        }
    }
}
