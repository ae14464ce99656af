// ProxyProcess: the packaged switchboard.jar run as a separate JVM with its own (small) heap, for tests that measure the proxy itself.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code java <jvmArgs> -jar switchboard.jar run -c <file>}, the jar as {@link #jar()} finds it. */
final class ProxyProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int port;

    private ProxyProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the proxy with {@code yaml}, in which {@code ${PORT}} becomes a free port; waits until it listens. */
    static ProxyProcess start(String yaml, List<String> jvmArgs) throws IOException {
        Path jar = jar();
        int port = Ports.free();
        Path dir = Files.createTempDirectory("switchboard-process");
        Path config = dir.resolve("switchboard.yaml");
        Files.writeString(config, yaml.replace("${PORT}", Integer.toString(port)));
        Path log = dir.resolve("proxy.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(), "run", "-c", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SWITCHBOARD_LOG_LEVEL", "WARN");
        ProxyProcess proxy = new ProxyProcess(builder.start(), log, port);
        proxy.awaitListening(Duration.ofSeconds(60));
        return proxy;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process printed so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    /** The live heap: {@code jcmd <pid> GC.run}, then {@code GC.heap_info}; or a note why it could not be run. */
    String heapInfo() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return "(no jcmd in " + jcmd.getParent() + ")";
        }
        try {
            String out = "";
            for (String command : List.of("GC.run", "GC.heap_info")) {
                Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command)
                        .redirectErrorStream(true).start();
                out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(30, TimeUnit.SECONDS);
            }
            return out;
        } catch (IOException e) {
            return "(jcmd failed: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private void awaitListening(Duration timeout) {
        Await.until("the proxy process listening on port " + port, timeout, () -> {
            if (!process.isAlive()) {
                fail("the proxy process exited with " + process.exitValue() + ":\n" + output());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    /**
     * The packaged jar: system property {@code switchboard.jar} (the POM sets it for failsafe), else
     * {@code target/switchboard.jar} below the working directory, which is the module's when a test runs from
     * its IDE. Fails when it is missing rather than building it: a Maven run inside a test would fight the
     * outer one over target/.
     */
    static Path jar() {
        String configured = System.getProperty("switchboard.jar");
        Path jar = (configured != null ? Path.of(configured) : Path.of("target", "switchboard.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            fail("the proxy jar is missing at " + jar + "; `mvn -B verify` builds it in the package phase, before"
                    + " the ITs run (`mvn -B -pl proxy -am package -DskipTests` alone), or point -Dswitchboard.jar at one");
        }
        return jar;
    }


    /** Stops the process (SIGTERM, then SIGKILL), waits for it, and removes its config and log. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log.resolveSibling("switchboard.yaml"));
            Files.deleteIfExists(log);
            Files.deleteIfExists(log.getParent());
        } catch (IOException e) {
            System.err.println("could not remove " + log.getParent() + ": " + e);
        }
    }
}
