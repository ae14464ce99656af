// ClientCertificateIT: client certificates as credentials (auth cert, user_map), and expired certificates on both legs.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.embedded.PgCluster;
import dev.switchboard.proxy.tls.ThrowawayCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy asks clients for a certificate signed by the test authority. {@code app} and {@code billing} log in
 * with one instead of a password: {@code app@example.org} in the common name maps to {@code app} through a regular
 * expression, the URI {@code spiffe://example.org/billing} to {@code billing}. {@code pw} keeps its password and
 * needs no certificate. PostgreSQL itself presents a certificate that expired, which only a proxy that checks it
 * notices; the other proxies ask for TLS towards it without checking ({@code prefer}).
 */
class ClientCertificateIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static ThrowawayCertificates authority;
    private static ThrowawayCertificates.Issued proxyCertificate;
    private static ThrowawayCertificates.Issued appCertificate;
    private static ThrowawayCertificates.Issued billingCertificate;
    private static PgCluster cluster;
    private static ProxyHarness proxy;
    private static ExternalProgram psql;

    @BeforeAll
    static void start() throws IOException {
        psql = ExternalProgram.require("psql");
        authority = ThrowawayCertificates.create(dir.resolve("ca"), "Switchboard test CA");
        proxyCertificate = authority.localhostServer();
        appCertificate = authority.issue("app-client", "app@example.org", List.of(), null, 365);
        billingCertificate = authority.issue("billing-client", "billing service",
                List.of("uri:spiffe://example.org/billing"), null, 365);
        ThrowawayCertificates.Issued expiredPostgres = authority.issue("postgres", "localhost",
                List.of("dns:localhost", "ip:127.0.0.1"), "-10d", 2);
        cluster = PgCluster.builder()
                .tls(Files.readString(expiredPostgres.certFile()), Files.readString(expiredPostgres.keyFile()))
                .start();
        TestCluster.createApp(cluster.primary());
        proxy = start("prefer", "none");
    }

    @AfterAll
    static void stop() {
        try {
            if (proxy != null) {
                proxy.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            LeakRecorder.assertNoLeaks();
        }
    }

    private static ProxyHarness start(String serverMode, String clientCert) {
        String node = cluster.primary().host() + ":" + cluster.primary().port();
        return ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                tls:
                  client:
                    cert_file: "%s"
                    key_file: "%s"
                    ca_file: "%s"
                    client_cert: %s
                    user_map:
                      - { name: "spiffe://example.org/billing", user: billing }
                      - { name: '/^(.*)@example\\.org$', user: '\\1' }
                  server: { mode: %s, ca_file: "%s" }
                clusters:
                  main: { nodes: [ "%s" ] }
                databases:
                  app: { cluster: main, dbname: app }
                users:
                  - { name: app, auth: cert, backend_password: app }
                  - { name: billing, auth: cert, backend_user: app, backend_password: app }
                  - { name: pw, password: secret, backend_user: app, backend_password: app }
                """.formatted(proxyCertificate.certFile(), proxyCertificate.keyFile(), authority.caCertFile(), clientCert,
                serverMode, authority.caCertFile(), node));
    }

    private static ExternalProgram.Result psql(ProxyHarness through, String user, ThrowawayCertificates.Issued cert,
                                               String password) {
        String conninfo = "host=localhost port=" + through.port() + " user=" + user + " dbname=app sslmode=verify-full"
                + " sslrootcert=" + authority.caCertFile()
                + (cert == null ? " sslcert=" + dir.resolve("none.crt") + " sslkey=" + dir.resolve("none.key") : " sslcert=" + cert.certFile() + " sslkey=" + cert.keyFile());
        Map<String, String> env = new HashMap<>();
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        return psql.run(List.of("-X", "-At", "-w", "-d", conninfo, "-c", "SELECT current_user"), env, null, TIMEOUT);
    }

    @Test
    void psqlLogsInWithACertificateWhoseCommonNameTheMapTranslates() {
        var result = psql(proxy, "app", appCertificate, null);
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("app", result.stdout().strip());
    }

    @Test
    void psycopgLogsInWithACertificateNamedByItsUriAlternativeName() {
        ExternalProgram python = ExternalProgram.at(Path.of("/usr/bin/python3"));
        String script = """
                import sys, psycopg
                with psycopg.connect(sys.argv[1]) as conn:
                    print(conn.execute("SELECT current_user").fetchone()[0])
                """;
        String conninfo = "host=localhost port=" + proxy.port() + " user=billing dbname=app sslmode=verify-full"
                + " sslrootcert=" + authority.caCertFile() + " sslcert=" + billingCertificate.certFile()
                + " sslkey=" + billingCertificate.keyFile();
        var result = python.run(List.of("-c", script, conninfo), Map.of(), null, TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("app", result.stdout().strip(), "billing logs in to PostgreSQL as its backend user");
    }

    @Test
    void pgJdbcLogsInWithACertificate() throws Exception {
        // pgJDBC reads a private key as PKCS#8 DER, not PEM.
        Path der = dir.resolve("app-client.pk8");
        String pem = Files.readString(appCertificate.keyFile()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        Files.write(der, Base64.getDecoder().decode(pem));
        Files.setPosixFilePermissions(der, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Properties props = new Properties();
        props.setProperty("user", "app");
        props.setProperty("sslmode", "verify-full");
        props.setProperty("sslrootcert", authority.caCertFile().toString());
        props.setProperty("sslcert", appCertificate.certFile().toString());
        props.setProperty("sslkey", der.toString());
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + proxy.port() + "/app", props);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_user")) {
            rs.next();
            assertEquals("app", rs.getString(1));
        }
    }

    @Test
    void withoutACertificateACertUserIsRefusedAsPostgresWould() {
        var result = psql(proxy, "app", null, "app");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("connection requires a valid client certificate"), result.toString());
    }

    @Test
    void aCertificateForAnotherUserIsRefusedAsPostgresWould() {
        var result = psql(proxy, "billing", appCertificate, null);
        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("certificate authentication failed for user \"billing\""), result.toString());
    }

    @Test
    void aPasswordUserNeedsNoCertificate() {
        var result = psql(proxy, "pw", null, "secret");
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("app", result.stdout().strip());
    }

    /** The alert PostgreSQL (OpenSSL) sends; the JDK's engine would send "certificate unknown" (tls.engine: jdk). */
    @Test
    void anExpiredClientCertificateIsRefusedInTheHandshake() throws IOException {
        var expired = authority.issue("expired-client", "app@example.org", List.of(), "-10d", 2);
        var result = psql(proxy, "app", expired, null);
        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("certificate expired"), result.toString());
    }

    /** As from PostgreSQL: "unknown ca". */
    @Test
    void aCertificateFromAnotherAuthorityIsRefusedInTheHandshake() throws IOException {
        var other = ThrowawayCertificates.create(dir.resolve("other-ca"), "Some other CA");
        var foreign = other.issue("foreign-client", "app@example.org", List.of(), null, 365);
        var result = psql(proxy, "app", foreign, null);
        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("alert unknown ca"), result.toString());
    }

    /** client_cert: verify-full — a password is still asked, and the certificate must name the user too. */
    @Test
    void verifyFullChecksTheMappedNameBesidesThePassword() {
        try (ProxyHarness full = start("prefer", "verify-full")) {
            var named = psql(full, "pw", appCertificate, "secret");
            assertNotEquals(0, named.exitCode());
            assertTrue(named.stderr().contains("certificate validation (client_cert: verify-full) failed for user \"pw\""),
                    named.toString());
            var withoutCertificate = psql(full, "pw", null, "secret");
            assertNotEquals(0, withoutCertificate.exitCode(), "verify-full requires a certificate of every client");
            var app = psql(full, "app", appCertificate, null);
            assertEquals(0, app.exitCode(), app.toString());
        }
    }

    /** PostgreSQL's certificate expired: verify-full towards it fails the client's connection, saying why. */
    @Test
    void anExpiredServerCertificateFailsTheServerLeg() {
        try (ProxyHarness checking = start("verify-full", "none")) {
            var result = psql(checking, "app", appCertificate, null);
            assertNotEquals(0, result.exitCode());
            assertTrue(result.stderr().contains("TLS handshake with server") && result.stderr().contains("verify-full"),
                    result.toString());
            assertTrue(result.stderr().contains("certificate verify failed: certificate has expired"), result.toString());
        }
    }
}
