// PatroniMember: one member of the test cluster as Patroni's GET /cluster lists it.
package dev.switchboard.proxy.it.patroni;

import java.net.URI;

/**
 * @param name    Patroni's member name ({@code n1}, {@code n2})
 * @param host    PostgreSQL host
 * @param pgPort  PostgreSQL port
 * @param restUrl the member's REST API base URL
 * @param role    Patroni's role: {@code leader}, {@code replica}, {@code sync_standby}, ...
 * @param state   Patroni's state of the member's PostgreSQL: {@code running}, {@code starting}, {@code stopped}, ...
 */
public record PatroniMember(String name, String host, int pgPort, URI restUrl, String role, String state) {

    public boolean isLeader() {
        return "leader".equals(role);
    }

    /** host:port, as the proxy's configuration writes a node. */
    public String address() {
        return host + ":" + pgPort;
    }
}
