// ShowColumnsTest: every SHOW's columns — names, order, type OIDs — against PgBouncer 1.25's, as its source writes them.
package dev.switchboard.proxy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The expected lists are PgBouncer 1.25.2's (src/admin.c, src/stats.c, pktbuf_write_RowDescription), written as
 * {@code name:oid}: text 25, int4 23, int8 20, numeric 1700; a timestamp goes out as text (25).
 */
class ShowColumnsTest {
    private static final String N = ":1700, ";

    @Test
    void stats() {
        assertColumns("database:25, total_server_assignment_count" + N + "total_xact_count" + N + "total_query_count" + N
                + "total_received" + N + "total_sent" + N + "total_xact_time" + N + "total_query_time" + N
                + "total_wait_time" + N + "total_client_parse_count" + N + "total_server_parse_count" + N
                + "total_bind_count" + N + "avg_server_assignment_count" + N + "avg_xact_count" + N
                + "avg_query_count" + N + "avg_recv" + N + "avg_sent" + N + "avg_xact_time" + N + "avg_query_time" + N
                + "avg_wait_time" + N + "avg_client_parse_count" + N + "avg_server_parse_count" + N
                + "avg_bind_count:1700", ShowColumns.STATS);
        assertEquals(23, ShowColumns.STATS.size());
    }

    @Test
    void statsTotals() {
        assertColumns("database:25, server_assignment_count" + N + "xact_count" + N + "query_count" + N
                + "bytes_received" + N + "bytes_sent" + N + "xact_time" + N + "query_time" + N + "wait_time" + N
                + "client_parse_count" + N + "server_parse_count" + N + "bind_count:1700", ShowColumns.STATS_TOTALS);
    }

    @Test
    void statsAverages() {
        assertColumns("database:25, server_assignment_count" + N + "xact_count" + N + "query_count" + N
                + "bytes_received" + N + "bytes_sent" + N + "xact_time" + N + "query_time" + N + "wait_time" + N
                + "avg_client_parse_count" + N + "avg_server_parse_count" + N + "avg_bind_count:1700",
                ShowColumns.STATS_AVERAGES);
    }

    @Test
    void totals() {
        assertColumns("name:25, value:1700", ShowColumns.TOTALS);
        assertEquals(List.of("server_assignment_count", "xact_count", "query_count", "client_bytes", "server_bytes",
                "xact_time", "query_time", "wait_time", "ps_client_parse_count", "ps_server_parse_count",
                "ps_bind_count"), ShowColumns.TOTALS_NAMES);
    }

    @Test
    void pools() {
        assertColumns("database:25, user:25, cl_active:23, cl_waiting:23, cl_active_cancel_req:23, "
                + "cl_waiting_cancel_req:23, sv_active:23, sv_active_cancel:23, sv_being_canceled:23, sv_idle:23, "
                + "sv_used:23, sv_tested:23, sv_login:23, maxwait:23, maxwait_us:23, pool_mode:25, "
                + "load_balance_hosts:25", ShowColumns.POOLS);
    }

    @Test
    void databases() {
        assertColumns("name:25, host:25, port:23, database:25, force_user:25, pool_size:23, min_pool_size:23, "
                + "reserve_pool_size:23, server_lifetime:23, pool_mode:25, load_balance_hosts:25, "
                + "max_connections:23, current_connections:23, max_client_connections:23, "
                + "current_client_connections:23, paused:23, disabled:23", ShowColumns.DATABASES);
    }

    /** SKF_STD, "ssssssisiTTiiississii". */
    private static final String STD = "type:25, user:25, database:25, replication:25, state:25, addr:25, port:23, "
            + "local_addr:25, local_port:23, connect_time:25, request_time:25, wait:23, wait_us:23, close_needed:23, "
            + "ptr:25, link:25, remote_pid:23, tls:25, application_name:25, prepared_statements:23, id:23";

    @Test
    void clientsServersAndSockets() {
        assertColumns(STD, ShowColumns.CLIENTS);
        assertColumns(STD, ShowColumns.SERVERS);
        assertColumns(STD + ", recv_pos:23, pkt_pos:23, pkt_remain:23, send_pos:23, send_remain:23, pkt_avail:23, "
                + "send_avail:23", ShowColumns.SOCKETS);
        assertEquals(ColumnType.TIMESTAMP, ShowColumns.CLIENTS.get(9).type());
    }

    @Test
    void lists() {
        assertColumns("list:25, items:23", ShowColumns.LISTS);
        assertEquals(List.of("databases", "users", "peers", "pools", "peer_pools", "free_clients", "used_clients",
                "login_clients", "free_servers", "used_servers", "dns_names", "dns_zones", "dns_queries",
                "dns_pending"), ShowColumns.LISTS_NAMES);
    }

    @Test
    void users() {
        assertColumns("name:25, pool_size:25, reserve_pool_size:25, pool_mode:25, max_user_connections:23, "
                + "current_connections:23, max_user_client_connections:23, current_client_connections:23",
                ShowColumns.USERS);
    }

    @Test
    void configMemStateVersionPeers() {
        assertColumns("key:25, value:25, default:25, changeable:25", ShowColumns.CONFIG);
        assertColumns("name:25, size:23, used:23, free:23, memtotal:23", ShowColumns.MEM);
        assertEquals(List.of("user_cache", "credentials_cache", "db_cache", "peer_cache", "peer_pool_cache",
                "pool_cache", "outstanding_request_cache", "server_cache", "client_cache", "iobuf_cache",
                "var_list_cache", "server_prepared_statement_cache"), ShowColumns.MEM_NAMES);
        assertColumns("key:25, value:25", ShowColumns.STATE);
        assertColumns("version:25", ShowColumns.VERSION);
        assertColumns("peer_id:23, host:25, port:23, pool_size:23", ShowColumns.PEERS);
        assertColumns("peer_id:23, cl_active_cancel_req:23, cl_waiting_cancel_req:23, sv_active_cancel:23, "
                + "sv_login:23", ShowColumns.PEER_POOLS);
        assertColumns("hostname:25, ttl:20, addrs:25", ShowColumns.DNS_HOSTS);
        assertColumns("zonename:25, serial:20, count:23", ShowColumns.DNS_ZONES);
    }

    private static void assertColumns(String expected, List<Column> actual) {
        assertEquals(expected, actual.stream().map(c -> c.name() + ":" + c.type().oid())
                .collect(Collectors.joining(", ")));
    }
}
