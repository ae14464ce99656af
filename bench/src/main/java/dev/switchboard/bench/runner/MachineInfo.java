// MachineInfo: describes the machine a run happened on (cores, memory, kernel, Java, PostgreSQL, PgBouncer).
package dev.switchboard.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads /proc for what the JVM does not say. */
final class MachineInfo {
    private MachineInfo() {
    }

    static BenchResults.Machine describe(String postgresVersion, String pgbouncerVersion, String proxyJava) {
        return new BenchResults.Machine(Runtime.getRuntime().availableProcessors(), memTotalBytes(), kernel(),
                System.getProperty("java.vm.name") + " " + Runtime.version(), postgresVersion, pgbouncerVersion,
                proxyJava);
    }

    /**
     * The JDK a process runs on, from the {@code release} file of the home its executable lives in, e.g.
     * {@code Temurin-25.0.3+9}; null when the process or the file cannot be read.
     */
    static String javaOf(long pid) {
        Path executable = ProcessHandle.of(pid).flatMap(p -> p.info().command()).map(Path::of).orElse(null);
        if (executable == null || executable.getParent() == null || executable.getParent().getParent() == null) {
            return null;
        }
        try {
            String release = Files.readString(executable.getParent().getParent().resolve("release"));
            String implementor = field(release, "IMPLEMENTOR_VERSION");
            String version = field(release, "JAVA_RUNTIME_VERSION");
            return version == null ? null : implementor != null ? implementor : field(release, "IMPLEMENTOR") + " " + version;
        } catch (IOException e) {
            return null;
        }
    }

    private static String field(String release, String name) {
        for (String line : release.split("\n")) {
            if (line.startsWith(name + "=")) {
                return line.substring(name.length() + 1).replace("\"", "").strip();
            }
        }
        return null;
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
