// PasswordFreeAuthIT: users the proxy has no password for log in — found by auth.query, or configured with a SCRAM secret only.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared cluster asks {@code app_scram} for SCRAM and {@code app_md5} for md5 (pg_hba). Neither user's
 * password is in the proxy's configuration: with auth.query the proxy reads the stored secret through a
 * SECURITY DEFINER function (the setup the documentation recommends, so the lookup role needs no superuser),
 * checks the client against it, and logs in to PostgreSQL with the keys the client's own proof yields.
 */
class PasswordFreeAuthIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static ExternalProgram psql;
    private static ProxyHarness lookup;
    private static ProxyHarness unqualifiedLookup;
    private static ProxyHarness secretOnly;

    @BeforeAll
    static void start() {
        psql = ExternalProgram.require("psql");
        var primary = TestCluster.get().primary();
        primary.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sb_auth') THEN"
                + " CREATE ROLE sb_auth LOGIN; END IF; END $$");
        primary.query("app", "CREATE OR REPLACE FUNCTION public.sb_lookup(name text)"
                + " RETURNS TABLE (rolname name, rolpassword text) LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog"
                + " AS $$ SELECT rolname, rolpassword FROM pg_authid WHERE rolname = name AND rolcanlogin $$");
        primary.query("app", "REVOKE ALL ON FUNCTION public.sb_lookup(text) FROM PUBLIC");
        primary.query("app", "GRANT EXECUTE ON FUNCTION public.sb_lookup(text) TO sb_auth");
        lookup = ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                auth:
                  query: { user: sb_auth, sql: "SELECT rolname, rolpassword FROM public.sb_lookup($1)" }
                clusters:
                  main: { nodes: [ "${PRIMARY}" ] }
                databases:
                  app: { cluster: main, dbname: app }
                """);
        // An attacker's schema with a lookup function of the same name that answers its own secret for app_scram.
        primary.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sb_evil_template') THEN"
                + " CREATE ROLE sb_evil_template PASSWORD 'evil password'; END IF; END $$");
        String evilSecret = primary.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'sb_evil_template'")
                .get(0).get(0);
        primary.query("app", "CREATE SCHEMA IF NOT EXISTS evil");
        primary.query("app", "CREATE OR REPLACE FUNCTION evil.sb_lookup(name text)"
                + " RETURNS TABLE (rolname name, rolpassword text) LANGUAGE sql"
                + " AS $$ SELECT 'app_scram'::name, '" + evilSecret + "'::text $$");
        primary.query("app", "GRANT USAGE ON SCHEMA evil TO PUBLIC");
        unqualifiedLookup = ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                auth:
                  query: { user: sb_auth, sql: "SELECT rolname, rolpassword FROM sb_lookup($1)" }
                clusters:
                  main: { nodes: [ "${PRIMARY}" ] }
                databases:
                  app: { cluster: main, dbname: app }
                """);
        String secret = primary.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'app_scram'").get(0).get(0);
        secretOnly = ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                clusters:
                  main: { nodes: [ "${PRIMARY}" ] }
                databases:
                  app: { cluster: main, dbname: app }
                users:
                  - { name: app_scram, password: "%s" }
                """.formatted(secret));
    }

    @AfterAll
    static void stop() {
        try {
            for (ProxyHarness proxy : new ProxyHarness[] {lookup, unqualifiedLookup, secretOnly}) {
                if (proxy != null) {
                    proxy.close();
                }
            }
        } finally {
            LeakRecorder.assertNoLeaks();
        }
    }

    private static ExternalProgram.Result psql(ProxyHarness through, String user, String password) {
        return psql(through, user, password, "");
    }

    private static ExternalProgram.Result psql(ProxyHarness through, String user, String password, String options) {
        return psql.run(List.of("-X", "-At", "-h", "127.0.0.1", "-p", String.valueOf(through.port()), "-U", user,
                "-d", "app", "-c", "SELECT current_user"),
                Map.of("PGPASSWORD", password, "PGSSLMODE", "disable", "PGOPTIONS", options), null, TIMEOUT);
    }

    @Test
    void aScramUserFoundByAuthQueryLogsInThroughToPostgres() {
        for (int i = 0; i < 2; i++) { // the second login is answered from the cache
            var result = psql(lookup, "app_scram", "app_scram");
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals("app_scram", result.stdout().strip());
        }
    }

    @Test
    void anMd5UserFoundByAuthQueryLogsIn() {
        var result = psql(lookup, "app_md5", "app_md5");
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("app_md5", result.stdout().strip());
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswerAsFromPostgres() {
        var wrong = psql(lookup, "app_scram", "not it");
        assertNotEquals(0, wrong.exitCode());
        assertTrue(wrong.stderr().contains("FATAL:  password authentication failed for user \"app_scram\""),
                wrong.toString());
        var unknown = psql(lookup, "nobody_here", "whatever");
        assertNotEquals(0, unknown.exitCode());
        assertTrue(unknown.stderr().contains("FATAL:  password authentication failed for user \"nobody_here\""),
                unknown.toString());
    }

    /** Only the SCRAM secret is configured: the client's proof yields the keys the proxy logs in to PostgreSQL with. */
    @Test
    void aUserConfiguredWithItsScramSecretOnlyLogsInThroughToPostgres() {
        var result = psql(secretOnly, "app_scram", "app_scram");
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("app_scram", result.stdout().strip());
    }

    /**
     * A client that names a search_path in its startup packet must not steer the lookup: the lookup's SQL names
     * its function without a schema here, and the attacker's schema holds a function of that name answering a
     * secret of the attacker's choosing. Run with the client's search_path, the lookup would let the attacker in
     * as app_scram with the attacker's password (the control below shows it); through the proxy it is refused.
     */
    @Test
    void aHostileSearchPathFromTheClientDoesNotSteerTheLookup() {
        var control = TestCluster.get().primary().query("app",
                "SET search_path = evil, public; SELECT rolpassword FROM sb_lookup('app_scram')");
        assertTrue(control.get(0).get(0).startsWith("SCRAM-SHA-256$"), "the attacker's function answers: " + control);

        var attack = psql(unqualifiedLookup, "app_scram", "evil password", "-c search_path=evil,public");
        assertNotEquals(0, attack.exitCode(), attack.toString());
        assertTrue(attack.stderr().contains("FATAL:  password authentication failed for user \"app_scram\""),
                attack.toString());

        var owner = psql(unqualifiedLookup, "app_scram", "app_scram", "-c search_path=evil,public");
        assertEquals(0, owner.exitCode(), owner.toString());
        assertEquals("app_scram", owner.stdout().strip());
    }
}
