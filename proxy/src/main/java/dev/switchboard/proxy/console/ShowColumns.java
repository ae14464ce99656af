// ShowColumns: the column lists of every SHOW — PgBouncer 1.25's, name for name and type for type, and Switchboard's own.
package dev.switchboard.proxy.console;

import java.util.ArrayList;
import java.util.List;

/**
 * Each list is written as PgBouncer's {@code pktbuf_write_RowDescription} codes ({@code s} text, {@code i} int4,
 * {@code q} int8, {@code N} numeric, {@code T} timestamp as text) so that it can be compared with PgBouncer's
 * source line by line. Exporters and dashboards find columns by name and decode them by type: a rename or a type
 * change here breaks them.
 */
public final class ShowColumns {
    private ShowColumns() {
    }

    public static final List<Column> STATS = of("s database",
            "N total_server_assignment_count", "N total_xact_count", "N total_query_count", "N total_received",
            "N total_sent", "N total_xact_time", "N total_query_time", "N total_wait_time",
            "N total_client_parse_count", "N total_server_parse_count", "N total_bind_count",
            "N avg_server_assignment_count", "N avg_xact_count", "N avg_query_count", "N avg_recv", "N avg_sent",
            "N avg_xact_time", "N avg_query_time", "N avg_wait_time", "N avg_client_parse_count",
            "N avg_server_parse_count", "N avg_bind_count");

    public static final List<Column> STATS_TOTALS = of("s database",
            "N server_assignment_count", "N xact_count", "N query_count", "N bytes_received", "N bytes_sent",
            "N xact_time", "N query_time", "N wait_time", "N client_parse_count", "N server_parse_count",
            "N bind_count");

    /** The last three carry an {@code avg_} prefix the others lack: PgBouncer's spelling, kept. */
    public static final List<Column> STATS_AVERAGES = of("s database",
            "N server_assignment_count", "N xact_count", "N query_count", "N bytes_received", "N bytes_sent",
            "N xact_time", "N query_time", "N wait_time", "N avg_client_parse_count", "N avg_server_parse_count",
            "N avg_bind_count");

    /** Rows, not columns: see {@link #TOTALS_NAMES}. */
    public static final List<Column> TOTALS = of("s name", "N value");

    /** The row names of SHOW TOTALS, in order, before the same eleven with {@code avg_} in front. */
    public static final List<String> TOTALS_NAMES = List.of("server_assignment_count", "xact_count", "query_count",
            "client_bytes", "server_bytes", "xact_time", "query_time", "wait_time", "ps_client_parse_count",
            "ps_server_parse_count", "ps_bind_count");

    public static final List<Column> POOLS = of("s database", "s user", "i cl_active", "i cl_waiting",
            "i cl_active_cancel_req", "i cl_waiting_cancel_req", "i sv_active", "i sv_active_cancel",
            "i sv_being_canceled", "i sv_idle", "i sv_used", "i sv_tested", "i sv_login", "i maxwait",
            "i maxwait_us", "s pool_mode", "s load_balance_hosts");

    public static final List<Column> DATABASES = of("s name", "s host", "i port", "s database", "s force_user",
            "i pool_size", "i min_pool_size", "i reserve_pool_size", "i server_lifetime", "s pool_mode",
            "s load_balance_hosts", "i max_connections", "i current_connections", "i max_client_connections",
            "i current_client_connections", "i paused", "i disabled");

    /** SHOW CLIENTS and SHOW SERVERS share PgBouncer's {@code SKF_STD} header. */
    public static final List<Column> CLIENTS = of("s type", "s user", "s database", "s replication", "s state",
            "s addr", "i port", "s local_addr", "i local_port", "T connect_time", "T request_time", "i wait",
            "i wait_us", "i close_needed", "s ptr", "s link", "i remote_pid", "s tls", "s application_name",
            "i prepared_statements", "i id");

    public static final List<Column> SERVERS = CLIENTS;

    /** The standard header plus the buffer positions, which have no counterpart here (0). */
    public static final List<Column> SOCKETS = concat(CLIENTS, of("i recv_pos", "i pkt_pos", "i pkt_remain",
            "i send_pos", "i send_remain", "i pkt_avail", "i send_avail"));

    public static final List<Column> LISTS = of("s list", "i items");

    /** The rows of SHOW LISTS, in PgBouncer's order. */
    public static final List<String> LISTS_NAMES = List.of("databases", "users", "peers", "pools", "peer_pools",
            "free_clients", "used_clients", "login_clients", "free_servers", "used_servers", "dns_names",
            "dns_zones", "dns_queries", "dns_pending");

