// ExternalProgram: finds real client programs (psql, pgbench, java) and runs them as subprocesses for integration tests.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program resolved on {@code PATH}. A missing program fails the test (never skips it): CI installs
 * psql and pgbench, so their absence is a broken environment, not an optional feature.
 *
 * <p>Subprocesses get the caller's environment without any {@code PG*} variable, so a developer's own
 * PGHOST/PGPASSWORD/PGSERVICE cannot change what a test connects to; tests pass the ones they mean.
 */
public final class ExternalProgram {
    private final Path path;
    /** Arguments that come before the caller's (for sudo: the program it runs). */
    private final List<String> leading;

    private ExternalProgram(Path path) {
        this(path, List.of());
    }

    private ExternalProgram(Path path, List<String> leading) {
        this.path = path;
        this.leading = leading;
    }

    /** The program {@code name} from PATH, or a test failure saying where it was looked for and who installs it. */
    public static ExternalProgram require(String name) {
        String pathVar = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVar.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new ExternalProgram(candidate);
            }
        }
        fail(name + " not found on PATH (" + pathVar + "); .ci/run installs it");
        throw new AssertionError("unreachable");
    }

    /**
     * The program {@code name} run as root: directly when the tests run as root, else through password-free sudo
     * (CI runs as root or with it, since it installs packages).
     */
    public static ExternalProgram asRoot(String name) {
        if ("root".equals(System.getProperty("user.name"))) {
            return require(name);
        }
        return new ExternalProgram(require("sudo").path, List.of("-n", name));
    }

    /** The program at a known path (e.g. the JVM running the tests). */
    public static ExternalProgram at(Path path) {
        assertTrue(Files.isExecutable(path), path + " is not an executable file");
        return new ExternalProgram(path);
    }

    public Path path() {
        return path;
    }

    /** Runs with no extra environment and no input. */
    public Result run(Duration timeout, String... args) {
        return run(List.of(args), Map.of(), null, timeout);
    }

    /**
     * Runs to completion. {@code stdin} (may be null) is written and closed; stdout and stderr are read
     * concurrently so a chatty program cannot block on a full pipe. A program still running at the
     * timeout is killed and the test fails with whatever it printed so far.
     */
    public Result run(List<String> args, Map<String, String> env, String stdin, Duration timeout) {
        Running running = start(args, env, null);
        try {
            try (OutputStream in = running.process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // The program may exit without reading its input; its exit code and output tell why.
            }
            if (!running.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                running.process.destroyForcibly();
                running.process.waitFor(10, TimeUnit.SECONDS);
                fail(describe(args) + " did not finish within " + timeout + "\nstdout:\n" + running.stdout()
                        + "\nstderr:\n" + running.stderr());
            }
            running.joinReaders();
            return new Result(describe(args), running.process.exitValue(), running.stdout(), running.stderr());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.process.destroyForcibly();
            throw new AssertionError("interrupted while running " + describe(args), e);
        }
    }

    /**
     * Debian's python (/usr/bin/python3, not whatever python3 PATH finds) when it can import {@code module}; the test
     * fails otherwise, naming the package .ci/run installs.
     */
    public static ExternalProgram systemPythonWith(String module, String debianPackage) {
        Path systemPython = Path.of("/usr/bin/python3");
        ExternalProgram python = ExternalProgram.at(systemPython);
        Result check = python.run(Duration.ofSeconds(30), "-c", "import " + module);
        if (check.exitCode() != 0) {
            fail(systemPython + " cannot import " + module + "; .ci/run installs " + debianPackage
                    + " (the Debian package, for the system python, not a pyenv/venv one)\n" + check);
        }
        return python;
    }

    /** The path of a client script among the test resources ({@code clients/NAME}). */
    public static String clientScript(String name) {
        java.net.URL resource = ExternalProgram.class.getResource("/clients/" + name);
        assertTrue(resource != null, "test resource clients/" + name + " is missing from the test classpath");
        try {
            return Path.of(resource.toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError("bad resource URL " + resource, e);
        }
    }

    /** Starts without waiting: for long-running programs (the proxy, the demo) that a test stops itself. */
    public Running start(List<String> args, Map<String, String> env, Path workDir) {
        List<String> command = new ArrayList<>();
        command.add(path.toString());
        command.addAll(leading);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
        builder.environment().putAll(env);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        try {
            return new Running(describe(args), builder.start());
        } catch (IOException e) {
            throw new AssertionError("could not start " + describe(args) + ": " + e.getMessage(), e);
        }
    }

    private String describe(List<String> args) {
        List<String> all = new ArrayList<>(leading);
        all.addAll(args);
        return path.getFileName() + " " + String.join(" ", all);
    }

    /** The outcome of a finished program; {@link #toString()} shows everything, for assertion messages. */
    public record Result(String command, int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return command + " exited with " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    /** A started program whose output is collected as it comes. */
    public static final class Running {
        private final String command;
        private final Process process;
        private final StringBuffer stdout = new StringBuffer();
        private final StringBuffer stderr = new StringBuffer();
        private final Thread outReader;
        private final Thread errReader;

        private Running(String command, Process process) {
            this.command = command;
            this.process = process;
            this.outReader = pump(process.getInputStream(), stdout, "stdout");
            this.errReader = pump(process.getErrorStream(), stderr, "stderr");
        }

        private Thread pump(InputStream in, StringBuffer sink, String name) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                ByteArrayOutputStream pending = new ByteArrayOutputStream();
                try (in) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        pending.write(buf, 0, n);
                        // Append whole lines only, so a waiter never sees half a multi-byte character.
                        byte[] bytes = pending.toByteArray();
                        int lastNl = lastNewline(bytes);
                        if (lastNl >= 0) {
                            sink.append(new String(bytes, 0, lastNl + 1, StandardCharsets.UTF_8));
                            pending.reset();
                            pending.write(bytes, lastNl + 1, bytes.length - lastNl - 1);
                        }
                    }
                } catch (IOException e) {
                    // Stream closed because the process was killed: keep what was read.
                }
                sink.append(pending.toString(StandardCharsets.UTF_8));
            }, "output-" + name + "-" + command.split(" ")[0]);
            t.setDaemon(true);
            t.start();
            return t;
        }

        private static int lastNewline(byte[] bytes) {
            for (int i = bytes.length - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        public Process process() {
            return process;
        }

        public String stdout() {
            return stdout.toString();
        }

        public String stderr() {
            return stderr.toString();
        }

        /**
         * Polls stdout until {@code pattern} matches, and returns the match. Fails when the deadline
         * passes or the program exits first, showing its output.
         */
        public Matcher awaitStdout(Pattern pattern, Duration timeout) {
            return await(stdout, "stdout", pattern, timeout);
        }

        /** As {@link #awaitStdout} for stderr (where the proxy logs). */
        public Matcher awaitStderr(Pattern pattern, Duration timeout) {
            return await(stderr, "stderr", pattern, timeout);
        }

        private Matcher await(StringBuffer output, String name, Pattern pattern, Duration timeout) {
            return Await.value(() -> command + " printing /" + pattern + "/ on " + name + "\n" + this, timeout, () -> {
                Matcher m = pattern.matcher(output.toString());
                if (m.find()) {
                    return m;
                }
                if (!process.isAlive()) {
                    joinReaders();
                    m = pattern.matcher(output.toString());
                    if (m.find()) {
                        return m;
                    }
                    fail(command + " exited with " + process.exitValue() + " before printing /" + pattern + "/ on "
                            + name + "\n" + this);
                }
                return null;
            });
        }

        /**
         * Sends SIGTERM and waits for the exit code; fails if it does not exit in time. Through the
         * {@link ProcessHandle}: {@link Process#destroy()} sends the same signal but also closes our ends
         * of the pipes, losing whatever the program prints while it shuts down.
         */
        public int terminate(Duration timeout) throws InterruptedException {
            process.toHandle().destroy();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                fail(command + " did not exit within " + timeout + " of SIGTERM\n" + this);
            }
            joinReaders();
            return process.exitValue();
        }

        /** Kills the process if it is still running (cleanup in finally blocks). */
        public void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }

        void joinReaders() throws InterruptedException {
            outReader.join(5000);
            errReader.join(5000);
        }

        @Override
        public String toString() {
            return "--- stdout of " + command + ":\n" + stdout() + "\n--- stderr:\n" + stderr();
        }
    }
}
