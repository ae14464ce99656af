// ProcessTarget: a target served by a child process the bench started (Switchboard, PgBouncer).
package dev.switchboard.bench.targets;

import java.time.Duration;
import java.util.OptionalLong;

/** Port, pid, restart and stop of the child process; subclasses say how to start it and what to clean up. */
abstract class ProcessTarget implements Target {
    private final String name;
    private final int port;
    private final Duration restartTimeout;
    private ChildProcess process;
    private boolean closed;

    ProcessTarget(String name, int port, ChildProcess process, Duration restartTimeout) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.restartTimeout = restartTimeout;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String host() {
        return "127.0.0.1";
    }

    @Override
    public final int port() {
        return port;
    }

    @Override
    public final synchronized OptionalLong pid() {
        return OptionalLong.of(process.pid());
    }

    @Override
    public final synchronized void restart() {
        if (closed) {
            throw new IllegalStateException(name + " was stopped (the bench is shutting down)");
        }
        process = process.restart(restartTimeout);
    }

    @Override
    public final synchronized void close() {
        closed = true;
        process.close();
        afterClose();
    }

    /** What is left once the process is gone (e.g. its configuration directory). */
    void afterClose() {
    }
}
