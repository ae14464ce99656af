// NodeEndpoint: a node's id in the topology ("host:port") and the address its monitor connects to.
package dev.switchboard.topology.monitor;

import java.util.Objects;

/**
 * Where one node of a cluster is reached.
 *
 * @param node the id the topology knows the node by, normally "host:port"
 * @param host host name or address to connect to
 * @param port TCP port
 */
public record NodeEndpoint(String node, String host, int port) {

    public NodeEndpoint {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " of " + node + " is not between 1 and 65535");
        }
    }

    /** The endpoint whose id is {@code host:port} (an IPv6 host in brackets, as the configuration writes it). */
    public static NodeEndpoint of(String host, int port) {
        return new NodeEndpoint((host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port, host, port);
    }

    /** Reads a node id {@code host:port} or {@code [ipv6]:port} into an endpoint with that id. */
    public static NodeEndpoint parse(String node) {
        int colon = node.lastIndexOf(':');
        if (colon <= 0 || colon == node.length() - 1) {
            throw new IllegalArgumentException("node \"" + node + "\" is not host:port");
        }
        String host = node.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("node \"" + node + "\": write an IPv6 host in brackets, e.g. [::1]:5432");
        }
        int port;
        try {
            port = Integer.parseInt(node.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("node \"" + node + "\" has no numeric port", e);
        }
        return new NodeEndpoint(node, host, port);
    }
}
