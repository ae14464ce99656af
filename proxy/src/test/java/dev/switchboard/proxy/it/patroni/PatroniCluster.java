// PatroniCluster: a real Patroni cluster for integration tests: one etcd and two Patroni nodes running PostgreSQL.
package dev.switchboard.proxy.it.patroni;

import dev.switchboard.embedded.PgOsUser;
import dev.switchboard.proxy.it.Await;
import dev.switchboard.proxy.it.ExternalProgram;
import dev.switchboard.topology.authority.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * etcd (v3 API) plus Patroni nodes {@code n1} and {@code n2}, all on free loopback ports, everything in
 * one temporary run directory (configurations, data directories, and the logs {@code etcd.log},
 * {@code n1.log}, {@code n2.log} whose tails every failure message quotes).
 *
 * <p>PostgreSQL here is Debian's server package (15 on bookworm), not the zonky bundle the other tests
 * use: Patroni needs pg_basebackup, pg_rewind and pg_controldata, which that bundle lacks. When the JVM is
 * root, Patroni and so PostgreSQL run as {@code nobody} (see {@link PgOsUser}).
 *
 * <p>{@link #start()} returns once {@code n1} leads and {@code n2} streams from it, with role and
 * database {@code app} (password {@code app}) created. Every TCP login needs a password (SCRAM).
 * Use in try-with-resources: {@link #close()} stops everything and deletes the run directory, also after
 * a failed start.
 */
public final class PatroniCluster implements AutoCloseable {
    public static final String APP_USER = "app";
    public static final String APP_PASSWORD = "app";
    public static final String APP_DATABASE = "app";

    /** Bounds for conditions that normally take seconds; generous for a loaded 2-core machine, not performance claims. */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    static final Duration ROLE_CHANGE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final List<String> PG_PROGRAMS =
            List.of("postgres", "initdb", "pg_ctl", "pg_basebackup", "pg_rewind", "pg_controldata");

    private final PgOsUser user = PgOsUser.detect();
    private final Path patroni = ExternalProgram.require("patroni").path();
    private final Path patronictl = ExternalProgram.require("patronictl").path();
    private final Path etcdProgram = ExternalProgram.require("etcd").path();
    private final Path pgBinDir = findPgBinDir();
    private final Path runDir;
    private final String scope;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    private final List<PatroniNode> nodes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopProcesses, "patroni-cluster-cleanup");
    private Etcd etcd;
    private boolean closed;

    /** Prepares the run directory; nothing runs until {@link #start()}. */
    public PatroniCluster() {
        try {
            runDir = Files.createTempDirectory("sb-patroni-");
            // Patroni's user must traverse into its node directory; the node directories themselves are 0700.
            Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Patroni run directory", e);
        }
        user.checkReachable(runDir);
        scope = runDir.getFileName().toString(); // unique per run: no two test runs share DCS keys
        env = Map.of(
                "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "LANG", "C.UTF-8",
                "LC_ALL", "C.UTF-8",
                "HOME", runDir.toString());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts etcd, then {@code n1} until it leads, creates {@code app}, then {@code n2} until it streams. */
    public PatroniCluster start() {
        if (etcd != null || closed) {
            throw new IllegalStateException("start() runs once, before close()");
        }
        etcd = Etcd.start(etcdProgram, runDir, scope, env, STARTUP_TIMEOUT);
        for (String name : List.of("n1", "n2")) {
            nodes.add(PatroniNode.create(name, runDir, scope, etcd.clientAddress(), pgBinDir, user));
        }
        // One after the other: n1 bootstraps and leads, n2 clones it, so the starting roles are known.
        nodes.get(0).start(patroni, user, env);
        PatroniMember leader = awaitLeader("n1", STARTUP_TIMEOUT);
        createApp(leader);
        nodes.get(1).start(patroni, user, env);
        awaitStreaming("n2", STARTUP_TIMEOUT);
        return this;
    }

    /** The members as Patroni's {@code GET /cluster} lists them now, asking each node's REST API in turn. */
    public List<PatroniMember> members() {
        List<String> failures = new ArrayList<>();
        for (PatroniNode node : nodes) {
            if (!node.running()) {
                continue;
            }
            URI url = URI.create(node.restUrl() + "/cluster");
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return parseMembers(response.body());
                }
                failures.add(url + ": HTTP " + response.statusCode());
            } catch (IOException | RuntimeException e) {
                failures.add(url + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted reading " + url, e);
            }
        }
        throw new IllegalStateException("no Patroni REST API answered GET /cluster: " + failures);
    }

    /** The member Patroni names leader now; fails when there is none. */
    public PatroniMember leader() {
        List<PatroniMember> members = members();
        return members.stream().filter(PatroniMember::isLeader).findFirst()
                .orElseThrow(() -> failure("no leader among " + members, null));
    }

    /** The member called {@code name} now. */
    public PatroniMember member(String name) {
        List<PatroniMember> members = members();
        return members.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> failure("no member " + name + " among " + members, null));
    }

    /**
     * A proxy configuration in front of this cluster: cluster {@code main} of every member with Patroni as its
     * authority (both polled every 100 ms), database and user {@code app}.
     *
     * @param top         whole top-level lines added (an {@code http} listener, say), or ""
     * @param pool        the pool mapping
     * @param holdTimeout {@code failover.hold_timeout}
     */
    public String proxyYaml(String top, String pool, Duration holdTimeout) {
        String nodes = members().stream().map(m -> "\"" + m.address() + "\"").collect(Collectors.joining(", "));
        String patroni = restUrls().stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(", "));
        return """
                listen: { address: 127.0.0.1, port: 0 }
                %s
                pool: %s
                clusters:
                  main:
                    nodes: [ %s ]
                    monitor: { interval: 100ms, user: "%s", password: "%s" }
                    failover: { hold_timeout: %ds }
                    authority: { patroni: [ %s ], poll_interval: 100ms }
                databases:
                  app: { cluster: main, dbname: %s, target: read-write }
                users:
                  - { name: %s, password: %s, auth: scram-sha-256 }
                """.formatted(top, pool, nodes, PatroniNode.SUPERUSER, PatroniNode.SUPERUSER_PASSWORD,
                holdTimeout.toSeconds(), patroni, APP_DATABASE, APP_USER, APP_PASSWORD);
    }

    /** Every node's REST API base URL, as the proxy's {@code authority.patroni} list wants them. */
    public List<URI> restUrls() {
        return nodes.stream().map(PatroniNode::restUrl).toList();
    }

    /**
     * {@code patronictl switchover} from the current leader to {@code candidate}. Returns when patronictl
     * reports success (Patroni has moved the leader key); {@link #awaitLeader} waits for the new leader to
     * accept writes.
     */
    public void switchover(String candidate) {
        String current = leader().name();
        List<String> command = List.of(patronictl.toString(), "-c", nodes.get(0).config().toString(),
                "switchover", "--leader", current, "--candidate", candidate, "--force");
        Path output = runDir.resolve("patronictl.out");
        LoggedProcess ctl = LoggedProcess.start("patronictl switchover", command, env, runDir, output);
        if (!ctl.waitFor(ROLE_CHANGE_TIMEOUT)) {
            ctl.stop(Duration.ofSeconds(5));
            throw failure(String.join(" ", command) + " did not finish within " + ROLE_CHANGE_TIMEOUT + ":\n"
                    + readQuietly(output), null);
        }
        String printed = readQuietly(output);
        // patronictl 3.0 exits 0 also when Patroni refuses ("Switchover failed, details: ..."): check its words.
        if (ctl.exitValue() != 0 || !printed.contains("Successfully switched over")) {
            throw failure(String.join(" ", command) + " exited with " + ctl.exitValue() + ":\n" + printed, null);
        }
    }

    /**
     * Waits until Patroni names {@code name} leader with its PostgreSQL running and out of recovery:
     * Patroni moves the leader key before the promotion ends, and tests want a writable leader.
     */
    public PatroniMember awaitLeader(String name, Duration timeout) {
        return await(name + " to lead and accept writes", timeout, () -> {
            PatroniMember m = member(name);
            if (!m.isLeader() || !"running".equals(m.state())) {
                throw new IllegalStateException("now " + m);
            }
            return "f".equals(queryValue(m, "postgres", "select pg_is_in_recovery()")) ? m : null;
        });
    }

    /** Waits until {@code name} is a running replica that streams from the current leader. */
    public PatroniMember awaitStreaming(String name, Duration timeout) {
        return await(name + " to stream from the leader", timeout, () -> {
            PatroniMember replica = member(name);
            // Patroni 3.0 calls a replica's state "running"; later versions say "streaming".
            if (replica.isLeader() || !List.of("running", "streaming").contains(replica.state())) {
                throw new IllegalStateException("now " + replica);
            }
            String streaming = queryValue(leader(), "postgres",
                    "select count(*) from pg_stat_replication where state = 'streaming' and application_name = '"
                            + name + "'");
            return "1".equals(streaming) ? replica : null;
        });
    }

    /** A JDBC connection straight to {@code member}'s PostgreSQL (not through any proxy). */
    public Connection connect(PatroniMember member, String user, String password, String database)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "30");
        props.setProperty("ApplicationName", "patroni-cluster-harness");
        return DriverManager.getConnection(
                "jdbc:postgresql://" + member.host() + ":" + member.pgPort() + "/" + database, props);
    }

    /** As the superuser Patroni manages. */
    public Connection connectSuperuser(PatroniMember member, String database) throws SQLException {
        return connect(member, PatroniNode.SUPERUSER, PatroniNode.SUPERUSER_PASSWORD, database);
    }

    /** The run directory (logs, configurations, data). */
    public Path runDir() {
        return runDir;
    }

    /** Stops the Patroni nodes (replicas first), then etcd, kills leftovers and deletes the run directory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs anyway.
        }
        stopProcesses();
        deleteRunDir();
    }

    private synchronized void stopProcesses() {
        // Replicas first: a replica that outlived its leader would start an election while being stopped.
        String leaderName = null;
        try {
            leaderName = nodes.stream().anyMatch(PatroniNode::running) ? leader().name() : null;
        } catch (RuntimeException e) {
            // No leader to find: the order does not matter.
        }
        String lastToStop = leaderName;
        nodes.stream()
                .sorted(Comparator.comparing(n -> n.name().equals(lastToStop)))
                .forEach(n -> n.stop(STOP_GRACE));
        if (etcd != null) {
            etcd.stop();
        }
    }

    private void createApp(PatroniMember leader) {
        try (Connection c = connectSuperuser(leader, "postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + APP_USER + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
            st.execute("CREATE DATABASE " + APP_DATABASE + " OWNER " + APP_USER);
        } catch (SQLException e) {
            throw failure("cannot create role and database " + APP_DATABASE + " on " + leader, e);
        }
    }

    private String queryValue(PatroniMember member, String database, String sql) throws SQLException {
        try (Connection c = connectSuperuser(member, database);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * Polls {@code probe} until it returns non-null; a probe that throws only says "not yet". Fails at
     * once when etcd or a started Patroni has exited, with the logs' tails either way.
     */
    private <T> T await(String what, Duration timeout, Callable<T> probe) {
        try {
            return Await.value(what, timeout, () -> {
                assertRunning(what);
                return probe.call();
            });
        } catch (AssertionError e) {
            throw failure(e.getMessage(), e);
        }
    }

    /** An Error, which ends a wait at once, when etcd or a started Patroni has exited. */
    private void assertRunning(String what) {
        if (etcd != null && !etcd.process().alive()) {
            throw new AssertionError("etcd exited while waiting for " + what);
        }
        for (PatroniNode node : nodes) {
            if (node.startedAndExited()) {
                throw new AssertionError("patroni " + node.name() + " exited while waiting for " + what);
            }
        }
    }

    /** An exception whose message ends with the tails of all logs: the cause is usually in one of them. */
    private IllegalStateException failure(String message, Throwable cause) {
        StringBuilder text = new StringBuilder(message);
        if (etcd != null) {
            text.append(etcd.process().tail());
        }
        nodes.forEach(n -> text.append(n.tail()));
        return new IllegalStateException(text.toString(), cause);
    }

    private static List<PatroniMember> parseMembers(String body) {
        Map<?, ?> document = (Map<?, ?>) Json.parse(body);
        List<PatroniMember> members = new ArrayList<>();
        for (Object item : (List<?>) document.get("members")) {
            Map<?, ?> m = (Map<?, ?>) item;
            String apiUrl = String.valueOf(m.get("api_url"));
            URI restUrl = URI.create(apiUrl.endsWith("/patroni") ? apiUrl.substring(0, apiUrl.length() - 8) : apiUrl);
            Object port = m.get("port");
            members.add(new PatroniMember(String.valueOf(m.get("name")), String.valueOf(m.get("host")),
                    port instanceof Long p ? p.intValue() : 5432, restUrl, String.valueOf(m.get("role")),
                    String.valueOf(m.get("state"))));
        }
        return members;
    }

    /** The newest Debian PostgreSQL server directory that has everything Patroni runs. */
    private static Path findPgBinDir() {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
            return versions
                    .filter(v -> v.getFileName().toString().matches("\\d+"))
                    .sorted(Comparator.comparingInt((Path v) -> Integer.parseInt(v.getFileName().toString())).reversed())
                    .map(v -> v.resolve("bin"))
                    .filter(bin -> PG_PROGRAMS.stream().allMatch(p -> Files.isExecutable(bin.resolve(p))))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no /usr/lib/postgresql/<version>/bin with " + PG_PROGRAMS
                            + "; .ci/run installs Debian's PostgreSQL server package"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private void deleteRunDir() {
        if (!Files.exists(runDir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(runDir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the Patroni run directory " + runDir, e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
