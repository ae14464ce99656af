// Binds the flat top-level sections: listen, limits, auth and http.
package dev.switchboard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Builds {@link ListenConfig}, {@link LimitsConfig}, {@link AuthConfig} and {@link HttpConfig} from their sections. */
final class SettingsBinder {

    private SettingsBinder() {
    }

    static ListenConfig listen(Binding binding, Node node) {
        MappingReader r = MappingReader.of(binding, node, "listen",
                List.of("address", "port", "unix_socket_dir", "max_client_connections", "handoff_socket",
                        "reuse_port"));
        String address = r.string("address", ListenConfig.DEFAULT_ADDRESS);
        if (address.isBlank()) {
            address = r.fail("address", "must not be empty", ListenConfig.DEFAULT_ADDRESS);
        }
        int port = r.integer("port", ListenConfig.DEFAULT_PORT, 0, 65535);
        Path dir = r.filePath("unix_socket_dir");
        if (dir != null && port == 0) {
            dir = r.fail("unix_socket_dir", "needs a fixed listen.port; port 0 (any free port) gives a socket "
                    + "name clients cannot know", null);
        }
        String tooLong = dir == null ? null
                : NodeAddress.socketPathProblem(NodeAddress.socketFile(dir.toString(), port));
        if (tooLong != null) {
            dir = r.fail("unix_socket_dir", tooLong, null);
        }
        int maxClients = r.integer("max_client_connections", ListenConfig.DEFAULT_MAX_CLIENT_CONNECTIONS,
                1, Integer.MAX_VALUE);
        Path handoff = r.filePath("handoff_socket");
        String handoffTooLong = handoff == null ? null : NodeAddress.socketPathProblem(handoff);
        if (handoffTooLong != null) {
            handoff = r.fail("handoff_socket", handoffTooLong, null);
        }
        boolean reusePort = r.bool("reuse_port", false);
        if (reusePort && handoff == null && port != 0) {
            // The default handoff socket is derived from the port: instances sharing it would take each other's.
            reusePort = r.fail("reuse_port", "instances that share a port need a handoff socket each: set "
                    + "listen.handoff_socket", false);
        }
        return new ListenConfig(address, port, dir, maxClients, handoff, reusePort);
    }

    static LimitsConfig limits(Binding binding, Node node) {
        MappingReader r = MappingReader.of(binding, node, "limits",
                List.of("max_message_size", "startup_timeout", "connect_timeout", "stall_timeout", "drain_grace",
                        "max_queued_notifications", "cancel_requests_per_second"));
        int maxMessage = r.size("max_message_size", LimitsConfig.DEFAULT_MAX_MESSAGE_SIZE,
                LimitsConfig.MIN_MAX_MESSAGE_SIZE, Integer.MAX_VALUE);
        Duration startup = r.duration("startup_timeout", LimitsConfig.DEFAULT_STARTUP_TIMEOUT, false);
        Duration connect = r.duration("connect_timeout", LimitsConfig.DEFAULT_CONNECT_TIMEOUT, false);
        Duration stall = r.duration("stall_timeout", LimitsConfig.DEFAULT_STALL_TIMEOUT, false);
        Duration drainGrace = r.duration("drain_grace", LimitsConfig.DEFAULT_DRAIN_GRACE, false);
        int maxQueued = r.integer("max_queued_notifications", LimitsConfig.DEFAULT_MAX_QUEUED_NOTIFICATIONS,
                1, LimitsConfig.MAX_MAX_QUEUED_NOTIFICATIONS);
        int cancels = r.integer("cancel_requests_per_second", LimitsConfig.DEFAULT_CANCEL_REQUESTS_PER_SECOND, 0,
                1_000_000);
        return new LimitsConfig(maxMessage, startup, connect, stall, maxQueued, drainGrace, cancels);
    }

