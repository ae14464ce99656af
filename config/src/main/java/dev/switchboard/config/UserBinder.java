// Binds the users list and checks each user's password against its authentication method.
package dev.switchboard.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Builds the user map. Error messages describe a password by its kind only, never by its value. */
final class UserBinder {

    private static final List<String> KEYS =
            List.of("name", "password", "auth", "backend_user", "backend_password", "pool_mode",
                    "max_server_connections", "max_client_connections");

    private UserBinder() {
    }

    static Map<String, UserConfig> bind(Binding binding, Node node, AuthConfig auth, ListenConfig listen,
                                        TlsConfig.Client tls) {
        Map<String, UserConfig> result = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        List<Node> items = binding.items(node, "users");
        for (int i = 0; i < items.size(); i++) {
            MappingReader r = MappingReader.of(binding, items.get(i), "users[" + i + "]", KEYS);
            if (Binding.isNull(items.get(i))) {
                binding.problems.add(items.get(i), r.path(), "empty user entry; expected { name: ..., password: ... }");
                continue;
            }
            if (r.wrongType()) {
                continue;
            }
            UserConfig user = user(r, auth, listen, tls);
            if (user == null) {
                continue;
            }
            Integer first = firstLine.putIfAbsent(user.name(), Problems.lineOf(r.node("name")));
            if (first != null) {
                r.fail("name", "duplicate user \"" + user.name() + "\" (first defined at line " + first + ")", null);
            } else {
                result.put(user.name(), user);
            }
        }
        return result;
    }

    private static UserConfig user(MappingReader r, AuthConfig auth, ListenConfig listen, TlsConfig.Client tls) {
        String name = r.requiredString("name");
        String password = secret(r, "password");
        boolean explicitAuth = r.has("auth");
        ClientAuthMethod chosen = r.choice("auth", ClientAuthMethod.values(), null);
        ClientAuthMethod method = chosen != null ? chosen : auth.defaultMethod();
        // After an unknown method (reported), checking the password against a guess would only add noise.
        if (chosen != null || !explicitAuth) {
            checkPassword(r, method, explicitAuth, password);
            if (method == ClientAuthMethod.TRUST && !auth.trustOnNetwork() && !isLoopback(listen.address())) {
                r.fail("auth", "trust on a listener other hosts can reach (listen.address " + listen.address()
                        + ") lets anyone log in as this user; bind the listener to a loopback address or a Unix"
                        + " socket, or set auth.trust_on_network: true to allow it", null);
            }
            if (method == ClientAuthMethod.CERT && !tls.asksForCertificates()) {
                r.fail("auth", "cert needs client certificates: set tls.client.ca_file (and cert_file, key_file) so "
                        + "that clients are asked for one", null);
            }
        }
        String backendUser = r.string("backend_user", name == null ? "" : name);
        if (r.has("backend_user") && backendUser.isEmpty()) {
            r.fail("backend_user", "must not be empty", null);
        }
        String backendPassword = secret(r, "backend_password");
        if (backendPassword != null && PasswordKind.classify(backendPassword) == PasswordKind.SCRAM_SECRET) {
            r.fail("backend_password", "a SCRAM secret cannot be used to log in to PostgreSQL; give the plaintext "
                    + "password (or an md5 hash for a server using md5)", null);
        }
        if (backendPassword == null && password != null && PasswordKind.classify(password) == PasswordKind.PLAINTEXT) {
            backendPassword = password;
        }
        PoolMode poolMode = r.choice("pool_mode", PoolMode.values(), null);
        int maxServers = r.integer("max_server_connections", UserConfig.DEFAULT_MAX_SERVER_CONNECTIONS, 0,
                Integer.MAX_VALUE);
        int maxClients = r.integer("max_client_connections", UserConfig.DEFAULT_MAX_CLIENT_CONNECTIONS, 0,
                Integer.MAX_VALUE);
        return name == null ? null : new UserConfig(name, password, method, backendUser, backendPassword, poolMode,
                maxServers, maxClients);
    }

    /** A password field: null when absent or malformed (the error is recorded). */
    private static String secret(MappingReader r, String key) {
        String value = r.string(key, null);
        if (value == null) {
            return null;
        }
        Optional<String> problem = PasswordKind.problem(value);
        return problem.isPresent() ? r.fail(key, problem.get(), null) : value;
    }

    /** Whether only this machine can reach an address (a Unix socket listener always is). */
    static boolean isLoopback(String address) {
        return address.equals("localhost") || address.startsWith("127.") || address.equals("::1");
    }

    private static void checkPassword(MappingReader r, ClientAuthMethod method, boolean explicitAuth,
                                      String password) {
        if (method == ClientAuthMethod.TRUST || method == ClientAuthMethod.CERT) {
            return;
        }
        String methodName = "auth " + method.yamlName() + (explicitAuth ? "" : " (the default from auth.default_method)");
        String accepted = method == ClientAuthMethod.SCRAM_SHA_256
                ? "a plaintext password or a SCRAM secret" : "a plaintext password or an md5 hash";
        if (password == null) {
            if (!r.has("password")) {
                r.fail("password", "required for " + methodName + ": give " + accepted, null);
            }
            return;
        }
        PasswordKind kind = PasswordKind.classify(password);
        if (method == ClientAuthMethod.SCRAM_SHA_256 && kind == PasswordKind.MD5_HASH) {
            r.fail("password", "an md5 hash cannot check " + methodName + " logins; give " + accepted, null);
        } else if (method == ClientAuthMethod.MD5 && kind == PasswordKind.SCRAM_SECRET) {
            r.fail("password", "a SCRAM secret cannot check " + methodName + " logins; give " + accepted, null);
        }
    }
}
