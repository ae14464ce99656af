// The top-level tls section: TLS towards clients and the sslmode towards each PostgreSQL node.
package dev.switchboard.config;

import static dev.switchboard.config.ConfigAssertions.errors;
import static dev.switchboard.config.ConfigAssertions.parse;
import static dev.switchboard.config.ConfigAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsConfigTest {

    /** A valid tail; the section under test goes first. */
    private static final String BASE = "clusters:\n  main: { nodes: [ h ] }\ndatabases:\n  app: {}\n";

    @Test
    void absentMeansNoClientTlsAndEachNodesDefault() throws ConfigException {
        TlsConfig tls = parse(BASE).tls();
        assertFalse(tls.client().enabled());
        assertEquals(TlsConfig.ServerMode.PREFER, tls.server().modeFor("127.0.0.1"));
        assertEquals(TlsConfig.ServerMode.PREFER, tls.server().modeFor("localhost"));
        assertEquals(TlsConfig.ServerMode.DISABLE, tls.server().modeFor("/var/run/postgresql"), "a Unix socket");
        assertEquals(TlsConfig.ServerMode.VERIFY_FULL, tls.server().modeFor("db1.example.com"));
        assertEquals(TlsConfig.ServerMode.VERIFY_FULL, tls.server().modeFor("10.0.0.5"));
    }

    @Test
    void aCertificateAloneMeansAllow() throws ConfigException {
        TlsConfig.Client client = parse("tls:\n  client: { cert_file: s.crt, key_file: s.key }\n" + BASE).tls().client();
        assertEquals(new TlsConfig.Client(TlsConfig.ClientMode.ALLOW, Path.of("s.crt"), Path.of("s.key"), null,
                TlsConfig.ClientCertMode.NONE), client);
    }

    @Test
    void everyKeyIsRead() throws ConfigException {
        TlsConfig tls = parse("""
                tls:
                  client: { mode: require, cert_file: s.crt, key_file: s.key, ca_file: ca.crt, client_cert: verify-full }
                  server: { mode: verify-ca, ca_file: pg.crt, cert_file: me.crt, key_file: me.key }
                """ + BASE).tls();
        assertEquals(new TlsConfig.Client(TlsConfig.ClientMode.REQUIRE, Path.of("s.crt"), Path.of("s.key"),
                Path.of("ca.crt"), TlsConfig.ClientCertMode.VERIFY_FULL), tls.client());
        assertEquals(new TlsConfig.Server(TlsConfig.ServerMode.VERIFY_CA, Path.of("pg.crt"), Path.of("me.crt"),
                Path.of("me.key")), tls.server());
        assertEquals(TlsConfig.ServerMode.VERIFY_CA, tls.server().modeFor("localhost"), "a set mode holds for every node");
        assertEquals(TlsConfig.ServerMode.DISABLE, tls.server().modeFor("/var/run/postgresql"),
                "but a Unix socket, where PostgreSQL never offers TLS");
    }

    @Test
    void requireWithoutACertificateIsAnError() {
        single(errors("tls:\n  client: { mode: require }\n" + BASE), 2, "tls.client.cert_file", "required");
    }

    @Test
    void clientCertificatesNeedAnAuthority() {
        single(errors("tls:\n  client: { cert_file: a, key_file: b, client_cert: verify-ca }\n" + BASE), 2,
                "tls.client.client_cert", "ca_file");
    }

    @Test
    void aServerCertificateNeedsItsKey() {
        single(errors("tls:\n  server: { cert_file: a }\n" + BASE), 2, "tls.server.cert_file", "go together");
    }

    @Test
    void unknownModesAreNamed() {
        single(errors("tls:\n  server: { mode: verify }\n" + BASE), 2, "tls.server.mode",
                "expected one of disable, prefer, require, verify-ca, verify-full");
        assertNull(TlsConfig.Server.DEFAULT.mode());
    }

    @Test
    void aUserMapIsReadInOrderAndAppliedAsPgIdentWould() throws ConfigException {
        TlsConfig.Client client = parse("""
                tls:
                  client:
                    cert_file: s.crt
                    key_file: s.key
                    ca_file: ca.crt
                    user_map:
                      - { name: "spiffe://example.org/billing", user: billing }
                      - { name: '/^(.*)@example\\.org$', user: '\\1' }
                """ + BASE).tls().client();
        CertificateUserMap map = client.userMap();
        assertEquals(List.of(new CertificateUserMap.Entry("spiffe://example.org/billing", "billing"),
                new CertificateUserMap.Entry("/^(.*)@example\\.org$", "\\1")), map.entries());
        assertTrue(map.allows("svc", List.of("spiffe://example.org/billing"), "billing"), "a SAN URI, exactly");
        assertTrue(map.allows("alice@example.org", List.of(), "alice"), "the regex's first group");
        assertFalse(map.allows("billing", List.of(), "billing"), "with a map, the common name alone is not enough");
        assertFalse(map.allows("mallory@example.org.evil", List.of(), "mallory"), "the whole name must match");
        assertTrue(client.asksForCertificates(), "a CA file means certificates are asked for");
    }

    @Test
    void withoutAMapTheCommonNameIsTheUser() {
        assertTrue(CertificateUserMap.COMMON_NAME.allows("app", List.of("other"), "app"));
        assertFalse(CertificateUserMap.COMMON_NAME.allows("other", List.of("app"), "app"));
    }

    @Test
    void aBadUserMapIsNamed() {
        single(errors("tls:\n  client: { cert_file: a, key_file: b, ca_file: c, user_map: [ { name: \"/(\", user: x } ] }\n"
                + BASE), 2, "tls.client.user_map[0].name", "not a regular expression");
        single(errors("tls:\n  client: { cert_file: a, key_file: b, user_map: [ { name: x, user: x } ] }\n" + BASE), 2,
                "tls.client.user_map", "ca_file");
    }

    @Test
    void certAuthenticationNeedsClientCertificatesAndCannotBeTheDefault() {
        single(errors(BASE + "users:\n  - { name: app, auth: cert }\n"), 6, "users[0].auth", "tls.client.ca_file");
        single(errors("auth: { default_method: cert }\n" + BASE), 1, "auth.default_method", "cannot be the default");
    }
}
