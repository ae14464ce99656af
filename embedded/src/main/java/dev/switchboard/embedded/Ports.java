// Picking free TCP ports on the loopback interface and checking that a port has been released.
package dev.switchboard.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Loopback port helpers; a picked port can still be taken by someone else before PostgreSQL binds it. */
public final class Ports {

    /** Ports handed out by this JVM, so that two nodes started at once never get the same one. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress() instanceof java.net.Inet4Address a
            ? a : loopbackV4();

    private Ports() {
    }

    private static InetAddress loopbackV4() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("cannot build 127.0.0.1", e);
        }
    }

    /** A port that was free on 127.0.0.1 a moment ago and that this JVM has not handed out before. */
    public static int pickFree() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(LOOPBACK, 0));
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind any port on 127.0.0.1", e);
            }
        }
        throw new EmbeddedPostgresException("no unused free port found on 127.0.0.1 after 100 attempts");
    }

    /** Whether a listener could bind 127.0.0.1:port right now. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
