// FreePorts: TCP ports on 127.0.0.1 for the etcd, Patroni REST and PostgreSQL listeners of a test cluster.
package dev.switchboard.proxy.it.patroni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A port picked here was free a moment ago; another process can still take it before ours binds it. */
final class FreePorts {
    /** Never hand out one port twice in this JVM: the processes of a cluster bind theirs only later. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    static int pick() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind any port on 127.0.0.1", e);
            }
        }
        throw new IllegalStateException("no port on 127.0.0.1 that this JVM has not handed out already");
    }
}
