// Ports: a free loopback port to configure a process with, and whether a port refuses connections.
package dev.switchboard.proxy.it;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** For tests that start a program in another process, which must be told its port up front. */
public final class Ports {
    private Ports() {
    }

    /** A port free on the loopback interface now (another process may take it before the test does). */
    public static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** True once nothing listens on 127.0.0.1:{@code port}: the connection is refused, not just slow. */
    public static boolean refuses(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
