// ProxyConfig: the YAML document of a test proxy — the default test configuration plus the changes a test names.
package dev.switchboard.proxy.it;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts as the default test proxy: listening on 127.0.0.1, port 0; session pooling, size 10, wait_timeout 5s;
 * cluster {@code main} on the shared cluster's primary; databases {@code app} and {@code postgres} on it;
 * the users {@link TestCluster} creates. Every method takes YAML {@code "key: value"} fields and merges them
 * into one section or entry, a key given again replacing its value, so a test states only what it changes:
 * <pre>
 * ProxyHarness.config().mode("transaction").poolSize(1).user("raw", "auth: trust", "backend_user: app").start()
 * </pre>
 * A test that is about the configuration itself states the whole document with {@link ProxyHarness#start(String)}.
 */
public final class ProxyConfig {
    /** Top-level flow mappings (listen, pool, limits, ...), in the order they are first named. */
    private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> clusters = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> databases = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> users = new LinkedHashMap<>();
    /** Top-level keys whose value is not a mapping (admin_users: [ ... ]), as YAML text. */
    private final Map<String, String> scalars = new LinkedHashMap<>();

    ProxyConfig() {
        section("listen", "address: 127.0.0.1", "port: 0");
        pool("mode: session", "size: 10", "wait_timeout: 5s");
        cluster("main", "nodes: [ \"${PRIMARY}\" ]");
        database("app", "cluster: main", "dbname: app");
        database("postgres", "cluster: main", "dbname: postgres");
        user("app", "password: app", "auth: scram-sha-256");
        user("app_md5", "password: app_md5", "auth: md5");
        user("app_clear", "password: app_clear", "auth: scram-sha-256");
        user("app_scram", "password: app_scram", "auth: scram-sha-256");
    }

    /** Fields of the top-level mapping {@code name} (listen, pool, limits, auth, http). */
    public ProxyConfig section(String name, String... fields) {
        merge(sections, name, fields);
        return this;
    }

    /** A top-level key whose value is not a mapping, e.g. {@code top("admin_users", "[ app ]")}. */
    public ProxyConfig top(String key, String yamlValue) {
        scalars.put(key, yamlValue);
        return this;
    }

    public ProxyConfig listen(String... fields) {
        return section("listen", fields);
    }

    public ProxyConfig pool(String... fields) {
        return section("pool", fields);
    }

    public ProxyConfig mode(String mode) {
        return pool("mode: " + mode);
    }

    public ProxyConfig poolSize(int size) {
        return pool("size: " + size);
    }

    public ProxyConfig limits(String... fields) {
        return section("limits", fields);
    }

    /** Fields of cluster {@code name}, which is added if it is new. */
    public ProxyConfig cluster(String name, String... fields) {
        merge(clusters, name, fields);
        return this;
    }

    /** Fields of virtual database {@code name}, which is added if it is new. */
    public ProxyConfig database(String name, String... fields) {
        merge(databases, name, fields);
        return this;
    }

    /** Fields of user {@code name}, who is added if new. */
    public ProxyConfig user(String name, String... fields) {
        merge(users, name, fields);
        return this;
    }

    /** The document, with {@code ${PRIMARY}} left for {@link ProxyHarness#start(String)} to expand. */
    public String yaml() {
        StringBuilder yaml = new StringBuilder();
        sections.forEach((name, fields) -> yaml.append(name).append(": ").append(flow(fields)).append('\n'));
        scalars.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        named(yaml, "clusters", clusters);
        named(yaml, "databases", databases);
        yaml.append("users:\n");
        users.forEach((name, fields) -> {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", name);
            entry.putAll(fields);
            yaml.append("  - ").append(flow(entry)).append('\n');
        });
        return yaml.toString();
    }

    public ProxyHarness start() {
        return ProxyHarness.start(yaml());
    }

    @Override
    public String toString() {
        return yaml();
    }

    private static void merge(Map<String, Map<String, String>> entries, String name, String... fields) {
        Map<String, String> entry = entries.computeIfAbsent(name, n -> new LinkedHashMap<>());
        for (String field : fields) {
            int colon = field.indexOf(": ");
            if (colon <= 0) {
                throw new IllegalArgumentException("not a \"key: value\" field of " + name + ": " + field);
            }
            entry.put(field.substring(0, colon).strip(), field.substring(colon + 2).strip());
        }
    }

    private static void named(StringBuilder yaml, String section, Map<String, Map<String, String>> entries) {
        yaml.append(section).append(":\n");
        entries.forEach((name, fields) -> yaml.append("  ").append(name).append(": ").append(flow(fields)).append('\n'));
    }

    private static String flow(Map<String, String> fields) {
        StringBuilder flow = new StringBuilder("{ ");
        fields.forEach((key, value) -> flow.append(flow.length() > 2 ? ", " : "").append(key).append(": ").append(value));
        return flow.append(" }").toString();
    }
}
