// ProcessCpu: CPU seconds and resident memory of a Linux process, read from /proc.
package dev.switchboard.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reads {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}. Linux only: the bench compares the proxy
 * with PgBouncer by what the kernel charged each process, which no JVM API reports for another process.
 */
public final class ProcessCpu {

    private static final long DEFAULT_CLK_TCK = 100;
    /** stat fields after the ")" that closes comm: index 0 is field 3 (state), so utime (14) is 11. */
    private static final int UTIME_AFTER_COMM = 11;
    private static final int STIME_AFTER_COMM = 12;

    private static volatile long clockTicks;

    private ProcessCpu() {
    }

    /**
     * User plus system CPU time the process {@code pid} has used, in seconds.
     *
     * @throws IllegalStateException when the process does not exist or its stat line cannot be read
     */
    public static double seconds(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // comm (field 2) may hold spaces and parentheses; it ends at the last ')'.
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalStateException("unreadable /proc/" + pid + "/stat: no ')' after the command name");
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        if (f.length <= STIME_AFTER_COMM) {
            throw new IllegalStateException("unreadable /proc/" + pid + "/stat: only " + (f.length + 2) + " fields");
        }
        long ticks = Long.parseLong(f[UTIME_AFTER_COMM]) + Long.parseLong(f[STIME_AFTER_COMM]);
        return ticks / (double) clockTicks();
    }

    /**
     * The resident set size (VmRSS) of {@code pid} in bytes.
     *
     * @throws IllegalStateException when the process does not exist or reports no VmRSS (a zombie)
     */
    public static long rssBytes(long pid) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                long value = Long.parseLong(parts[0]);
                if (parts.length < 2 || !parts[1].equalsIgnoreCase("kB")) {
                    throw new IllegalStateException("unexpected VmRSS unit in /proc/" + pid + "/status: " + line);
                }
                return value * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS line in /proc/" + pid + "/status (has the process exited?)");
    }

    /** Kernel clock ticks per second ({@code getconf CLK_TCK}), asked once; 100 if that fails. */
    static long clockTicks() {
        long t = clockTicks;
        if (t == 0) {
            t = askClockTicks();
            clockTicks = t;
        }
        return t;
    }

    private static long askClockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return DEFAULT_CLK_TCK;
            }
            long v = p.exitValue() == 0 ? Long.parseLong(out) : DEFAULT_CLK_TCK;
            return v > 0 ? v : DEFAULT_CLK_TCK;
        } catch (IOException | NumberFormatException e) {
            return DEFAULT_CLK_TCK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_CLK_TCK;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + " (no such process, or not Linux): " + e, e);
        }
    }
}
