// ChildProcess: a server process the bench starts, waits for (port open) and stops (TERM, then KILL).
package dev.switchboard.bench.targets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A started server with its output in a log file; {@link #close()} is idempotent. */
final class ChildProcess implements AutoCloseable {
    private final String what;
    private final List<String> command;
    private final Process process;
    private final Path log;
    private final String host;
    private final int port;

    private ChildProcess(String what, List<String> command, Process process, Path log, String host, int port) {
        this.what = what;
        this.command = List.copyOf(command);
        this.process = process;
        this.log = log;
        this.host = host;
        this.port = port;
    }

    /** Starts {@code command} with stdout+stderr appended to {@code log} and waits until it accepts on the port. */
    static ChildProcess start(String what, List<String> command, Path log, String host, int port, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + what + " (" + String.join(" ", command) + ")", e);
        }
        ChildProcess child = new ChildProcess(what, command, process, log, host, port);
        try {
            child.awaitPort(host, port, timeout);
            return child;
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    /** Stops this process and starts the same command again; returns the new process. */
    ChildProcess restart(Duration timeout) {
        close();
        return start(what, command, log, host, port, timeout);
    }

    long pid() {
        return process.pid();
    }

    private void awaitPort(String host, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with code " + process.exitValue()
                        + " before listening on " + host + ":" + port + "; its output:\n" + tail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException notYet) {
                sleepBriefly();
            }
        }
        throw new IllegalStateException(what + " did not listen on " + host + ":" + port + " within "
                + timeout.toSeconds() + " s; its output:\n" + tail());
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a server to start", e);
        }
    }

    /** The last lines of the log, for error messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
