// Writes a node's configuration: the shared settings, pg_hba.conf, and the per-node include file.
package dev.switchboard.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings common to all nodes are appended to postgresql.conf once, before the data directory is copied
 * for the standbys. What differs per node (port, socket directory, upstream) lives in
 * {@value #NODE_CONF}, included last, so it can be rewritten on a port clash or a re-point.
 */
final class NodeConfig {

    static final String NODE_CONF = "switchboard-node.conf";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    /** pg_hba.conf lines that follow any lines given by the caller. */
    static final List<String> DEFAULT_HBA = List.of(
            "local all all trust",
            "host all all 127.0.0.1/32 trust",
            "host all all ::1/128 trust",
            "host replication all 127.0.0.1/32 trust");

    private NodeConfig() {
    }

    /** The settings every node starts with; a builder setting of the same name replaces one. */
    static Map<String, String> defaults() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("listen_addresses", "127.0.0.1");
        s.put("fsync", "off");
        s.put("synchronous_commit", "off");
        s.put("full_page_writes", "off");
        s.put("wal_level", "replica");
        s.put("max_wal_senders", "10");
        s.put("hot_standby", "on");
        s.put("wal_keep_size", "256MB");
        s.put("max_connections", "300");
        s.put("shared_buffers", "128MB");
        s.put("logging_collector", "off");
        // A standby whose upstream went away retries every 5 s by default; tests re-point standbys often.
        s.put("wal_retrieve_retry_interval", "500ms");
        return s;
    }

    /** Appends the shared settings to postgresql.conf and writes pg_hba.conf (extra lines first). */
    static void writeCommon(Path dataDir, Map<String, String> settings, List<String> extraHba, PgOsUser user) {
        StringBuilder conf = new StringBuilder("\n# --- written by Switchboard embedded ---\n");
        settings.forEach((name, value) -> conf.append(name).append(" = ").append(quote(value)).append('\n'));
        conf.append("include = '").append(NODE_CONF).append("'\n");
        FileTrees.writeOwned(dataDir.resolve("postgresql.conf"), conf.toString(), true, user);
        StringBuilder hba = new StringBuilder("# Written by Switchboard embedded: extra lines, then defaults.\n");
        extraHba.forEach(line -> hba.append(line).append('\n'));
        DEFAULT_HBA.forEach(line -> hba.append(line).append('\n'));
        FileTrees.writeOwned(dataDir.resolve("pg_hba.conf"), hba.toString(), false, user);
    }

    /** Writes the per-node include; {@code upstreamPort} is null for a node that is not a standby. */
    static void writeNode(Path dataDir, String nodeName, int port, Path socketDir, Integer upstreamPort,
            String superuser, PgOsUser user) {
        StringBuilder conf = new StringBuilder("# Per-node settings, rewritten by Switchboard embedded.\n")
                .append("port = ").append(port).append('\n')
                .append("unix_socket_directories = ").append(quote(socketDir.toString())).append('\n')
                .append("cluster_name = ").append(quote(nodeName)).append('\n');
        if (upstreamPort != null) {
            String conninfo = "host=127.0.0.1 port=" + upstreamPort + " user=" + superuser
                    + " application_name=" + nodeName;
            conf.append("primary_conninfo = ").append(quote(conninfo)).append('\n');
        }
        FileTrees.writeOwned(dataDir.resolve(NODE_CONF), conf.toString(), false, user);
    }

    /** A configuration value as a single-quoted literal (valid for every GUC type). */
    static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** Refuses anything but a plain (optionally dotted) GUC name, since it is spliced into SQL. */
    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid setting name: " + name);
        }
        return name;
    }
}
