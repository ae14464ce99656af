// Where the admin and metrics HTTP listener binds, when there is one.
package dev.switchboard.config;

import java.util.Objects;

/**
 * Admin/metrics HTTP listener.
 *
 * @param address address to bind (host name or IP literal); default {@value #DEFAULT_ADDRESS}
 * @param port    TCP port; default {@value #DEFAULT_PORT}; 0 asks the OS for a free port (tests)
 */
public record HttpConfig(String address, int port) {

    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 9930;

    public HttpConfig {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }

    public static HttpConfig defaults() {
        return new HttpConfig(DEFAULT_ADDRESS, DEFAULT_PORT);
    }
}
