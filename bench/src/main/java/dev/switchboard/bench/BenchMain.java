// BenchMain: entry point of `switchboard bench` — runs the plan, prints the table, writes JSON, charts and logs.
package dev.switchboard.bench;

import dev.switchboard.bench.report.Charts;
import dev.switchboard.bench.runner.BenchOptions;
import dev.switchboard.bench.runner.BenchResults;
import dev.switchboard.bench.runner.BenchRunner;
import dev.switchboard.bench.runner.Cleanup;
import dev.switchboard.bench.runner.JsonReport;
import dev.switchboard.bench.runner.MarkdownReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Exit codes: 0 ok, 1 the bench failed, 2 bad usage. Ctrl-C stops every process the bench started. */
public final class BenchMain {
    /** Pool size of both poolers, as the issue asks (20 backends). */
    static final int POOL_SIZE = 20;
    /** pgbench -i -s: 1,000,000 accounts, small enough to load in seconds and stay cached. */
    static final int SCALE = 10;

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("switchboard bench: " + e.getMessage() + "\n");
            err.print(BenchOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(BenchOptions.USAGE);
            return 0;
        }
        Cleanup cleanup = new Cleanup();
        Thread hook = new Thread(() -> onInterrupt(cleanup), "switchboard-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Path dir = options.save() != null ? Files.createDirectories(options.save())
                    : Files.createTempDirectory("switchboard-bench");
            err.println("switchboard bench: results and raw logs go to " + dir);
            String command = "./switchboard bench" + (args.length == 0 ? "" : " " + String.join(" ", args));
            BenchRunner runner = new BenchRunner(switchboardJar(), options.pgbouncer(), dir.resolve("raw"), SCALE,
                    POOL_SIZE, err, System.console() != null, cleanup);
            BenchResults results = runner.run(options.plan(), command, options.quick());
            cleanup.close();
            String markdown = MarkdownReport.render(results);
            Files.writeString(dir.resolve("results.json"), JsonReport.render(results));
            Files.writeString(dir.resolve("results.md"), markdown);
            writeCharts(dir, results, err);
            out.println();
            out.print(markdown);
            err.println("switchboard bench: wrote " + dir.resolve("results.json") + ", results.md and charts in " + dir);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("\nswitchboard bench failed: " + e.getMessage());
            return 1;
        } finally {
            cleanup.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running already.
            }
        }
    }

    /**
     * Ctrl-C: a running pgbench is our child but not registered anywhere (it ends by itself within its -T),
     * so it is stopped here first; then the proxies, PgBouncer and PostgreSQL.
     */
    private static void onInterrupt(Cleanup cleanup) {
        ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/pgbench")).orElse(false))
                .forEach(ProcessHandle::destroy);
        cleanup.close();
    }

    /** A missing chart is reported, not fatal: the table and JSON carry the numbers. */
    private static void writeCharts(Path dir, BenchResults results, PrintStream err) {
        try {
            List<Path> charts = Charts.write(dir, results);
            err.println("switchboard bench: charts: " + charts);
        } catch (RuntimeException e) {
            err.println("switchboard bench: charts not written: " + e);
        }
    }

    /**
     * The proxy jar: system property {@code switchboard.jar} (the launcher sets it), else
     * {@code proxy/target/switchboard.jar} under the working directory or its parent.
     */
    static Path switchboardJar() {
        String property = System.getProperty("switchboard.jar");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        for (Path candidate : List.of(Path.of("proxy/target/switchboard.jar"), Path.of("../proxy/target/switchboard.jar"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        return Path.of("proxy/target/switchboard.jar").toAbsolutePath();
    }
}
