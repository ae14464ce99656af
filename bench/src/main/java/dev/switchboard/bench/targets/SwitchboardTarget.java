// SwitchboardTarget: Switchboard started from its jar in a separate JVM, so /proc shows its own CPU and memory.
package dev.switchboard.bench.targets;

import dev.switchboard.bench.runner.BenchResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code switchboard run -c <dir>/switchboard.yaml} through the launcher script when the bench was started by it
 * (so the proxy runs with the launcher's JVM options), else {@code java -jar switchboard.jar} with the JVM
 * options of SWITCHBOARD_JAVA_OPTS.
 */
public final class SwitchboardTarget extends ProcessTarget {
    private SwitchboardTarget(int port, UnixSocket socket, ChildProcess process) {
        super(BenchResults.SWITCHBOARD, port, socket, process, Duration.ofSeconds(60));
    }

    /**
     * Writes the configuration into {@code dir}, starts the proxy and waits until it listens: on a fixed free port
     * (its Unix socket is named after it) and on a socket in a short directory of its own.
     */
    public static SwitchboardTarget start(Path jar, Path dir, String pgHost, int pgPort, Path pgSocketDir,
                                          Credentials credentials, int poolSize, ClientTlsFiles tls) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Switchboard jar not found at " + jar
                    + "; build it with: mvn -B -q -Dmaven.test.skip=true -pl proxy -am package");
        }
        int port = FreePort.find();
        Path socketDir = worldReadableTempDir("switchboard-bench-socket");
        try {
            UnixSocket socket = new UnixSocket(socketDir, port, credentials.unixDatabase());
            ChildProcess child = startProcess(jar, dir, SwitchboardYaml.render(port, socketDir, pgHost, pgPort,
                    pgSocketDir, credentials, poolSize, tls), port);
            return new SwitchboardTarget(port, socket, child);
        } catch (RuntimeException e) {
            deleteTree(socketDir);
            throw e;
        }
    }

    private static ChildProcess startProcess(Path jar, Path dir, String config, int port) {
        Path yaml = dir.resolve("switchboard.yaml");
        try {
            Files.writeString(yaml, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + yaml, e);
        }
        List<String> command = new ArrayList<>();
        String launcher = System.getProperty("switchboard.launcher");
        if (launcher != null && Files.isExecutable(Path.of(launcher))) {
            // The launcher adds its JVM options (and SWITCHBOARD_JAVA_OPTS) and execs java: the pid is the proxy's.
            command.add(launcher);
        } else {
            command.add(javaBinary());
            String opts = System.getenv("SWITCHBOARD_JAVA_OPTS");
            if (opts != null && !opts.isBlank()) {
                command.addAll(List.of(opts.trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString()));
        }
        command.addAll(List.of("run", "-c", yaml.toString()));
        return ChildProcess.start("Switchboard", command, dir.resolve("switchboard.log"), "127.0.0.1", port,
                Duration.ofSeconds(60));
    }

    @Override
    void afterClose() {
        deleteTree(unixSocket().dir());
    }

    /** The java running this bench, so the proxy runs on the same JDK. */
    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
