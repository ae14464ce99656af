// PgBouncerBinary: finds the pgbouncer program (PATH or --pgbouncer) and tells its version.
package dev.switchboard.bench.targets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A runnable pgbouncer and its version; {@link #find} says why when there is none. */
public record PgBouncerBinary(Path path, String version) {
    private static final Pattern VERSION = Pattern.compile("PgBouncer\\s+(\\d+)\\.(\\d+)(\\.\\d+)?");

    /**
     * The binary at {@code explicit}, or {@code pgbouncer} on PATH when explicit is null.
     *
     * @param why receives the reason when the result is empty
     */
    public static Optional<PgBouncerBinary> find(Path explicit, StringBuilder why) {
        Path path = explicit != null ? explicit : onPath("pgbouncer");
        if (path == null) {
            why.append("pgbouncer not found on PATH (install the Debian package pgbouncer, or pass --pgbouncer PATH)");
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                why.append(path).append(" --version failed: ").append(out.strip());
                return Optional.empty();
            }
            return Optional.of(new PgBouncerBinary(path, out.lines().findFirst().orElse("").strip()));
        } catch (IOException e) {
            why.append("cannot run ").append(path).append(": ").append(e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why.append("interrupted while asking ").append(path).append(" for its version");
            return Optional.empty();
        }
    }

    /** PgBouncer 1.21 added prepared statements in transaction mode ({@code max_prepared_statements}). */
    public boolean supportsPreparedStatements() {
        return atLeast(version, 1, 21);
    }

    static boolean atLeast(String versionLine, int major, int minor) {
        Matcher m = VERSION.matcher(versionLine);
        if (!m.find()) {
            return false;
        }
        int ma = Integer.parseInt(m.group(1));
        int mi = Integer.parseInt(m.group(2));
        return ma > major || (ma == major && mi >= minor);
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