    /** The HTTP listener, or null when the section is absent (then there is none). */
    static HttpConfig http(Binding binding, Node node, ListenConfig listen) {
        if (Binding.isNull(node)) {
            return null;
        }
        MappingReader r = MappingReader.of(binding, node, "http", List.of("address", "port"));
        String address = r.string("address", HttpConfig.DEFAULT_ADDRESS);
        if (address.isBlank()) {
            address = r.fail("address", "must not be empty", HttpConfig.DEFAULT_ADDRESS);
        }
        int port = r.integer("port", HttpConfig.DEFAULT_PORT, 0, 65535);
        // Caught here rather than as a bind failure at startup; different addresses may share a port.
        if (port != 0 && port == listen.port() && overlaps(address, listen.address())) {
            port = r.fail("port", "port " + port + " is already used by listen.port", HttpConfig.DEFAULT_PORT);
        }
        return new HttpConfig(address, port);
    }

    static PeersConfig peers(Binding binding, Node node) {
        if (Binding.isNull(node)) {
            return null;
        }
        MappingReader r = MappingReader.of(binding, node, "peers", List.of("self", "secret", "instances"));
        int self = 1;
        if (r.has("self")) {
            self = r.integer("self", 1, 1, PeersConfig.MAX_ID);
        } else {
            r.missing("self");
        }
        String secret = r.requiredString("secret");
        if (secret != null && secret.length() < PeersConfig.MIN_SECRET_LENGTH) {
            secret = r.fail("secret", "must be at least " + PeersConfig.MIN_SECRET_LENGTH + " characters", null);
        }
        java.util.Map<Integer, NodeAddress> instances = new java.util.LinkedHashMap<>();
        if (r.has("instances")) {
            MappingReader list = MappingReader.of(binding, r.node("instances"), r.path("instances"), null);
            for (MappingReader.Entry e : list.entries()) {
                String path = list.path(e.key());
                int id;
                try {
                    id = Integer.parseInt(e.key());
                } catch (NumberFormatException ex) {
                    binding.problems.add(e.keyNode(), path, "an instance id is a number 1.." + PeersConfig.MAX_ID);
                    continue;
                }
                if (id < 1 || id > PeersConfig.MAX_ID || id == self) {
                    binding.problems.add(e.keyNode(), path, id == self ? "this is peers.self: list the other instances"
                            : "an instance id is a number 1.." + PeersConfig.MAX_ID);
                    continue;
                }
                String text = binding.text(e.value(), path);
                try {
                    instances.put(id, NodeAddress.parse(text == null ? "" : text));
                } catch (IllegalArgumentException ex) {
                    binding.problems.add(e.value(), path, ex.getMessage());
                }
            }
        }
        return secret == null ? null : new PeersConfig(self, secret, instances);
    }

    private static boolean overlaps(String a, String b) {
        return a.equals(b) || isWildcard(a) || isWildcard(b);
    }

