// A PostgreSQL node's host and port, parsed from "host:port".
package dev.switchboard.config;

import java.util.Objects;

/** A PostgreSQL server address. */
public record NodeAddress(String host, int port) {

    public static final int DEFAULT_PORT = 5432;

    public NodeAddress {
        Objects.requireNonNull(host, "host");
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port}; the port defaults to
     * {@value #DEFAULT_PORT}. Brackets are required around IPv6 literals so the port is unambiguous.
     *
     * @throws IllegalArgumentException with a message naming what is wrong
     */
    public static NodeAddress parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty address; expected host:port");
        }
        String host;
        String portText = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in \"" + s + "\"; IPv6 addresses are written [::1]:5432");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("unexpected \"" + rest + "\" after ']' in \"" + s + "\"");
                }
                portText = rest.substring(1);
            }
            if (host.indexOf(':') < 0) {
                throw new IllegalArgumentException("\"" + host + "\" in brackets is not an IPv6 address");
            }
        } else {
            int colon = s.indexOf(':');
            if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("\"" + s + "\" has several ':'; write IPv6 addresses in brackets, "
                        + "e.g. [::1]:5432");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            portText = colon < 0 ? null : s.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("missing host in \"" + s + "\"");
        }
        return new NodeAddress(host, portText == null ? DEFAULT_PORT : parsePort(portText, s));
    }

    private static int parsePort(String portText, String whole) {
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port \"" + portText + "\" in \"" + whole + "\" is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " in \"" + whole + "\" is not between 1 and 65535");
        }
        return port;
    }

    /** {@code host:port}, with brackets around an IPv6 host; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
