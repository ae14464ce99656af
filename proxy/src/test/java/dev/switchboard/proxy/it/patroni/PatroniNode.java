// PatroniNode: one Patroni process with its YAML configuration, data directory and log, in the run directory.
package dev.switchboard.proxy.it.patroni;

import dev.switchboard.embedded.PgOsUser;
import dev.switchboard.embedded.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A member of the test cluster. Its directory ({@code <run>/<name>}, mode 0700) belongs to the user
 * Patroni runs as and holds the configuration, the data directory, the pgpass file Patroni writes and
 * PostgreSQL's Unix socket (the Debian default, /var/run/postgresql, is not writable by that user).
 */
final class PatroniNode {
    static final String SUPERUSER = "postgres";
    static final String SUPERUSER_PASSWORD = "sb-super-secret";
    static final String REPLICATION_USER = "replicator";
    static final String REPLICATION_PASSWORD = "sb-repl-secret";
    static final String REWIND_USER = "rewinder";
    static final String REWIND_PASSWORD = "sb-rewind-secret";

    private final String name;
    private final Path dir;
    private final int pgPort;
    private final int restPort;
    private LoggedProcess process;

    private PatroniNode(String name, Path dir, int pgPort, int restPort) {
        this.name = name;
        this.dir = dir;
        this.pgPort = pgPort;
        this.restPort = restPort;
    }

    /** Creates the node's directory and configuration; nothing runs yet. */
    static PatroniNode create(String name, Path runDir, String scope, String etcdAddress, Path pgBinDir,
            PgOsUser user) {
        PatroniNode node = new PatroniNode(name, runDir.resolve(name), Ports.pickFree(), Ports.pickFree());
        try {
            Files.createDirectory(node.dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            user.own(node.dir);
            Files.writeString(node.config(), node.yaml(scope, etcdAddress, pgBinDir), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(node.config(), PosixFilePermissions.fromString("rw-------"));
            user.own(node.config());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Patroni node " + name + " in " + node.dir, e);
        }
        return node;
    }

    /**
     * The configuration. Short timings (loop every second, 15 s leader TTL) so that elections and
     * switchovers take seconds; {@code use_pg_rewind} so a demoted leader can rejoin as a replica; a fast
     * checkpoint for pg_basebackup, whose default spread one waits minutes after CREATE DATABASE. Every
     * TCP login needs a password (SCRAM), so the proxy authenticates to these servers for real.
     */
    private String yaml(String scope, String etcdAddress, Path pgBinDir) {
        return """
                scope: "%1$s"
                name: "%2$s"
                log:
                  level: INFO
                restapi:
                  listen: "127.0.0.1:%3$d"
                  connect_address: "127.0.0.1:%3$d"
                etcd3:
                  hosts: "%4$s"
                watchdog:
                  mode: "off"
                bootstrap:
                  dcs:
                    ttl: 15
                    loop_wait: 1
                    retry_timeout: 5
                    maximum_lag_on_failover: 1048576
                    postgresql:
                      use_pg_rewind: true
                      use_slots: true
                      parameters:
                        wal_level: replica
                        hot_standby: "on"
                        wal_log_hints: "on"
                        max_connections: 100
                        max_wal_senders: 5
                        max_replication_slots: 5
                  initdb:
                    - encoding: UTF8
                    - locale: C
                    - auth-host: scram-sha-256
                    - auth-local: trust
                postgresql:
                  listen: "127.0.0.1:%5$d"
                  connect_address: "127.0.0.1:%5$d"
                  data_dir: "%6$s"
                  bin_dir: "%7$s"
                  pgpass: "%8$s"
                  use_pg_rewind: true
                  basebackup:
                    - checkpoint: fast
                  authentication:
                    superuser:
                      username: "%9$s"
                      password: "%10$s"
                    replication:
                      username: "%11$s"
                      password: "%12$s"
                    rewind:
                      username: "%13$s"
                      password: "%14$s"
                  pg_hba:
                    - local all all trust
                    - host all all 127.0.0.1/32 scram-sha-256
                    - host replication all 127.0.0.1/32 scram-sha-256
                  parameters:
                    unix_socket_directories: "%15$s"
                    shared_buffers: 32MB
                    fsync: "off"
                """.formatted(scope, name, restPort, etcdAddress, pgPort, dataDir(), pgBinDir, dir.resolve("pgpass"),
                SUPERUSER, SUPERUSER_PASSWORD, REPLICATION_USER, REPLICATION_PASSWORD, REWIND_USER, REWIND_PASSWORD,
                dir);
    }

    /** Starts {@code patroni <config>} as {@code user}. */
    void start(Path patroniProgram, PgOsUser user, Map<String, String> env) {
        if (process != null && process.alive()) {
            throw new IllegalStateException("Patroni node " + name + " is already running");
        }
        Map<String, String> nodeEnv = new java.util.HashMap<>(env);
        nodeEnv.put("HOME", dir.toString()); // nobody's home does not exist
        process = LoggedProcess.start("patroni " + name,
                user.wrap(List.of(patroniProgram.toString(), config().toString())), nodeEnv, dir,
                dir.getParent().resolve(name + ".log"));
    }

    /**
     * Stops Patroni, which stops its PostgreSQL (fast shutdown). Patroni starts the postmaster detached
     * from itself, so a postmaster that outlives a killed Patroni is found through postmaster.pid.
     */
    void stop(Duration grace) {
        if (process != null) {
            process.stop(grace);
        }
        postmaster().ifPresent(postmaster -> {
            List<ProcessHandle> backends = postmaster.descendants().toList();
            postmaster.destroyForcibly();
            backends.forEach(ProcessHandle::destroyForcibly);
        });
    }

    /** The running postmaster of this node's data directory, if any. */
    private Optional<ProcessHandle> postmaster() {
        Path pidFile = dataDir().resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            // The data directory on the command line proves the pid was not reused by another program.
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().arguments().map(a -> List.of(a).contains(dataDir().toString())).orElse(true));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    String name() {
        return name;
    }

    int pgPort() {
        return pgPort;
    }

    /** The REST API base URL, as the proxy's {@code authority.patroni} list wants it. */
    URI restUrl() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    Path config() {
        return dir.resolve("patroni.yml");
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    boolean running() {
        return process != null && process.alive();
    }

    /** Started, and Patroni has exited since (not stopped by us: {@link #stop} is only called at the end). */
    boolean startedAndExited() {
        return process != null && !process.alive();
    }

    /** The tail of this node's log (Patroni and its PostgreSQL write to the same file). */
    String tail() {
        return process == null ? "\n--- patroni " + name + ": never started" : process.tail();
    }
}