    private static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("*");
    }

    static AuthConfig auth(Binding binding, Node node) {
        MappingReader r = MappingReader.of(binding, node, "auth", List.of("default_method", "query", "trust_on_network"));
        ClientAuthMethod method = r.choice("default_method", ClientAuthMethod.values(), AuthConfig.DEFAULT_METHOD);
        if (method == ClientAuthMethod.TRUST || method == ClientAuthMethod.CERT) {
            method = r.fail("default_method", method.yamlName() + " cannot be the default; set auth: "
                    + method.yamlName() + " on each user that may connect without a password", AuthConfig.DEFAULT_METHOD);
        }
        return new AuthConfig(method, authQuery(binding, r.node("query")), r.bool("trust_on_network", false));
    }

    private static AuthConfig.Query authQuery(Binding binding, Node node) {
        if (Binding.isNull(node)) {
            return null;
        }
        MappingReader r = MappingReader.of(binding, node, "auth.query", List.of("user", "password", "sql", "cache"));
        String user = r.requiredString("user");
        String password = r.string("password", null);
        String sql = r.string("sql", AuthConfig.Query.DEFAULT_SQL);
        if (!sql.contains("$1")) {
            sql = r.fail("sql", "must use $1 for the user name being looked up", AuthConfig.Query.DEFAULT_SQL);
        }
        Duration cache = r.duration("cache", AuthConfig.Query.DEFAULT_CACHE, false);
        return user == null ? null : new AuthConfig.Query(user, password, sql, cache);
    }

    /** The {@code tls} section; absent means no TLS towards clients and each node's default towards PostgreSQL. */
    static TlsConfig tls(Binding binding, Node node) {
        if (Binding.isNull(node)) {
            return TlsConfig.defaults();
        }
        MappingReader r = MappingReader.of(binding, node, "tls", List.of("client", "server", "engine"));
        return new TlsConfig(clientTls(binding, r.node("client")), serverTls(binding, r.node("server")),
                r.choice("engine", TlsConfig.Engine.values(), TlsConfig.Engine.AUTO));
    }

    private static TlsConfig.Client clientTls(Binding binding, Node node) {
        if (Binding.isNull(node)) {
            return TlsConfig.Client.DISABLED;
        }
        MappingReader r = MappingReader.of(binding, node, "tls.client",
                List.of("mode", "cert_file", "key_file", "ca_file", "client_cert", "user_map"));
        Path cert = r.filePath("cert_file");
        Path key = r.filePath("key_file");
        Path ca = r.filePath("ca_file");
        TlsConfig.ClientMode mode = r.choice("mode", TlsConfig.ClientMode.values(),
                cert != null && key != null ? TlsConfig.ClientMode.ALLOW : TlsConfig.ClientMode.DISABLE);
        TlsConfig.ClientCertMode clientCert = r.choice("client_cert", TlsConfig.ClientCertMode.values(),
                TlsConfig.ClientCertMode.NONE);
        if (mode != TlsConfig.ClientMode.DISABLE && cert == null) {
            r.missing("cert_file");
            return TlsConfig.Client.DISABLED;
        }
        if (mode != TlsConfig.ClientMode.DISABLE && key == null) {
            r.missing("key_file");
            return TlsConfig.Client.DISABLED;
        }
        if (clientCert != TlsConfig.ClientCertMode.NONE && ca == null) {
            return r.fail("client_cert", "needs ca_file: the authorities that sign client certificates",
                    TlsConfig.Client.DISABLED);
        }
        CertificateUserMap userMap = userMap(binding, r.node("user_map"));
        if (!userMap.entries().isEmpty() && ca == null) {
            return r.fail("user_map", "needs ca_file: without it clients are not asked for a certificate",
                    TlsConfig.Client.DISABLED);
        }
        return new TlsConfig.Client(mode, cert, key, ca, clientCert, userMap);
    }

    /** {@code tls.client.user_map: [ { name: CN, SAN or /regex, user: name or \1 }, ... ] }. */
    private static CertificateUserMap userMap(Binding binding, Node node) {
        List<CertificateUserMap.Entry> entries = new java.util.ArrayList<>();
        List<Node> items = binding.items(node, "tls.client.user_map");
        for (int i = 0; i < items.size(); i++) {
            MappingReader r = MappingReader.of(binding, items.get(i), "tls.client.user_map[" + i + "]",
                    List.of("name", "user"));
            String name = r.requiredString("name");
            String user = r.requiredString("user");
            if (name == null || user == null) {
                continue;
            }
            try {
                entries.add(new CertificateUserMap.Entry(name, user));
            } catch (java.util.regex.PatternSyntaxException e) {
                r.fail("name", "not a regular expression: " + e.getDescription(), null);
            }
        }
        return new CertificateUserMap(entries);
    }

    private static TlsConfig.Server serverTls(Binding binding, Node node) {
        if (Binding.isNull(node)) {
            return TlsConfig.Server.DEFAULT;
        }
        MappingReader r = MappingReader.of(binding, node, "tls.server", List.of("mode", "ca_file", "cert_file", "key_file"));
        TlsConfig.ServerMode mode = r.choice("mode", TlsConfig.ServerMode.values(), null);
        Path ca = r.filePath("ca_file");
        Path cert = r.filePath("cert_file");
        Path key = r.filePath("key_file");
        if ((cert == null) != (key == null)) {
            return r.fail(cert == null ? "key_file" : "cert_file", "cert_file and key_file go together",
                    TlsConfig.Server.DEFAULT);
        }
        return new TlsConfig.Server(mode, ca, cert, key);
    }
}
