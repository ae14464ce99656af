// Liveness checks and forced kills of operating-system processes by pid (zombie-aware, Linux /proc).
package dev.switchboard.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Process helpers that do not assume the process is a child of this JVM. */
final class OsProcesses {

    private OsProcesses() {
    }

    /**
     * Whether the process exists and is not a zombie. A killed postmaster is re-parented to pid 1, which
     * in containers does not always reap it, so {@link ProcessHandle#isAlive()} alone would report a zombie
     * as alive forever.
     */
    static boolean isAlive(long pid) {
        if (pid <= 0) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /** Whether the live process {@code pid} runs a binary named {@code name} (guards against pid reuse). */
    static boolean runs(long pid, String name) {
        Optional<String> command = ProcessHandle.of(pid).flatMap(h -> h.info().command());
        return isAlive(pid) && command.map(c -> c.equals(name) || c.endsWith("/" + name)).orElse(false);
    }

    /** The live descendants of a process, collected before it dies (afterwards they are re-parented). */
    static List<ProcessHandle> descendants(long pid) {
        return ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of());
    }

    /** SIGKILLs the process and all its descendants and waits until they are gone; true if they are. */
    static boolean killTree(long pid, Duration timeout) {
        List<ProcessHandle> victims = new ArrayList<>(descendants(pid));
        ProcessHandle.of(pid).ifPresent(victims::add);
        victims.forEach(ProcessHandle::destroyForcibly);
        return awaitGone(victims.stream().mapToLong(ProcessHandle::pid).toArray(), timeout);
    }

    /** Polls until none of the pids is alive; true if that happened within the timeout. */
    static boolean awaitGone(long[] pids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            boolean anyAlive = false;
            for (long pid : pids) {
                anyAlive |= isAlive(pid);
            }
            if (!anyAlive) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(20);
        }
    }

    /** Sleeps a polling interval; an interrupt is preserved and aborts with an exception. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted while waiting", e);
        }
    }
}
