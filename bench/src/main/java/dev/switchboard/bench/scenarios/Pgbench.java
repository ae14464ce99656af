// Pgbench: runs the pgbench program (found on PATH) to initialise tables and drive load against a target.
package dev.switchboard.bench.scenarios;

import dev.switchboard.bench.targets.Credentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** pgbench with the bench credentials; TLS only where a scenario asks for it, so every target does the same work. */
public final class Pgbench {
    private final Path binary;
    private final Credentials credentials;

    public Pgbench(Path binary, Credentials credentials) {
        this.binary = binary;
        this.credentials = credentials;
    }

    /** pgbench from PATH; fails with what to install when it is missing or is only Debian's wrapper. */
    public static Pgbench find(Credentials credentials) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "pgbench");
            if (Files.isExecutable(candidate)) {
                Pgbench pgbench = new Pgbench(candidate, credentials);
                pgbench.version();
                return pgbench;
            }
        }
        throw new IllegalStateException("pgbench not found on PATH; install it (Debian: apt-get install postgresql-contrib)");
    }

    /** {@code pgbench --version}, e.g. "pgbench (PostgreSQL) 15.18". */
    public String version() {
        Result r = exec(List.of(binary.toString(), "--version"), null, 30, "disable");
        if (r.exitCode != 0) {
            throw new IllegalStateException(binary + " --version failed (Debian's wrapper without the server "
                    + "package? install postgresql-contrib):\n" + r.output);
        }
        return r.output.strip();
    }

    /** {@code pgbench -i -s scale}: the tables the select-only script reads. */
    public void initialize(String host, int port, int scale) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-i", "-q", "-s", Integer.toString(scale)));
        command.addAll(connection(host, port, credentials.database()));
        Result r = exec(command, null, 600, "disable");
        if (r.exitCode != 0) {
            throw new IllegalStateException("pgbench -i failed (exit " + r.exitCode + "):\n" + r.output);
        }
    }

    /** Runs a load on the bench database; the output is also kept in {@code outputFile}. */
    public PgbenchOutput run(String host, int port, PgbenchOptions options, Path outputFile) {
        return run(host, port, credentials.database(), options, outputFile, false);
    }

    /**
     * Runs a load on {@code database}, over TLS ({@code sslmode=require}) when {@code tls}; a {@code host} that is a
     * directory is a Unix socket's, as in libpq. The output is also kept in {@code outputFile}. Fails on any
     * non-zero exit (aborted clients).
     */
    public PgbenchOutput run(String host, int port, String database, PgbenchOptions options, Path outputFile,
                             boolean tls) {
        List<String> command = command(host, port, database, options);
        Result r = exec(command, outputFile, options.seconds() + 600L, tls ? "require" : "disable");
        if (r.exitCode != 0) {
            throw new IllegalStateException("pgbench exited with " + r.exitCode + ": " + failure(r.output));
        }
        return PgbenchOutput.parse(r.output);
    }

    List<String> command(String host, int port, String database, PgbenchOptions options) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(options.arguments());
        command.addAll(connection(host, port, database));
        return command;
    }

    private List<String> connection(String host, int port, String database) {
        return List.of("-h", host, "-p", Integer.toString(port), "-U", credentials.user(), database);
    }

    /** The first error pgbench reports (the cause), else its last line. */
    static String failure(String output) {
        List<String> lines = output.strip().lines().toList();
        return lines.stream().filter(l -> l.contains("error:") && !l.contains("Run was aborted")).findFirst()
                .orElse(lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1)).strip();
    }

    private record Result(int exitCode, String output) {
    }

    private Result exec(List<String> command, Path outputFile, long timeoutSeconds, String sslmode) {
        Path out = outputFile;
        try {
            if (out == null) {
                out = Files.createTempFile("switchboard-bench-pgbench", ".out");
            }
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().put("PGPASSWORD", credentials.password());
            pb.environment().put("PGSSLMODE", sslmode);
            Process process = pb.start();
            try {
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("pgbench did not finish within " + timeoutSeconds + " s: "
                            + String.join(" ", command));
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pgbench was running", e);
            }
            return new Result(process.exitValue(), Files.readString(out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } finally {
            if (outputFile == null && out != null) {
                out.toFile().delete();
            }
        }
    }
}
