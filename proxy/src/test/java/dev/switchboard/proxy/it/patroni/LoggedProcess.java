// LoggedProcess: a long-running server process (etcd, Patroni) whose output goes to a log file in the run directory.
package dev.switchboard.proxy.it.patroni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Output goes to a file rather than through pipes: nothing has to drain it, it survives the process, and
 * a failing test quotes its tail. The environment is exactly {@code env}, so a developer's PG* or
 * Python variables cannot change what Patroni does.
 */
final class LoggedProcess {
    /** Lines of a log quoted in failure messages. */
    static final int TAIL_LINES = 40;

    private final String what;
    private final Process process;
    private final Path log;

    private LoggedProcess(String what, Process process, Path log) {
        this.what = what;
        this.process = process;
        this.log = log;
    }

    static LoggedProcess start(String what, List<String> command, Map<String, String> env, Path workDir, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            return new LoggedProcess(what, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + what + ": " + String.join(" ", command), e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** The last {@link #TAIL_LINES} lines of the log, headed by the process's name, for failure messages. */
    String tail() {
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return "\n--- " + what + " (" + state + "): cannot read " + log + ": " + e;
        }
        List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        return "\n--- last " + last.size() + " lines of " + log + " (" + what + ", " + state + "):\n"
                + String.join("\n", last);
    }

    /** Waits up to {@code timeout} for the process to exit on its own; true when it has. */
    boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int exitValue() {
        return process.exitValue();
    }

    /**
     * SIGTERM, then SIGKILL for it and its children after {@code grace}. Returns false when it had to be
     * killed. Children are collected first: once the parent is gone they can no longer be found from it.
     */
    boolean stop(Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.toHandle().destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public String toString() {
        return what + " (pid " + process.pid() + ")";
    }
}
