// Main: the `switchboard` command line — run, upgrade, reload, drain, check-config, import-pgbouncer, --help.
package dev.switchboard.proxy.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.proxy.SwitchboardServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/** Entry point of the runnable jar. Exit codes: 0 ok, 1 runtime failure, 2 bad usage or configuration. */
public final class Main {
    static final String USAGE = """
            Usage: switchboard <command> [options]

            Commands:
              run -c FILE [--pid-file PATH]
                                   run the proxy with the configuration FILE (YAML); PATH, when given,
                                   names the serving process, and a successor rewrites it on takeover
              upgrade -c FILE [--pid-file PATH]
                                   start a new proxy that takes over from the one running with FILE:
                                   its listening sockets and its clients between transactions move
                                   here without reconnecting; the old process drains the rest and exits
              drain -c FILE        the proxy running with FILE accepts no new connections, asks its
                                   clients to reconnect (to its siblings behind a load balancer) and
                                   stops once they are gone
              reload -c FILE [--pid N]
                                   validate FILE, then ask the proxy running with it (or pid N) to
                                   reload it (SIGHUP); what changed is in that proxy's log
              demo [--port N] [--tls]
                                   start a local PostgreSQL primary + streaming standby and the proxy
                                   in front of it (default 127.0.0.1:6432); Ctrl-C stops everything;
                                   --tls: clients must use TLS, with a throwaway certificate authority.
                                   Runs from switchboard-demo.jar, which carries PostgreSQL: the
                                   ./switchboard launcher builds and starts it
              check-config FILE    validate FILE and print every error with file, line and field
              import-pgbouncer FILE [-o OUT]
                                   convert a PgBouncer configuration (and its auth_file) to
                                   Switchboard YAML on standard output or OUT; every setting it
                                   could not map is printed on standard error with the reason
              --help               this text
              --version            the version

            Environment: SWITCHBOARD_LOG_LEVEL (default INFO), SWITCHBOARD_PG_BIN (local PostgreSQL
            binaries for the demo), and any ${VAR} the configuration file refers to.
            """;

    /** The production jar holds the proxy only; PostgreSQL for the demo is in a jar of its own. */
    static final String DEMO_ELSEWHERE = "switchboard: the demo is not in this jar: it runs from switchboard-demo.jar,"
            + " which carries the PostgreSQL binaries (`./switchboard demo` builds and starts it from a checkout;"
            + " or `java -jar switchboard-demo.jar [--port N] [--tls]`)";

    /** How long a process that handed over waits for its successor to write the pid file before it exits. */
    private static final java.time.Duration SUCCESSOR_CLAIM = java.time.Duration.ofSeconds(30);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "--help", "-h", "help" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--version", "-V", "version" -> {
                    out.println("switchboard " + version());
                    return 0;
                }
                case "check-config" -> {
                    return checkConfig(rest, out, err);
                }
                case "run" -> {
                    return runProxy(rest, err, false);
                }
                case "upgrade" -> {
                    return runProxy(rest, err, true);
                }
                case "reload" -> {
                    return ReloadCommand.run(rest, out, err);
                }
                case "drain" -> {
                    return DrainCommand.run(rest, out, err);
                }
                case "import-pgbouncer" -> {
                    return ImportPgbouncerCommand.run(rest, out, err);
                }
                case "demo" -> {
                    err.println(DEMO_ELSEWHERE);
                    return 2;
                }
                default -> {
                    err.println("switchboard: unknown command \"" + args[0] + "\"\n");
                    err.print(USAGE);
                    return 2;
                }
            }
        } catch (UsageException e) {
            err.println("switchboard: " + e.getMessage());
            return 2;
        }
    }

    public static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    private static int checkConfig(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            throw new UsageException("check-config takes exactly one FILE");
        }
        try {
            SwitchboardConfig config = ConfigLoader.load(Path.of(args[0]));
            out.println(args[0] + ": OK (" + config.databases().size() + " databases, " + config.users().size()
                    + " users, " + config.clusters().size() + " clusters)");
            return 0;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private static int runProxy(String[] args, PrintStream err, boolean takeOver) {
        Path file = null;
        PidFile pidFile = null;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("-c") || args[i].equals("--config")) && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].equals("--pid-file") && i + 1 < args.length) {
                pidFile = new PidFile(Path.of(args[++i]));
            } else {
                throw new UsageException("unknown option for " + (takeOver ? "upgrade" : "run") + ": " + args[i]);
            }
        }
        if (file == null) {
            throw new UsageException((takeOver ? "upgrade" : "run") + " needs -c FILE");
        }
        if (!Files.isReadable(file)) {
            err.println("switchboard: cannot read configuration file " + file);
            return 2;
        }
        SwitchboardConfig config;
        try {
            config = ConfigLoader.load(file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        SwitchboardServer server;
        try {
            server = takeOver ? SwitchboardServer.takeOver(config) : SwitchboardServer.start(config);
        } catch (java.io.IOException e) {
            err.println("switchboard: could not " + (takeOver ? "take over" : "start") + ": " + e.getMessage()
                    + (takeOver ? " (the running process, if any, goes on serving)" : ""));
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("switchboard: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("switchboard: could not start: " + e);
            return 1;
        }
        if (pidFile != null) {
            try {
                pidFile.claim();
            } catch (java.io.IOException e) {
                err.println("switchboard: cannot write the pid file " + pidFile.path() + ": " + e);
                server.close();
                return 1;
            }
        }
        UpgradeSignal.install(file, pidFile == null ? null : pidFile.path());
        server.context().reloader().source(file);
        ReloadSignal.install(server.context().reloader());
        PidFile writtenPidFile = pidFile;
        try {
            // The console's SHUTDOWN stops at once, as PgBouncer's does: no drain, the hook finds nothing to do.
            java.util.concurrent.CompletableFuture<Void> shutdown = server.context().shutdownRequested();
            awaitShutdown(() -> {
                if (!shutdown.isDone()) {
                    server.shutdownGracefully();
                }
                if (writtenPidFile != null) {
                    writtenPidFile.releaseIfOurs();
                }
            }, java.util.concurrent.CompletableFuture.anyOf(server.stopped(), shutdown));
            if (shutdown.isDone()) {
                server.close();
            }
            if (writtenPidFile != null) {
                // A successor took over (a drain completes with no report): exit only once the file names it.
                if (server.stopped().isDone() && server.stopped().join() != null) {
                    writtenPidFile.awaitSuccessor(SUCCESSOR_CLAIM);
                } else {
                    writtenPidFile.releaseIfOurs();
                }
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            return 1;
        }
    }

    /**
     * Blocks until the JVM is asked to stop (then runs {@code onStop}) or {@code stoppedByItself} completes (a
     * successor took over and this process has drained).
     */
    public static void awaitShutdown(Runnable onStop, java.util.concurrent.CompletableFuture<?> stoppedByItself)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            onStop.run();
            stopped.countDown();
        }, "switchboard-shutdown"));
        stoppedByItself.thenRun(stopped::countDown);
        stopped.await();
    }

    /** Bad command line: usage is printed, exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
