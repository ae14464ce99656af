// Demo: `switchboard demo` — a local primary + streaming standby with the proxy in front, for trying Switchboard.
package dev.switchboard.demo;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.embedded.PgCluster;
import dev.switchboard.embedded.PgNode;
import dev.switchboard.proxy.SwitchboardServer;
import dev.switchboard.proxy.cli.Main;
import java.io.PrintStream;
import java.util.Map;

/**
 * The entry point of switchboard-demo.jar, which carries the PostgreSQL binaries the production jar leaves out.
 * Everything the demo starts is stopped and deleted on Ctrl-C. Exit codes as the proxy's: 0 ok, 1 failure, 2 usage.
 */
public final class Demo {
    static final String USAGE = """
            Usage: switchboard demo [--port N] [--tls]
              start a local PostgreSQL primary + streaming standby and the proxy in front of it
              (default 127.0.0.1:6432); Ctrl-C stops everything and deletes the data directories
              --tls   clients must use TLS, with a throwaway certificate authority

            Environment: SWITCHBOARD_LOG_LEVEL (default INFO), SWITCHBOARD_PG_BIN (local PostgreSQL
            binaries instead of the bundled ones).
            """;

    static final String USER = "app";
    static final String PASSWORD = "app";
    static final String DATABASE = "app";

    private Demo() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        int port = 6432;
        boolean tls = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length && args[i + 1].matches("\\d{1,5}")) {
                port = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--tls")) {
                tls = true;
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                out.print(USAGE);
                return 0;
            } else {
                err.println("switchboard demo: unknown option " + args[i] + "\n");
                err.print(USAGE);
                return 2;
            }
        }
        DemoTls certificates;
        try {
            certificates = tls ? DemoTls.create() : null;
        } catch (java.io.IOException e) {
            err.println("switchboard demo failed: cannot make its TLS certificates: " + e.getMessage());
            return 1;
        }
        out.println("Starting PostgreSQL (primary + 1 streaming standby)...");
        PgCluster cluster = PgCluster.builder().standbys(1).start();
        SwitchboardServer server = null;
        try {
            PgNode primary = cluster.primary();
            primary.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            primary.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            String yaml = configYaml(cluster, port) + (certificates == null ? "" : certificates.yaml());
            SwitchboardConfig config = ConfigLoader.parse(yaml, "demo", Map.of());
            server = SwitchboardServer.start(config);
            printConnectionHelp(out, cluster, server.port(), server.adminPort(), certificates);
            SwitchboardServer running = server;
            Main.awaitShutdown(() -> {
                out.println("\nStopping Switchboard and PostgreSQL...");
                running.close();
                cluster.close();
                if (certificates != null) {
                    certificates.delete();
                }
            }, running.context().shutdownRequested()); // the console's SHUTDOWN stops the demo as Ctrl-C does
            return 0;
        } catch (Exception e) {
            err.println("switchboard demo failed: " + e);
            if (server != null) {
                server.close();
            }
            cluster.close();
            if (certificates != null) {
                certificates.delete();
            }
            return 1;
        }
    }

    static String configYaml(PgCluster cluster, int port) {
        StringBuilder nodes = new StringBuilder();
        for (PgNode node : cluster.nodes()) {
            nodes.append(nodes.length() == 0 ? "" : ", ").append('"').append(node.host()).append(':')
                    .append(node.port()).append('"');
        }
        return """
                listen: { address: 127.0.0.1, port: %d }
                http: { address: 127.0.0.1, port: 0 }
                pool: { mode: session, size: 20 }
                clusters:
                  demo:
                    nodes: [ %s ]
                databases:
                  %s: { cluster: demo, dbname: %s }
                  %s_ro: { cluster: demo, dbname: %s, target: read-only, max_lag: 1MB, pool: { mode: transaction } }
                users:
                  - { name: %s, password: %s, auth: scram-sha-256 }
                admin_users: [ %s ]
                """.formatted(port, nodes, DATABASE, DATABASE, DATABASE, DATABASE, USER, PASSWORD, USER);
    }

    private static String libpqUrl(String host, int port, String database, DemoTls certificates) {
        return "postgresql://" + USER + ":" + PASSWORD + "@" + host + ":" + port + "/" + database
                + (certificates == null ? "" : "?" + certificates.libpqParameters());
    }

    private static void printConnectionHelp(PrintStream out, PgCluster cluster, int port, int adminPort,
                                            DemoTls certificates) {
        String host = certificates == null ? "127.0.0.1" : "localhost"; // the name its certificate carries
        String url = libpqUrl(host, port, DATABASE, certificates);
        String jdbcUrl = "jdbc:postgresql://" + host + ":" + port + "/" + DATABASE + "?user=" + USER + "&password="
                + PASSWORD + (certificates == null ? "" : "&" + certificates.libpqParameters());
        out.println();
        out.println("Switchboard is running on 127.0.0.1:" + port + " (session pooling"
                + (certificates == null ? "" : ", TLS required, certificates in " + certificates.dir()) + ").");
        out.println("  primary: 127.0.0.1:" + cluster.primary().port()
                + "   standby: 127.0.0.1:" + cluster.standbys().get(0).port());
        out.println();
        out.println("Connect:");
        out.println("  psql \"" + url + "\"");
        out.println("  pgbench -i \"" + url + "\" && pgbench -T 10 \"" + url + "\"");
        out.println("  JDBC: " + jdbcUrl);
        out.println("  read-only, standby within 1MB (transaction pooling): database " + DATABASE + "_ro");
        out.println("Admin console (SHOW POOLS, SHOW CLIENTS, SHOW HELP...):");
        out.println("  psql \"" + libpqUrl(host, port, "pgbouncer", certificates) + "\"");
        out.println("Dashboard (live topology, pools, clients):");
        out.println("  http://127.0.0.1:" + adminPort + "/");
        out.println("Topology and metrics:");
        out.println("  curl http://127.0.0.1:" + adminPort + "/topology.txt    (also /topology, /metrics, /health/ready)");
        out.println();
        out.println("Press Ctrl-C to stop.");
    }
}
