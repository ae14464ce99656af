// A PostgreSQL node's host and port, parsed from "host:port"; a host that is a path names a Unix socket directory.
package dev.switchboard.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A PostgreSQL server address. As in libpq, a host that starts with {@code /} is the directory of the server's Unix
 * socket, {@code <host>/.s.PGSQL.<port>}.
 */
public record NodeAddress(String host, int port) {

    public static final int DEFAULT_PORT = 5432;
    /** The longest Unix socket path Linux accepts (sun_path is 108 bytes with its terminating zero). */
    public static final int MAX_UNIX_SOCKET_PATH = 107;

    public NodeAddress {
        Objects.requireNonNull(host, "host");
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port}; the port defaults to
     * {@value #DEFAULT_PORT}. Brackets are required around IPv6 literals so the port is unambiguous. A host that
     * starts with {@code /} is a Unix socket directory ({@code /var/run/postgresql:5432}), which must not contain
     * {@code :}.
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
        NodeAddress address = new NodeAddress(host, portText == null ? DEFAULT_PORT : parsePort(portText, s));
        String tooLong = address.isUnixSocket() ? socketPathProblem(address.socketFile()) : null;
        if (tooLong != null) {
            throw new IllegalArgumentException(tooLong);
        }
        return address;
    }

    /** Whether the host is a directory: the node is reached through its Unix socket, not TCP. */
    public boolean isUnixSocket() {
        return isUnixSocket(host);
    }

    /** Whether a host names a Unix socket directory (starts with {@code /}, as libpq decides). */
    public static boolean isUnixSocket(String host) {
        return host.startsWith("/");
    }

    /** The socket file of a Unix socket node, {@code <host>/.s.PGSQL.<port>}. */
    public Path socketFile() {
        return socketFile(host, port);
    }

    /** The socket file PostgreSQL listening on {@code port} makes in directory {@code dir}. */
    public static Path socketFile(String dir, int port) {
        return Path.of(dir, ".s.PGSQL." + port);
    }

    /** Why {@code socket} cannot name a Unix socket (it is too long), or null when it can. */
    public static String socketPathProblem(Path socket) {
        int length = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        return length <= MAX_UNIX_SOCKET_PATH ? null : "the socket path " + socket + " is " + length
                + " bytes; Unix socket paths are limited to " + MAX_UNIX_SOCKET_PATH + " bytes";
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