    /** The two size columns are text in PgBouncer ({@code "%9d"} or empty). */
    public static final List<Column> USERS = of("s name", "s pool_size", "s reserve_pool_size", "s pool_mode",
            "i max_user_connections", "i current_connections", "i max_user_client_connections",
            "i current_client_connections");

    public static final List<Column> CONFIG = of("s key", "s value", "s default", "s changeable");

    public static final List<Column> MEM = of("s name", "i size", "i used", "i free", "i memtotal");

    /** The rows of SHOW MEM: PgBouncer's slab caches, in order. */
    public static final List<String> MEM_NAMES = List.of("user_cache", "credentials_cache", "db_cache",
            "peer_cache", "peer_pool_cache", "pool_cache", "outstanding_request_cache", "server_cache",
            "client_cache", "iobuf_cache", "var_list_cache", "server_prepared_statement_cache");

    public static final List<Column> STATE = of("s key", "s value");

    public static final List<Column> VERSION = of("s version");

    public static final List<Column> PEERS = of("i peer_id", "s host", "i port", "i pool_size");

    /** Cancel requests forwarded to peers are not pooled here: no rows. */
    public static final List<Column> PEER_POOLS = of("i peer_id", "i cl_active_cancel_req", "i cl_waiting_cancel_req",
            "i sv_active_cancel", "i sv_login");

    /** The JVM resolves host names itself and keeps no cache the proxy can list: no rows. */
    public static final List<Column> DNS_HOSTS = of("s hostname", "q ttl", "s addrs");

    public static final List<Column> DNS_ZONES = of("s zonename", "q serial", "i count");

    /** Switchboard's own: one row per node of every cluster. */
    public static final List<Column> TOPOLOGY = of("s cluster", "s node", "s role", "s state", "i timeline",
            "s lsn", "q lag_bytes", "s lag_seconds", "i write_target", "T since", "s detail");

    /** Switchboard's own: one row per transaction-mode client pinned to its server. */
    public static final List<Column> PINS = of("i id", "s user", "s database", "s server", "i remote_pid",
            "s reasons", "T since");

    /** Switchboard's own: one row per protocol extension, with how many clients negotiated it. */
    public static final List<Column> EXTENSIONS = of("s name", "s startup_parameter", "s setting", "i clients");

    /** Every SHOW by its name, in the order SHOW HELP lists them. */
    public static final java.util.Map<String, List<Column>> BY_NAME = byName();

    private static java.util.Map<String, List<Column>> byName() {
        java.util.Map<String, List<Column>> all = new java.util.LinkedHashMap<>();
        all.put("stats", STATS);
        all.put("stats_totals", STATS_TOTALS);
        all.put("stats_averages", STATS_AVERAGES);
        all.put("totals", TOTALS);
        all.put("pools", POOLS);
        all.put("databases", DATABASES);
        all.put("servers", SERVERS);
        all.put("clients", CLIENTS);
        all.put("sockets", SOCKETS);
        all.put("active_sockets", SOCKETS);
        all.put("lists", LISTS);
        all.put("users", USERS);
        all.put("config", CONFIG);
        all.put("mem", MEM);
        all.put("state", STATE);
        all.put("version", VERSION);
        all.put("peers", PEERS);
        all.put("peer_pools", PEER_POOLS);
        all.put("dns_hosts", DNS_HOSTS);
        all.put("dns_zones", DNS_ZONES);
        all.put("topology", TOPOLOGY);
        all.put("pins", PINS);
        all.put("extensions", EXTENSIONS);
        return java.util.Collections.unmodifiableMap(all);
    }

    /** Columns from {@code "<code> <name>"} specs. */
    static List<Column> of(String... specs) {
        List<Column> columns = new ArrayList<>(specs.length);
        for (String spec : specs) {
            ColumnType type = switch (spec.charAt(0)) {
                case 's' -> ColumnType.TEXT;
                case 'i' -> ColumnType.INT4;
                case 'q' -> ColumnType.INT8;
                case 'N' -> ColumnType.NUMERIC;
                case 'T' -> ColumnType.TIMESTAMP;
                default -> throw new IllegalArgumentException("column type code of " + spec);
            };
            columns.add(new Column(spec.substring(2), type));
        }
        return List.copyOf(columns);
    }

    private static List<Column> concat(List<Column> a, List<Column> b) {
        List<Column> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
