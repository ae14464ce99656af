// PgbouncerConversion: a PgBouncer configuration (ini + auth_file) turned into Switchboard YAML, and what did not map.
package dev.switchboard.proxy.pgbouncer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps what has a Switchboard equivalent and reports every other setting with the reason, by file and line. The
 * output is a starting point that {@code switchboard check-config} accepts, not a promise of equal behaviour:
 * the reports say where the two differ. Secrets are copied into the YAML (as PgBouncer's auth_file holds them)
 * but never into a report.
 */
public final class PgbouncerConversion {
    /** PgBouncer settings that only concern its own process, logging or internals: reported as not needed. */
    private static final Set<String> PROCESS_ONLY = Set.of("logfile", "pidfile", "syslog", "syslog_ident",
            "syslog_facility", "log_connections", "log_disconnections", "log_pooler_errors", "log_stats",
            "stats_period", "verbose", "user", "so_reuseport", "peer_id", "tcp_keepalive", "tcp_keepcnt",
            "tcp_keepidle", "tcp_keepintvl", "tcp_user_timeout", "tcp_defer_accept", "tcp_socket_buffer", "pkt_buf",
            "sbuf_loopcnt", "listen_backlog", "unix_socket_mode", "unix_socket_group", "application_name_add_host",
            "disable_pqexec", "conffile", "service_name", "job_name");

    /**
     * The result.
     *
     * @param yaml    the Switchboard configuration
     * @param notices one line per setting that was not mapped or was mapped with a difference, with the reason
     */
    public record Result(String yaml, List<String> notices) {
    }

    private final String file;
    private final IniFile ini;
    private final Path baseDir;
    private final List<String> notices = new ArrayList<>();
    private final Map<String, Object> listen = new LinkedHashMap<>();
    private final Map<String, Object> limits = new LinkedHashMap<>();
    private final Map<String, Object> auth = new LinkedHashMap<>();
    private final Map<String, Object> pool = new LinkedHashMap<>();
    private final Map<String, Object> tlsClient = new LinkedHashMap<>();
    private final Map<String, Object> tlsServer = new LinkedHashMap<>();
    private final Map<String, Object> clusters = new LinkedHashMap<>();
    private final Map<String, Object> databases = new LinkedHashMap<>();
    private final List<Object> users = new ArrayList<>();
    private final List<String> admins = new ArrayList<>();
    private final List<String> stats = new ArrayList<>();
    /** auth_type as a Switchboard user's {@code auth}, or null for the default method. */
    private String userAuth;

    private PgbouncerConversion(Path ini, List<String> lines) {
        this.file = ini.getFileName().toString();
        this.ini = IniFile.parse(lines);
        this.baseDir = ini.toAbsolutePath().getParent();
    }

    /** Reads {@code ini} and the auth_file it names (relative paths are taken from the ini's directory). */
    public static Result convert(Path ini) throws IOException {
        PgbouncerConversion conversion = new PgbouncerConversion(ini, Files.readAllLines(ini));
        return conversion.run();
    }

    private Result run() throws IOException {
        ini.unreadable().forEach((line, text) -> note(line, "a line that is no setting: " + text));
        for (String section : ini.sectionNames()) {
            if (!Set.of("pgbouncer", "databases", "users", "peers").contains(section)) {
                note(0, "section [" + section + "] is not PgBouncer's; left out");
            }
        }
        ini.section("users").forEach((user, entry) -> note(entry.line(), "[users] " + user
                + ": per-user pool settings are not converted; set pool_mode or max_user_connections on the user"));
        ini.section("peers").forEach((peer, entry) -> note(entry.line(), "[peers] " + peer
                + ": PgBouncer peers are not Switchboard peers (see peers: self, secret, instances)"));
        Map<String, IniFile.Entry> settings = ini.section("pgbouncer");
        Settings s = new Settings(settings);
        listenAndLimits(s);
        poolDefaults(s);
        tls(s);
        authentication(s);
        databases(s);
        s.remaining().forEach((key, entry) -> note(entry.line(), PROCESS_ONLY.contains(key)
                ? key + ": not needed (Switchboard logs to standard output; its process is managed from outside)"
                : key + ": no Switchboard equivalent; left out"));

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("listen", listen);
        putIfAny(document, "limits", limits);
        putIfAny(document, "auth", auth);
        putIfAny(document, "pool", pool);
        Map<String, Object> tls = new LinkedHashMap<>();
        putIfAny(tls, "client", tlsClient);
        putIfAny(tls, "server", tlsServer);
        putIfAny(document, "tls", tls);
        document.put("clusters", clusters);
        document.put("databases", databases);
        if (!users.isEmpty()) {
            document.put("users", users);
        }
        if (!admins.isEmpty()) {
            document.put("admin_users", admins);
        }
        if (!stats.isEmpty()) {
            document.put("stats_users", stats);
        }
        String header = "# Converted from PgBouncer's " + file + " by switchboard import-pgbouncer.\n"
                + "# Check it with: switchboard check-config <this file>\n";
        return new Result(header + YamlText.of(document), List.copyOf(notices));
    }

    private static void putIfAny(Map<String, Object> parent, String key, Map<String, Object> child) {
        if (!child.isEmpty()) {
            parent.put(key, child);
        }
    }

    private void note(int line, String text) {
        notices.add(file + (line > 0 ? ":" + line : "") + ": " + text);
    }

    /** The [pgbouncer] section; every key taken is crossed off, so the rest can be reported. */
    private final class Settings {
        private final Map<String, IniFile.Entry> left;

        Settings(Map<String, IniFile.Entry> all) {
            this.left = new LinkedHashMap<>(all);
        }

        IniFile.Entry take(String key) {
            IniFile.Entry entry = left.remove(key);
            return entry == null || entry.value().isEmpty() ? null : entry;
        }

        String value(String key) {
            IniFile.Entry entry = take(key);
            return entry == null ? null : entry.value();
        }

        Map<String, IniFile.Entry> remaining() {
            return left;
        }

        /** A number of seconds (PgBouncer allows fractions) as a Switchboard duration into {@code target}. */
        void duration(String key, Map<String, Object> target, String to) {
            IniFile.Entry entry = take(key);
            if (entry != null) {
                String duration = Durations.fromSeconds(entry.value());
                if (duration == null) {
                    note(entry.line(), key + " = " + entry.value() + ": not a number of seconds; left out");
                } else {
                    target.put(to, duration);
                }
            }
        }

        Integer integer(String key) {
            IniFile.Entry entry = take(key);
            if (entry == null) {
                return null;
            }
            try {
                return Integer.valueOf(entry.value());
            } catch (NumberFormatException e) {
                note(entry.line(), key + " = " + entry.value() + ": not a whole number; left out");
                return null;
            }
        }

        void unsupported(String key, String why) {
            IniFile.Entry entry = take(key);
            if (entry != null) {
                note(entry.line(), key + ": " + why);
            }
        }
    }

    private void listenAndLimits(Settings s) {
        IniFile.Entry address = s.take("listen_addr");
        String host = address == null ? "127.0.0.1" : address.value();
        if (host.contains(",")) {
            note(address.line(), "listen_addr lists several addresses; Switchboard listens on one: the first");
            host = host.substring(0, host.indexOf(',')).strip();
        }
        listen.put("address", host.equals("*") ? "0.0.0.0" : host);
        Integer port = s.integer("listen_port");
        listen.put("port", port == null ? 6432 : port);
        String socketDir = s.value("unix_socket_dir");
        if (socketDir != null) {
            listen.put("unix_socket_dir", socketDir);
        }
        Integer maxClients = s.integer("max_client_conn");
        if (maxClients != null) {
            listen.put("max_client_connections", maxClients);
        }
        s.duration("client_login_timeout", limits, "startup_timeout");
        s.duration("server_connect_timeout", limits, "connect_timeout");
        Integer packet = s.integer("max_packet_size");
        if (packet != null) {
            limits.put("max_message_size", Math.max(packet, 16 * 1024));
        }
        s.unsupported("query_timeout", "no statement time limit in the proxy; use PostgreSQL's statement_timeout");
        s.unsupported("client_idle_timeout", "idle clients are not closed by the proxy");
        s.unsupported("idle_transaction_timeout",
                "use PostgreSQL's idle_in_transaction_session_timeout");
        s.unsupported("suspend_timeout", "SUSPEND does not exist; upgrades use switchboard upgrade (handoff)");
        s.unsupported("dns_max_ttl", "node addresses are resolved when connecting; no DNS cache settings");
        s.unsupported("dns_nxdomain_ttl", "node addresses are resolved when connecting; no DNS cache settings");
        s.unsupported("dns_zone_check_period", "no DNS zone checks");
        s.unsupported("ignore_startup_parameters",
                "not needed: startup parameters PostgreSQL knows are kept per session and re-applied");
        s.unsupported("track_extra_parameters", "every ParameterStatus and SET is tracked already");
        s.unsupported("autodb_idle_timeout", "pools of the fallback database close with pool.idle_timeout");
    }

    private void poolDefaults(Settings s) {
        String mode = s.value("pool_mode");
        if (mode != null) {
            pool.put("mode", mode.toLowerCase(Locale.ROOT));
        }
        Integer size = s.integer("default_pool_size");
        if (size != null) {
            pool.put("size", Math.max(1, size));
        }
        Integer minimum = s.integer("min_pool_size");
        if (minimum != null && minimum > 0) {
            pool.put("min_idle", Math.min(minimum, size == null ? 20 : Math.max(1, size)));
        }
        s.duration("query_wait_timeout", pool, "wait_timeout");
        s.duration("server_idle_timeout", pool, "idle_timeout");
        s.duration("server_lifetime", pool, "max_lifetime");
        s.duration("server_check_delay", pool, "health_check_after_idle");
        String reset = s.value("server_reset_query");
        if (reset != null) {
            pool.put("reset_query", reset);
        }
        s.unsupported("server_reset_query_always",
                "the reset query runs on release in session mode and when a pinned client leaves");
        s.unsupported("server_check_query", "idle connections are checked with a Sync round trip, not a query");
        Integer prepared = s.integer("max_prepared_statements");
        if (prepared != null && prepared > 0) {
            pool.put("max_prepared_statements", Math.min(prepared, 100_000));
        } else if (prepared != null) {
            note(0, "max_prepared_statements = 0: Switchboard always keeps prepared statements working in"
                    + " transaction mode; the default (1000 per server connection) applies");
        }
        s.unsupported("reserve_pool_size", "no reserve pool; raise pool.size or set max_server_connections");
        s.unsupported("reserve_pool_timeout", "no reserve pool");
        s.unsupported("server_round_robin", "nodes are chosen by role and load, not round robin");
        s.unsupported("server_fast_close", "server connections are closed when next released after a reload");
        s.unsupported("server_login_retry", "a failed server login fails the waiting client at once");
    }

    private void tls(Settings s) {
        String clientMode = s.value("client_tls_sslmode");
        String cert = s.value("client_tls_cert_file");
        String key = s.value("client_tls_key_file");
        String ca = s.value("client_tls_ca_file");
        if (clientMode != null) {
            switch (clientMode) {
                case "disable" -> tlsClient.put("mode", "disable");
                case "allow", "prefer" -> tlsClient.put("mode", "allow");
                case "require" -> tlsClient.put("mode", "require");
                case "verify-ca", "verify-full" -> {
                    tlsClient.put("mode", "require");
                    tlsClient.put("client_cert", clientMode);
                }
                default -> note(0, "client_tls_sslmode = " + clientMode + ": unknown; left out");
            }
        }
        if (!"disable".equals(clientMode)) {
            putIfSet(tlsClient, "cert_file", cert);
            putIfSet(tlsClient, "key_file", key);
            putIfSet(tlsClient, "ca_file", ca);
        }
        String serverMode = s.value("server_tls_sslmode");
        if (serverMode != null) {
            switch (serverMode) {
                case "disable", "prefer", "require", "verify-ca", "verify-full" -> tlsServer.put("mode", serverMode);
                case "allow" -> {
                    tlsServer.put("mode", "prefer");
                    note(0, "server_tls_sslmode = allow: Switchboard has no 'allow' towards PostgreSQL; prefer"
                            + " is used (TLS when the server offers it)");
                }
                default -> note(0, "server_tls_sslmode = " + serverMode + ": unknown; left out");
            }
        }
        putIfSet(tlsServer, "ca_file", s.value("server_tls_ca_file"));
        putIfSet(tlsServer, "cert_file", s.value("server_tls_cert_file"));
        putIfSet(tlsServer, "key_file", s.value("server_tls_key_file"));
        for (String side : List.of("client", "server")) {
            for (String what : List.of("protocols", "ciphers", "dheparams", "ecdhcurve")) {
                s.unsupported(side + "_tls_" + what, "Switchboard speaks TLS 1.2 and 1.3 with its engine's"
                        + " default ciphers and curves; not configurable");
            }
        }
    }

    private static void putIfSet(Map<String, Object> target, String key, String value) {
        if (value != null) {
            target.put(key, value);
        }
    }

    private void authentication(Settings s) throws IOException {
        IniFile.Entry type = s.take("auth_type");
        String authType = type == null ? "md5" : type.value().toLowerCase(Locale.ROOT);
        int typeLine = type == null ? 0 : type.line();
        switch (authType) {
            case "scram-sha-256" -> auth.put("default_method", "scram-sha-256");
            case "md5" -> auth.put("default_method", "md5");
            case "plain" -> {
                auth.put("default_method", "scram-sha-256");
                note(typeLine, "auth_type = plain: clients send passwords in clear text to PgBouncer; Switchboard"
                        + " asks for SCRAM instead (every current driver does it)");
            }
            case "trust", "any" -> {
                userAuth = "trust";
                note(typeLine, "auth_type = " + authType + ": users get auth: trust"
                        + (authType.equals("any") ? " (Switchboard still checks the user name exists)" : ""));
            }
            case "cert" -> userAuth = "cert";
            case "hba" -> note(typeLine, "auth_type = hba: pg_hba-style rules are not read; write them as"
                    + " access: rules, and each user's auth; the users keep the default method (scram-sha-256)");
            default -> note(typeLine, "auth_type = " + authType + ": not supported; users keep the default method");
        }
        s.unsupported("auth_hba_file", "write its rules as access: [ { action, user, database, address } ]");
        s.unsupported("auth_ident_file", "no ident mapping; for certificates use tls.client.user_map");
        Map<String, String> secrets = new LinkedHashMap<>();
        IniFile.Entry authFile = s.take("auth_file");
        if (authFile != null) {
            Path path = baseDir.resolve(authFile.value());
            Path beside = baseDir.resolve(path.getFileName());
            if (!Files.isReadable(path) && Files.isReadable(beside)) {
                // A configuration copied off its server: its auth_file was copied next to it.
                note(authFile.line(), "auth_file " + authFile.value() + " is not here; " + beside + " is read instead");
                path = beside;
            }
            if (!Files.isReadable(path)) {
                note(authFile.line(), "auth_file " + authFile.value() + " cannot be read (looked for " + path
                        + "); no users converted from it");
            } else {
                List<Integer> bad = new ArrayList<>();
                secrets = Userlist.parse(Files.readAllLines(path), bad);
                for (int line : bad) {
                    notices.add(path.getFileName() + ":" + line + ": not a \"user\" \"password\" line; left out");
                }
            }
        }
        String authUser = s.value("auth_user");
        String authQuery = s.value("auth_query");
        if (authUser != null) {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("user", authUser);
            String secret = secrets.get(authUser);
            if (secret != null && !Passwords.isHash(secret)) {
                query.put("password", secret);
            } else if (secret != null) {
                note(0, "auth_user " + authUser + ": its auth_file entry is a hash; the lookup needs the plaintext"
                        + " password or a pg_hba.conf entry that lets it in without one");
            }
            if (authQuery != null) {
                query.put("sql", authQuery);
            }
            auth.put("query", query);
        } else if (authQuery != null) {
            note(0, "auth_query without auth_user: Switchboard needs the role the lookup logs in as; left out");
        }
        s.unsupported("auth_dbname", "the lookup runs in the client's own database");
        for (Map.Entry<String, String> user : secrets.entrySet()) {
            addUser(user.getKey(), user.getValue());
        }
        consoleUsers(s, "admin_users", admins);
        consoleUsers(s, "stats_users", stats);
    }

    private void addUser(String name, String secret) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("name", name);
        if ("trust".equals(userAuth) || "cert".equals(userAuth)) {
            user.put("auth", userAuth);
            if (!secret.isEmpty() && !Passwords.isScram(secret)) {
                user.put("backend_password", secret);
            }
        } else if (secret.isEmpty()) {
            note(0, "user " + name + " has an empty password in auth_file; Switchboard refuses empty passwords;"
                    + " left out");
            return;
        } else {
            user.put("password", secret);
            if (Passwords.isMd5(secret)) {
                user.put("auth", "md5"); // an md5 hash can only check an md5 login
            } else if (Passwords.isScram(secret) && "md5".equals(auth.get("default_method"))) {
                user.put("auth", "scram-sha-256"); // a SCRAM secret can only check a SCRAM login
            }
        }
        users.add(user);
    }

    private void consoleUsers(Settings s, String key, List<String> into) {
        IniFile.Entry entry = s.take(key);
        if (entry == null) {
            return;
        }
        for (String name : entry.value().split(",")) {
            String user = name.strip();
            if (user.isEmpty()) {
                continue;
            }
            boolean known = users.stream().anyMatch(u -> user.equals(((Map<?, ?>) u).get("name")));
            if (known) {
                into.add(user);
            } else {
                note(entry.line(), key + ": " + user + " is not in auth_file; Switchboard's console users must be"
                        + " configured users; left out");
            }
        }
    }

    private void databases(Settings s) {
        Integer maxDb = s.integer("max_db_connections");
        Integer maxUser = s.integer("max_user_connections");
        if (maxUser != null && maxUser > 0) {
            users.forEach(u -> castMap(u).put("max_server_connections", maxUser));
        }
        Map<String, String> clusterByNodes = new LinkedHashMap<>();
        for (Map.Entry<String, IniFile.Entry> entry : ini.section("databases").entrySet()) {
            DatabaseLine line = DatabaseLine.parse(entry.getKey(), entry.getValue(), this::note);
            String nodes = String.join(",", line.nodes());
            String cluster = clusterByNodes.computeIfAbsent(nodes, n -> clusterName(line.nodes()));
            if (!clusters.containsKey(cluster)) {
                clusters.put(cluster, Map.of("nodes", line.nodes()));
            }
            Map<String, Object> database = line.toYaml(cluster);
            if (maxDb != null && maxDb > 0 && !database.containsKey("max_server_connections")) {
                database.put("max_server_connections", maxDb);
            }
            databases.put(entry.getKey(), database);
        }
        if (databases.isEmpty()) {
            note(0, "no [databases] entries: Switchboard needs at least one; none converted");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    /** {@code main} for the first cluster, then one named after its first host. */
    private String clusterName(List<String> nodes) {
        if (clusters.isEmpty()) {
            return "main";
        }
        String base = nodes.get(0).replaceAll(":\\d+$", "").replaceAll("[^A-Za-z0-9_]", "_");
        String name = base;
        for (int i = 2; clusters.containsKey(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
