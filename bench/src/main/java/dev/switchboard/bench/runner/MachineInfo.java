// MachineInfo: describes the machine a run happened on (cores, memory, kernel, Java, PostgreSQL, PgBouncer).
package dev.switchboard.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads /proc for what the JVM does not say. */
final class MachineInfo {
    private MachineInfo() {
    }

    static BenchResults.Machine describe(String postgresVersion, String pgbouncerVersion) {
        return new BenchResults.Machine(Runtime.getRuntime().availableProcessors(), memTotalBytes(), kernel(),
                System.getProperty("java.vm.name") + " " + Runtime.version(), postgresVersion, pgbouncerVersion);
    }

    private static String kernel() {
        try {
            return "Linux " + Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.name") + " " + System.getProperty("os.version");
        }
    }

    private static long memTotalBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // Not Linux or unreadable: reported as unknown.
        }
        return -1;
    }
}
