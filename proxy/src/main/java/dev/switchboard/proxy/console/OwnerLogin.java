// OwnerLogin: PgBouncer's password-free console login — user pgbouncer, over the Unix socket, as the proxy's own OS user.
package dev.switchboard.proxy.console;

import dev.switchboard.config.ClientAuthMethod;
import dev.switchboard.config.ConsoleUsers;
import dev.switchboard.config.UserConfig;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel vouches for a Unix-socket peer's user id, so a process running as the proxy's own OS user (an
 * exporter next to it, the operator's shell) needs no password, as with PgBouncer. Only the console, only user
 * {@code pgbouncer}, only over the Unix socket; such a login is an admin one.
 */
public final class OwnerLogin {
    /** PgBouncer's console user. */
    public static final String USER_NAME = "pgbouncer";
    /** The user such a login is: it has no password and never reaches PostgreSQL. */
    public static final UserConfig USER = new UserConfig(USER_NAME, null, ClientAuthMethod.TRUST, USER_NAME, null,
            null);

    private static final int OWN_UID = ownUid();

    private OwnerLogin() {
    }

    /** Whether this connection is the password-free owner login to the console. */
    public static boolean applies(Channel channel, String user, String database) {
        return USER_NAME.equals(user) && ConsoleUsers.DATABASES.contains(database)
                && channel instanceof EpollDomainSocketChannel unix && OWN_UID >= 0
                && peerUid(unix) == OWN_UID;
    }

    private static int peerUid(EpollDomainSocketChannel channel) {
        try {
            return channel.peerCredentials().uid();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The owner of /proc/self is this process's user; -1 (nobody matches) where there is no /proc. */
    private static int ownUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}
