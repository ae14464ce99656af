// Binds the flat top-level sections: listen, limits and auth.
package dev.switchboard.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Builds {@link ListenConfig}, {@link LimitsConfig} and {@link AuthConfig} from their YAML sections. */
final class SettingsBinder {

    /** sun_path holds 108 bytes on Linux, including the terminating NUL. */
    static final int MAX_UNIX_SOCKET_PATH = 107;

    private SettingsBinder() {
    }

    static ListenConfig listen(Binding binding, Node node) {
        MappingReader r = MappingReader.of(binding, node, "listen",
                List.of("address", "port", "unix_socket_dir", "max_client_connections"));
        String address = r.string("address", ListenConfig.DEFAULT_ADDRESS);
        if (address.isBlank()) {
            address = r.fail("address", "must not be empty", ListenConfig.DEFAULT_ADDRESS);
        }
        int port = r.integer("port", ListenConfig.DEFAULT_PORT, 0, 65535);
        Path dir = r.filePath("unix_socket_dir");
        if (dir != null && port == 0) {
            dir = r.fail("unix_socket_dir", "needs a fixed listen.port; port 0 (any free port) gives a socket "
                    + "name clients cannot know", null);
        }
        if (dir != null) {
            String socket = dir.resolve(".s.PGSQL." + port).toString();
            int length = socket.getBytes(StandardCharsets.UTF_8).length;
            if (length > MAX_UNIX_SOCKET_PATH) {
                dir = r.fail("unix_socket_dir", "the socket path " + socket + " is " + length
                        + " bytes; Unix socket paths are limited to " + MAX_UNIX_SOCKET_PATH + " bytes", null);
            }
        }
        int maxClients = r.integer("max_client_connections", ListenConfig.DEFAULT_MAX_CLIENT_CONNECTIONS,
                1, Integer.MAX_VALUE);
        return new ListenConfig(address, port, dir, maxClients);
    }

    static LimitsConfig limits(Binding binding, Node node) {
        MappingReader r = MappingReader.of(binding, node, "limits",
                List.of("max_message_size", "startup_timeout", "connect_timeout"));
        int maxMessage = r.size("max_message_size", LimitsConfig.DEFAULT_MAX_MESSAGE_SIZE,
                LimitsConfig.MIN_MAX_MESSAGE_SIZE, Integer.MAX_VALUE);
        Duration startup = r.duration("startup_timeout", LimitsConfig.DEFAULT_STARTUP_TIMEOUT, false);
        Duration connect = r.duration("connect_timeout", LimitsConfig.DEFAULT_CONNECT_TIMEOUT, false);
        return new LimitsConfig(maxMessage, startup, connect);
    }

    static AuthConfig auth(Binding binding, Node node) {
        MappingReader r = MappingReader.of(binding, node, "auth", List.of("default_method"));
        ClientAuthMethod method = r.choice("default_method", ClientAuthMethod.values(), AuthConfig.DEFAULT_METHOD);
        if (method == ClientAuthMethod.TRUST) {
            method = r.fail("default_method", "trust cannot be the default; set auth: trust on each user that may "
                    + "connect without a password", AuthConfig.DEFAULT_METHOD);
        }
        return new AuthConfig(method);
    }
}
