// PatroniClusterDocumentTest: which member of a Patroni /cluster document may take writes, and which documents are refused.
package dev.switchboard.topology.authority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PatroniClusterDocumentTest {

    /** Verbatim from Patroni 3.0.2 (Debian bookworm) with two members, before a switchover. */
    static final String TWO_MEMBERS = """
            {"members": [{"name": "n1", "role": "leader", "state": "running", \
            "api_url": "http://127.0.0.1:28001/patroni", "host": "127.0.0.1", "port": 25431, "timeline": 1}, \
            {"name": "n2", "role": "replica", "state": "running", "api_url": "http://127.0.0.1:28002/patroni", \
            "host": "127.0.0.1", "port": 25432, "timeline": 1, "lag": 0}]}""";

    /** The same cluster after {@code patronictl switchover --candidate n2}, while n1 restarts as a replica. */
    static final String AFTER_SWITCHOVER = """
            {"members": [{"name": "n1", "role": "replica", "state": "stopping", \
            "api_url": "http://127.0.0.1:28001/patroni", "host": "127.0.0.1", "port": 25431, "lag": "unknown"}, \
            {"name": "n2", "role": "leader", "state": "running", "api_url": "http://127.0.0.1:28002/patroni", \
            "host": "127.0.0.1", "port": 25432, "timeline": 2}]}""";

    @Test
    void theLeaderIsTheMemberWithRoleLeader() {
        assertEquals("127.0.0.1:25431", PatroniClusterDocument.leader(TWO_MEMBERS));
        assertEquals("127.0.0.1:25432", PatroniClusterDocument.leader(AFTER_SWITCHOVER));
    }

    @Test
    void masterCountsAsLeader() {
        assertEquals("10.0.0.5:5433", PatroniClusterDocument.leader("""
                {"members": [{"name": "a", "role": "replica", "host": "10.0.0.4", "port": 5433},
                             {"name": "b", "role": "master", "host": "10.0.0.5", "port": 5433}]}"""));
    }

    @Test
    void standbyLeaderAndSyncStandbyAreNotWritable() {
        assertNull(PatroniClusterDocument.leader("""
                {"members": [{"name": "a", "role": "standby_leader", "state": "running", "host": "10.0.0.4", "port": 5432},
                             {"name": "b", "role": "replica", "state": "running", "host": "10.0.0.5", "port": 5432}]}"""));
        assertNull(PatroniClusterDocument.leader("""
                {"members": [{"name": "a", "role": "sync_standby", "host": "10.0.0.4", "port": 5432}]}"""));
    }

    @Test
    void noLeaderNamedMeansNone() {
        // Leader key expired: every member is listed as a replica until one takes the lock.
        assertNull(PatroniClusterDocument.leader("""
                {"members": [{"name": "n1", "role": "replica", "state": "running", "host": "127.0.0.1", "port": 5432},
                             {"name": "n2", "role": "replica", "state": "stopped", "host": "127.0.0.1", "port": 5433}]}"""));
        assertNull(PatroniClusterDocument.leader("{\"members\": []}"));
    }

    @Test
    void extraFieldsAreIgnored() {
        assertEquals("db1:5432", PatroniClusterDocument.leader("""
                {"members": [{"name": "n1", "role": "leader", "state": "running", "host": "db1", "port": 5432,
                              "tags": {"nofailover": false, "clonefrom": true}, "pending_restart": true,
                              "scheduled_restart": {"schedule": "2024-01-01T00:00:00+00:00"}}],
                 "pause": true,
                 "scheduled_switchover": {"at": "2024-01-01T00:00:00+00:00", "from": "n1", "to": "n2"}}"""));
    }

    @Test
    void ipv6HostsAreBracketed() {
        assertEquals("[::1]:5432", PatroniClusterDocument.leader("""
                {"members": [{"name": "n1", "role": "leader", "host": "::1", "port": 5432}]}"""));
    }

    @Test
    void aMissingPortIsLibpqsDefault() {
        assertEquals("db1:5432", PatroniClusterDocument.leader("""
                {"members": [{"name": "n1", "role": "leader", "host": "db1"}]}"""));
    }

    @Test
    void documentsThatCannotNameOneLeaderAreRefused() {
        assertShape("two members are leader: a and b", """
                {"members": [{"name": "a", "role": "leader", "host": "h1", "port": 1},
                             {"name": "b", "role": "master", "host": "h2", "port": 2}]}""");
        assertShape("leader a has no \"host\"", """
                {"members": [{"name": "a", "role": "leader", "port": 5432}]}""");
        assertShape("leader a has no \"host\"", """
                {"members": [{"name": "a", "role": "leader", "host": "", "port": 5432}]}""");
        assertShape("non-integer \"port\"", """
                {"members": [{"name": "a", "role": "leader", "host": "h", "port": "5432"}]}""");
        assertShape("non-integer \"port\"", """
                {"members": [{"name": "a", "role": "leader", "host": "h", "port": null}]}""");
        assertShape("non-integer \"port\"", """
                {"members": [{"name": "a", "role": "leader", "host": "h", "port": 5432.0}]}""");
        assertShape("outside 1..65535", """
                {"members": [{"name": "a", "role": "leader", "host": "h", "port": 65536}]}""");
        assertShape("outside 1..65535", """
                {"members": [{"name": "a", "role": "leader", "host": "h", "port": 0}]}""");
        assertShape("no \"members\" array", "{}");
        assertShape("no \"members\" array", "{\"members\": {}}");
        assertShape("not a JSON object", "[]");
        assertShape("member of the /cluster document is not a JSON object", "{\"members\": [\"n1\"]}");
    }

    @Test
    void malformedJsonIsAJsonError() {
        assertThrows(JsonException.class, () -> PatroniClusterDocument.leader(TWO_MEMBERS.replace("]}", "]")));
        assertThrows(JsonException.class, () -> PatroniClusterDocument.leader("<html>502 Bad Gateway</html>"));
    }

    private static void assertShape(String expectedMessagePart, String document) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PatroniClusterDocument.leader(document));
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }
}
