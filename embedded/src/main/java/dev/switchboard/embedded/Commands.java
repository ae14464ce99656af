// Runs PostgreSQL command-line tools (initdb, pg_ctl) as the PostgreSQL OS user, with a timeout.
package dev.switchboard.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and returns its exit code and combined output. */
final class Commands {

    /** Exit code and combined stdout/stderr of a finished command. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private final PgOsUser user;

    Commands(PgOsUser user) {
        this.user = user;
    }

    /** Runs the command and fails with its output unless it exits with 0. */
    String runOrThrow(List<String> command, Path workDir, Duration timeout, String what) {
        Result result = run(command, workDir, timeout);
        if (!result.ok()) {
            throw new EmbeddedPostgresException(what + " failed (exit " + result.exitCode() + "): "
                    + String.join(" ", command) + "\n" + result.output().strip());
        }
        return result.output();
    }

    /**
     * Runs the command as the PostgreSQL user. Output goes to a temporary file rather than a pipe: a
     * server started by pg_ctl must never hold a pipe to this JVM open.
     */
    Result run(List<String> command, Path workDir, Duration timeout) {
        List<String> full = user.wrap(command);
        Path output = null;
        try {
            output = Files.createTempFile("switchboard-cmd", ".out");
            ProcessBuilder builder = new ProcessBuilder(full)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            cleanEnvironment(builder.environment(), workDir);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new EmbeddedPostgresException(String.join(" ", full) + " did not finish within "
                        + timeout.toSeconds() + " s; output:\n" + Files.readString(output).strip());
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted running " + String.join(" ", full), e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // A leftover temp file is harmless.
                }
            }
        }
    }

    /**
     * Starts a long-running server as a child of this JVM with stdout and stderr appended to
     * {@code logFile}. Being the parent matters: the JVM reaps the process when it exits, whereas a
     * server daemonised by pg_ctl is re-parented to pid 1, which in containers may leave it a zombie
     * whose pid still blocks the next start of the same data directory.
     */
    Process startServer(List<String> command, Path workDir, Path logFile) {
        List<String> full = user.wrap(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        cleanEnvironment(builder.environment(), workDir);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", full), e);
        }
    }

    /** Removes libpq/PostgreSQL variables inherited from the caller so that they cannot redirect the tools. */
    private static void cleanEnvironment(Map<String, String> env, Path workDir) {
        env.keySet().removeIf(k -> k.startsWith("PG"));
        env.put("LC_ALL", "C");
        env.put("LANG", "C");
        // The JVM's HOME (e.g. /root) may be unreadable for the PostgreSQL user.
        env.put("HOME", workDir.toAbsolutePath().toString());
    }
}
