// PatroniClusterDocument: picks the member that may take writes out of a Patroni GET /cluster response.
package dev.switchboard.topology.authority;

import java.util.List;
import java.util.Map;

/**
 * Reads the body of Patroni's {@code GET /cluster}, e.g.
 * <pre>{"members":[{"name":"n1","role":"leader","state":"running","api_url":"http://127.0.0.1:8008/patroni",
 *   "host":"127.0.0.1","port":5432,"timeline":1}, {"name":"n2","role":"replica",...}]}</pre>
 *
 * <p>The writable member is the one whose role is {@code leader} (or {@code master}, as older Patroni
 * versions said). {@code standby_leader} heads a standby cluster and replays from elsewhere, so it is not
 * writable and does not count; neither do {@code replica} and {@code sync_standby}.
 */
final class PatroniClusterDocument {
    /** Patroni omits "port" when the member's connection URL has none; libpq then uses this one. */
    static final int DEFAULT_PG_PORT = 5432;

    private PatroniClusterDocument() {
    }

    /**
     * The leader as {@code host:port} (IPv6 hosts in brackets, as node addresses are written in the
     * configuration), or null when no member is the leader (the leader key has expired, or a standby
     * cluster). Throws {@link JsonException} for malformed JSON and {@link IllegalArgumentException} for a
     * document of the wrong shape: a leader named twice or without a host must not be guessed at.
     */
    static String leader(String body) {
        Object root = Json.parse(body);
        if (!(root instanceof Map<?, ?> document)) {
            throw new IllegalArgumentException("the /cluster document is not a JSON object");
        }
        if (!(document.get("members") instanceof List<?> members)) {
            throw new IllegalArgumentException("the /cluster document has no \"members\" array");
        }
        String leader = null;
        String leaderName = null;
        for (Object item : members) {
            if (!(item instanceof Map<?, ?> member)) {
                throw new IllegalArgumentException("a member of the /cluster document is not a JSON object");
            }
            if (!isWritableRole(member.get("role"))) {
                continue;
            }
            String name = String.valueOf(member.get("name"));
            if (leader != null) {
                throw new IllegalArgumentException("two members are leader: " + leaderName + " and " + name);
            }
            leader = address("leader " + name, member);
            leaderName = name;
        }
        return leader;
    }

    /** One member of the document: its name, role, state and PostgreSQL address as {@code host:port}. */
    record Member(String name, String role, String state, String address) {
        /** A replica that follows the leader and could take over from it. */
        boolean streamingReplica() {
            return ("replica".equals(role) || "sync_standby".equals(role) || "quorum_standby".equals(role))
                    && ("streaming".equals(state) || "running".equals(state));
        }
    }

    /** Every member, in document order; same errors as {@link #leader}. */
    static List<Member> members(String body) {
        Object root = Json.parse(body);
        if (!(root instanceof Map<?, ?> document) || !(document.get("members") instanceof List<?> members)) {
            throw new IllegalArgumentException("the /cluster document has no \"members\" array");
        }
        List<Member> all = new java.util.ArrayList<>();
        for (Object item : members) {
            if (!(item instanceof Map<?, ?> member)) {
                throw new IllegalArgumentException("a member of the /cluster document is not a JSON object");
            }
            String name = String.valueOf(member.get("name"));
            all.add(new Member(name, String.valueOf(member.get("role")), String.valueOf(member.get("state")),
                    address("member " + name, member)));
        }
        return all;
    }

    private static boolean isWritableRole(Object role) {
        return "leader".equals(role) || "master".equals(role);
    }

    private static String address(String who, Map<?, ?> member) {
        if (!(member.get("host") instanceof String host) || host.isEmpty()) {
            throw new IllegalArgumentException(who + " has no \"host\"");
        }
        Object portValue = member.get("port");
        long port;
        if (!member.containsKey("port")) {
            port = DEFAULT_PG_PORT;
        } else if (portValue instanceof Long p) {
            port = p;
        } else {
            throw new IllegalArgumentException(who + " has a non-integer \"port\": " + portValue);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(who + " has port " + port + ", outside 1..65535");
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
