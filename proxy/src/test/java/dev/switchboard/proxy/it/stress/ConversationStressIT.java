// ConversationStressIT: many seeded random pgJDBC and psql conversations at once, through the proxy in every pool mode.
package dev.switchboard.proxy.it.stress;

import dev.switchboard.embedded.PgNode;
import dev.switchboard.proxy.it.ExternalProgram;
import dev.switchboard.proxy.it.LeakRecorder;
import dev.switchboard.proxy.it.ProxyHarness;
import dev.switchboard.proxy.it.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every client's answers through the proxy must be PostgreSQL's: each step runs on a twin connection
 * straight to the server (same startup settings, a database of its own) and the two answers are
 * compared. Also: every request answered within {@link Liveness#ANSWER_BOUND}, every SHOW equal to
 * what the client's own history set, no server leased once everyone has left, no buffer leaked.
 *
 * <p>{@code -Dstress.seed=N} / {@code -Dstress.seeds=1,2,3}, {@code -Dstress.steps=N} (per client),
 * {@code -Dstress.jdbc=N} and {@code -Dstress.psql=N} (clients per mode). Every failure names the seed
 * and the command that repeats it.
 */
class ConversationStressIT {
    private static PgNode primary;

    @BeforeAll
    static void databases() {
        primary = TestCluster.get().primary();
        for (String db : new String[] {Mode.PROXIED_DBNAME, Mode.DIRECT_DBNAME}) {
            if (primary.query("SELECT 1 FROM pg_database WHERE datname = '" + db + "'").isEmpty()) {
                primary.execute("CREATE DATABASE " + db + " OWNER app");
            }
        }
        if (primary.query("SELECT 1 FROM pg_roles WHERE rolname = 'stress_role'").isEmpty()) {
            primary.execute("CREATE ROLE stress_role NOLOGIN");
            primary.execute("GRANT stress_role TO app");
        }
    }

    @Test
    void randomConversationsGetPostgresAnswersInEveryMode() throws Exception {
        StressParameters params = StressParameters.fromSystemProperties();
        List<String> failedSeeds = new ArrayList<>();
        for (long seed : params.seeds()) {
            String report = runSeed(params, seed);
            if (report != null) {
                failedSeeds.add(report);
            }
        }
        if (!failedSeeds.isEmpty()) {
            throw new AssertionError(String.join("\n\n", failedSeeds));
        }
    }

    /** One seed on a fresh proxy; returns null when every invariant held, else everything that broke. */
    private static String runSeed(StressParameters params, long seed) throws Exception {
        String context = params.describe(seed);
        System.out.println("ConversationStressIT: " + context);
        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        dropClientTables();
        ProxyHarness proxy = ProxyHarness.start(yaml(params));
        try {
            PoolProbe probe = new PoolProbe(proxy);
            List<Callable<StressFailure>> clients = clients(params, seed, proxy, probe);
            ExecutorService threads = Executors.newFixedThreadPool(clients.size());
            try {
                List<Future<StressFailure>> results = new ArrayList<>();
                for (Callable<StressFailure> c : clients) {
                    results.add(threads.submit(c));
                }
                for (Future<StressFailure> r : results) {
                    try {
                        StressFailure f = r.get(); // each client bounds every one of its own steps
                        if (f != null) {
                            failures.add(f.getMessage());
                        }
                    } catch (ExecutionException e) {
                        failures.add("a client stopped on an exception of the test itself: " + e.getCause());
                        e.getCause().printStackTrace();
                    }
                }
            } finally {
                threads.shutdownNow();
                threads.awaitTermination(Liveness.ANSWER_BOUND.toSeconds(), TimeUnit.SECONDS);
            }
            String leased = probe.leasedAfterEveryoneLeft(Duration.ofSeconds(10));
            if (leased != null) {
                failures.add(leased);
            }
            System.out.println("ConversationStressIT: seed " + seed + " done in "
                    + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s; pins taken " + probe.pins()
                    + "; " + failures.size() + " failure(s)");
        } finally {
            proxy.close();
        }
        try {
            LeakRecorder.assertNoLeaks();
        } catch (AssertionError e) {
            failures.add(e.getMessage());
        }
        if (failures.isEmpty()) {
            return null;
        }
        String report = context + "\n" + failures.size() + " broken invariant(s):\n  - " + String.join("\n  - ", failures);
        System.out.println("ConversationStressIT: " + report); // now, so a long multi-seed run shows it as it goes
        return report;
    }

    /**
     * Every seed starts from the same databases: a table a failed session of an earlier seed left (or
     * never created) on one side only would make the first answers differ for no fault of the proxy.
     */
    private static void dropClientTables() {
        for (String db : new String[] {Mode.PROXIED_DBNAME, Mode.DIRECT_DBNAME}) {
            primary.query(db, "DO $$ DECLARE r record; BEGIN FOR r IN SELECT tablename FROM pg_tables"
                    + " WHERE schemaname = 'public' AND tablename LIKE 't\\_c%' LOOP"
                    + " EXECUTE format('DROP TABLE %I', r.tablename); END LOOP; END $$");
        }
    }

    private static List<Callable<StressFailure>> clients(StressParameters params, long seed, ProxyHarness proxy,
                                                         PoolProbe probe) {
        ExternalProgram psql = params.psqlClientsPerMode() > 0 ? ExternalProgram.require("psql") : null;
        String directJdbc = "jdbc:postgresql://" + primary.host() + ":" + primary.port() + "/" + Mode.DIRECT_DBNAME;
        String directUri = "postgresql://app:app@" + primary.host() + ":" + primary.port() + "/" + Mode.DIRECT_DBNAME
                + "?sslmode=disable";
        Path scripts = Path.of("target", "stress", "seed-" + seed);
        List<Callable<StressFailure>> clients = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            for (int i = 0; i < params.clientsPerMode(); i++) {
                int id = (mode.ordinal() + 1) * 100 + i;
                if (i < params.jdbcClientsPerMode()) {
                    Properties proxied = credentials();
                    if (i == 0) {
                        proxied.setProperty("socketFactory", SlowReadingSocketFactory.class.getName());
                    }
                    clients.add(new JdbcClient(id, mode, seed, params.steps(),
                            new JdbcSide("through the proxy", proxy.jdbcUrl(mode.database()), Mode.PROXIED_DBNAME, proxied, false),
                            new JdbcSide("on the direct twin", directJdbc, Mode.DIRECT_DBNAME, credentials(), true), probe::describe));
                } else {
                    clients.add(new PsqlClient(id, mode, seed, params.steps(), psql,
                            proxy.uri("app", "app", mode.database()), directUri, scripts, probe::describe));
                }
            }
        }
        return clients;
    }

    private static Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", "app");
        p.setProperty("password", "app");
        return p;
    }

    /** Three pool modes in one proxy; transaction and statement pools are smaller than their client count. */
    private static String yaml(StressParameters params) {
        int shared = Math.max(2, params.clientsPerMode() - 1);
        int session = params.clientsPerMode() + 2;
        return """
                listen: { address: 127.0.0.1, port: 0 }
                pool: { mode: session, size: %d, wait_timeout: 20s }
                clusters:
                  main: { nodes: [ "${PRIMARY}" ] }
                databases:
                  stress_session: { cluster: main, dbname: %s, pool: { mode: session, size: %d } }
                  stress_transaction: { cluster: main, dbname: %s, pool: { mode: transaction, size: %d } }
                  stress_statement: { cluster: main, dbname: %s, pool: { mode: statement, size: %d } }
                users:
                  - { name: app, password: app, auth: scram-sha-256 }
                """.formatted(session, Mode.PROXIED_DBNAME, session, Mode.PROXIED_DBNAME, shared,
                Mode.PROXIED_DBNAME, shared);
    }
}
