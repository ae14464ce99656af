// TlsIT: TLS on both legs with real clients, to a PostgreSQL that accepts its application role over TLS only.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.embedded.PgCluster;
import dev.switchboard.proxy.tls.ThrowawayCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One authority signs the proxy's and PostgreSQL's certificates; another, unrelated one stands for a wrong
 * certificate. PostgreSQL's pg_hba rejects the role {@code app} without TLS, so a query that succeeds through
 * the proxy proves the server leg is encrypted too, and {@code pg_stat_ssl} says so.
 */
class TlsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String ON_SERVER_LEG = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()";

    @TempDir
    static Path dir;
    private static ThrowawayCertificates authority;
    private static ThrowawayCertificates otherAuthority;
    private static ThrowawayCertificates.Issued proxyCertificate;
    private static PgCluster cluster;
    private static ProxyHarness proxy;
    private static ExternalProgram psql;

    @BeforeAll
    static void start() throws IOException {
        psql = ExternalProgram.require("psql");
        authority = ThrowawayCertificates.create(dir.resolve("ca"), "Switchboard test CA");
        otherAuthority = ThrowawayCertificates.create(dir.resolve("other-ca"), "Some other CA");
        proxyCertificate = authority.localhostServer();
        ThrowawayCertificates.Issued postgres = authority.issue("postgres", "localhost",
                List.of("dns:localhost", "ip:127.0.0.1"), null, 365);
        cluster = PgCluster.builder()
                .tls(Files.readString(postgres.certFile()), Files.readString(postgres.keyFile()))
                .hba("hostssl all app 127.0.0.1/32 scram-sha-256")
                .hba("hostnossl all app 127.0.0.1/32 reject")
                .start();
        TestCluster.createApp(cluster.primary());
        proxy = start("require", proxyCertificate, "verify-full", authority.caCertFile());
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

    private static ProxyHarness start(String clientMode, ThrowawayCertificates.Issued certificate, String serverMode,
                                      Path serverCa) {
        return start(clientMode, certificate, serverMode, serverCa, "auto");
    }

    private static ProxyHarness start(String clientMode, ThrowawayCertificates.Issued certificate, String serverMode,
                                      Path serverCa, String engine) {
        String node = cluster.primary().host() + ":" + cluster.primary().port();
        return ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                tls:
                  engine: %s
                  client: { mode: %s, cert_file: "%s", key_file: "%s" }
                  server: { mode: %s, ca_file: "%s" }
                clusters:
                  main: { nodes: [ "%s" ] }
                databases:
                  app: { cluster: main, dbname: app }
                users:
                  - { name: app, password: app, auth: scram-sha-256 }
                """.formatted(engine, clientMode, certificate.certFile(), certificate.keyFile(), serverMode, serverCa, node));
    }

    private static ExternalProgram.Result psql(ProxyHarness through, String sslmode, Path rootCert, String sql) {
        String conninfo = "host=localhost port=" + through.port() + " user=app dbname=app sslmode=" + sslmode
                + (rootCert == null ? "" : " sslrootcert=" + rootCert);
        return psql.run(List.of("-X", "-At", "-d", conninfo, "-c", sql), Map.of("PGPASSWORD", "app"), null, TIMEOUT);
    }

    @Test
    void psqlVerifiesTheProxyAndTheServerLegIsEncryptedToo() {
        var result = psql(proxy, "verify-full", authority.caCertFile(), ON_SERVER_LEG);
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("t", result.stdout().strip(), "PostgreSQL sees a TLS connection from the proxy");
    }

    /**
     * Each client TLS connection is logged at INFO with what it negotiated, so an operator can audit protocol and
     * cipher; each server one at DEBUG, with whether SCRAM could bind to its certificate (the server leg's
     * SCRAM-SHA-256-PLUS needs the peer certificate from the engine, which a silent fallback would hide).
     */
    @Test
    void theNegotiatedProtocolAndCipherAreLogged() {
        try (var proxyLeg = LogLines.capture("dev.switchboard.proxy.frontend.ClientTlsStart",
                ch.qos.logback.classic.Level.INFO);
             var serverLeg = LogLines.capture("dev.switchboard.proxy.backend.ServerTlsRequest",
                     ch.qos.logback.classic.Level.DEBUG);
             ProxyHarness fresh = start("require", proxyCertificate, "verify-full", authority.caCertFile())) {
            assertEquals(0, psql(fresh, "verify-full", authority.caCertFile(), "SELECT 1").exitCode());
            proxyLeg.await("TLS after SSLRequest: TLSv1.3, TLS_");
            serverLeg.await("(tls.server.mode verify-full): TLSv1.3, TLS_");
            serverLeg.await("SCRAM channel binding available");
        }
    }

    /** libpq's channel_binding=require: only SCRAM-SHA-256-PLUS bound to the proxy's certificate will do. */
    @Test
    void psqlRequiringChannelBindingLogsIn() {
        String conninfo = "host=localhost port=" + proxy.port() + " user=app dbname=app sslmode=verify-full"
                + " sslrootcert=" + authority.caCertFile() + " channel_binding=require";
        var result = psql.run(List.of("-X", "-At", "-d", conninfo, "-c", "SELECT 1"), Map.of("PGPASSWORD", "app"),
                null, TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        var wrong = psql.run(List.of("-X", "-At", "-d", conninfo, "-c", "SELECT 1"), Map.of("PGPASSWORD", "wrong"),
                null, TIMEOUT);
        assertTrue(wrong.stderr().contains("password authentication failed for user \"app\""), wrong.toString());
    }

    /** The other tests run on OpenSSL where it loads; tls.engine: jdk must do the same, channel binding included. */
    @Test
    void theJdkEngineBindsChannelsOnBothLegsToo() {
        try (ProxyHarness jdk = start("require", proxyCertificate, "verify-full", authority.caCertFile(), "jdk")) {
            String conninfo = "host=localhost port=" + jdk.port() + " user=app dbname=app sslmode=verify-full"
                    + " sslrootcert=" + authority.caCertFile() + " channel_binding=require";
            var result = psql.run(List.of("-X", "-At", "-d", conninfo, "-c", ON_SERVER_LEG), Map.of("PGPASSWORD", "app"),
                    null, TIMEOUT);
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals("t", result.stdout().strip());
        }
    }

    @Test
    void pgJdbcVerifiesTheProxy() throws SQLException {
        assertEquals("t", jdbcQuery(proxy, "verify-full", authority.caCertFile(), "traditional"));
    }

    @Test
    void pgJdbcConnectsWithDirectTls() throws SQLException {
        assertEquals("t", jdbcQuery(proxy, "verify-full", authority.caCertFile(), "direct"));
    }

    private static String jdbcQuery(ProxyHarness through, String sslmode, Path rootCert, String negotiation)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "app");
        props.setProperty("password", "app");
        props.setProperty("sslmode", sslmode);
        props.setProperty("sslrootcert", rootCert.toString());
        props.setProperty("sslNegotiation", negotiation);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + through.port() + "/app", props);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            rs.next();
            return rs.getString(1).substring(0, 1);
        }
    }

    @Test
    void psycopgVerifiesTheProxy() {
        ExternalProgram python = ExternalProgram.at(Path.of("/usr/bin/python3"));
        String script = """
                import sys, psycopg
                with psycopg.connect(sys.argv[1]) as conn:
                    print(conn.execute("%s").fetchone()[0], conn.pgconn.ssl_in_use)
                """.formatted(ON_SERVER_LEG);
        String conninfo = "host=localhost port=" + proxy.port() + " user=app password=app dbname=app"
                + " sslmode=verify-full sslrootcert=" + authority.caCertFile();
        var result = python.run(List.of("-c", script, conninfo), Map.of(), null, TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("True True", result.stdout().strip(), "server leg and client leg both encrypted");
    }

    @Test
    void aPlainConnectionIsRefusedWhereTlsIsRequired() {
        var result = psql(proxy, "disable", null, "SELECT 1");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("TLS is required") && result.stderr().contains("no encryption"),
                result.toString());
    }

    @Test
    void aClientThatTrustsAnotherAuthorityRefusesTheProxy() {
        var result = psql(proxy, "verify-full", otherAuthority.caCertFile(), "SELECT 1");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("certificate verify failed"), result.toString());
    }

    @Test
    void anExpiredProxyCertificateIsRefusedByTheClient() throws IOException {
        var expired = authority.issue("expired", "localhost", List.of("dns:localhost", "ip:127.0.0.1"), "-10d", 2);
        try (ProxyHarness old = start("require", expired, "verify-full", authority.caCertFile())) {
            var result = psql(old, "verify-full", authority.caCertFile(), "SELECT 1");
            assertNotEquals(0, result.exitCode());
            // libpq names no reason; the certificate is signed by the trusted authority, so its dates are the cause.
            assertTrue(result.stderr().contains("certificate verify failed"), result.toString());
        }
    }

    @Test
    void aServerCertificateFromAnotherAuthorityFailsTheServerLegWithAClearError() {
        try (ProxyHarness wrong = start("allow", proxyCertificate, "verify-full", otherAuthority.caCertFile())) {
            var result = psql(wrong, "require", null, "SELECT 1");
            assertNotEquals(0, result.exitCode());
            assertTrue(result.stderr().contains("TLS handshake with server") && result.stderr().contains("verify-full"),
                    result.toString());
        }
    }

    /**
     * The node is written by a name that reaches PostgreSQL but that its certificate does not carry: verify-full
     * refuses it (verify-ca, which skips the name, is what would accept it), whichever engine runs.
     */
    @Test
    void aServerCertificateForAnotherNameFailsVerifyFull() throws IOException {
        String otherName = java.net.InetAddress.getLocalHost().getHostName();
        org.junit.jupiter.api.Assumptions.assumeTrue(!otherName.equals("localhost")
                && java.net.InetAddress.getByName(otherName).isLoopbackAddress(), "the host name reaches PostgreSQL");
        for (String engine : List.of("auto", "jdk")) {
            for (String mode : List.of("verify-full", "verify-ca")) {
                try (ProxyHarness named = ProxyHarness.start("""
                        listen: { address: 127.0.0.1, port: 0 }
                        tls:
                          engine: %s
                          server: { mode: %s, ca_file: "%s" }
                        clusters:
                          main: { nodes: [ "%s:%d" ] }
                        databases:
                          app: { cluster: main, dbname: app }
                        users:
                          - { name: app, password: app }
                        """.formatted(engine, mode, authority.caCertFile(), otherName, cluster.primary().port()))) {
                    var result = psql(named, "disable", null, "SELECT 1");
                    if (mode.equals("verify-ca")) {
                        assertEquals(0, result.exitCode(), engine + ": " + result);
                    } else {
                        assertNotEquals(0, result.exitCode(), engine + ": " + result);
                        assertTrue(result.stderr().contains("TLS handshake with server " + otherName)
                                && result.stderr().contains("verify-full"), engine + ": " + result);
                    }
                }
            }
        }
    }

    @Test
    void preferTowardsTheServerAcceptsAnyCertificate() {
        try (ProxyHarness prefer = start("allow", proxyCertificate, "prefer", otherAuthority.caCertFile())) {
            var result = psql(prefer, "disable", null, ON_SERVER_LEG);
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals("t", result.stdout().strip(), "prefer encrypts when PostgreSQL offers TLS");
        }
    }

    /** The certificate files are replaced while the proxy runs: the next handshake presents the new one. */
    @Test
    void aReplacedCertificateIsPresentedWithoutARestart() throws Exception {
        ThrowawayCertificates.Issued first = authority.issue("reloading", "localhost",
                List.of("dns:localhost", "ip:127.0.0.1"), null, 365);
        try (ProxyHarness reloading = start("require", first, "verify-full", authority.caCertFile())) {
            assertEquals(0, psql(reloading, "verify-full", authority.caCertFile(), "SELECT 1").exitCode());
            ThrowawayCertificates.Issued replacement = otherAuthority.localhostServer();
            Files.copy(replacement.keyFile(), first.keyFile(), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(replacement.certFile(), first.certFile(), StandardCopyOption.REPLACE_EXISTING);
            Await.until("the replaced certificate is presented", Duration.ofSeconds(30),
                    () -> psql(reloading, "verify-full", otherAuthority.caCertFile(), "SELECT 1").exitCode() == 0);
            var oldTrust = psql(reloading, "verify-full", authority.caCertFile(), "SELECT 1");
            assertNotEquals(0, oldTrust.exitCode(), "the old certificate is no longer presented");
        }
    }

    /**
     * Direct TLS must name "postgresql" through ALPN (PostgreSQL 17's rule): a handshake offering none, or only
     * another protocol, gets no session — a fatal alert from the JDK's engine, or the connection closed right after
     * the handshake on OpenSSL. Either way the client reads nothing from PostgreSQL's side.
     */
    @Test
    void directTlsWithoutThePostgresqlAlpnIsClosed() throws Exception {
        javax.net.ssl.SSLContext trusting = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
        java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(authority.caCertFile())) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var factory = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        trusting.init(null, factory.getTrustManagers(), null);
        for (String[] offered : new String[][] {{}, {"http/1.1"}}) {
            try (var socket = (javax.net.ssl.SSLSocket) trusting.getSocketFactory().createSocket("localhost", proxy.port())) {
                socket.setSoTimeout(30_000);
                javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
                parameters.setApplicationProtocols(offered);
                socket.setSSLParameters(parameters);
                int read;
                try {
                    socket.startHandshake();
                    socket.getOutputStream().write(RawClient.startupPacket(Map.of("user", "app", "database", "app")));
                    socket.getOutputStream().flush();
                    read = socket.getInputStream().read();
                } catch (IOException refused) {
                    read = -1; // an alert, or a reset after the close
                }
                assertEquals(-1, read, "ALPN " + List.of(offered) + ": the proxy must not answer");
            }
        }
    }

    /** Bytes sent behind SSLRequest, before the handshake, would pass as encrypted: refused as PostgreSQL does. */
    @Test
    void plaintextPipelinedBehindSslRequestIsRefused() throws IOException {
        try (RawClient raw = RawClient.connect(proxy.port())) {
            byte[] sslRequest = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};
            raw.send(sslRequest, RawClient.startupPacket(Map.of("user", "app", "database", "app")));
            RawClient.Message error = raw.read();
            assertTrue(error.isError(), error.toString());
            assertEquals("08P01", error.sqlState());
            assertTrue(error.text().contains("unencrypted data after SSL request"), error.toString());
        }
    }

    /**
     * TLS per user and address: the listener allows plain connections, but an access rule refuses them for one user
     * (pg_hba's hostnossl ... reject) and another rule requires TLS from every address but loopback's.
     */
    @Test
    void accessRulesRequireTlsForOneUserOnly() {
        String node = cluster.primary().host() + ":" + cluster.primary().port();
        try (ProxyHarness rules = ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                tls:
                  client: { mode: allow, cert_file: "%s", key_file: "%s" }
                  server: { mode: verify-full, ca_file: "%s" }
                access:
                  - { action: reject, user: app, tls: false }
                  - { action: allow, address: 127.0.0.0/8 }
                  - { action: allow, tls: true }
                clusters:
                  main: { nodes: [ "%s" ] }
                databases:
                  app: { cluster: main, dbname: app }
                users:
                  - { name: app, password: app }
                  - { name: reports, password: app, backend_user: app, backend_password: app }
                """.formatted(proxyCertificate.certFile(), proxyCertificate.keyFile(), authority.caCertFile(), node))) {
            var plainApp = psql(rules, "disable", null, "SELECT 1");
            assertNotEquals(0, plainApp.exitCode());
            assertTrue(plainApp.stderr().contains("access rule 1 rejects connection for host \"127.0.0.1\", user \"app\","
                    + " database \"app\", no encryption"), plainApp.toString());
            assertEquals(0, psql(rules, "verify-full", authority.caCertFile(), "SELECT 1").exitCode(), "app over TLS");
            String conninfo = "host=localhost port=" + rules.port() + " user=reports dbname=app sslmode=disable";
            var plainReports = psql.run(List.of("-X", "-At", "-d", conninfo, "-c", "SELECT 1"),
                    Map.of("PGPASSWORD", "app"), null, TIMEOUT);
            assertEquals(0, plainReports.exitCode(), plainReports.toString());
        }
    }

    @Test
    void theConfigurationRefusesRequireWithoutACertificate() {
        var e = assertThrows(IllegalStateException.class, () -> ProxyHarness.start("""
                tls:
                  client: { mode: require }
                clusters:
                  main: { nodes: [ "127.0.0.1:1" ] }
                databases:
                  app: { cluster: main }
                """));
        assertTrue(e.getMessage().contains("tls.client.cert_file"), e.getMessage());
    }
}
