// HttpPortCheck: before a successor takes over, whether the HTTP port it will bind is free or a Switchboard's.
package dev.switchboard.proxy.admin;

import dev.switchboard.config.HttpConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A successor binds the HTTP port only once the running process has let go of it, at the end of the handoff, when
 * it already serves the clients: a port held by another program must be found before, so that the successor stops
 * and the running process goes on serving. A port in use is fine when what answers there is a Switchboard (the
 * running process, which releases it); anything else is refused.
 */
public final class HttpPortCheck {
    /** The {@code Server} header of every answer of the HTTP listener. */
    static final String SERVER_NAME = "Switchboard";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private HttpPortCheck() {
    }

    /** Throws, naming the port, when {@code http}'s port is taken by something other than a Switchboard. */
    public static void beforeTakeOver(HttpConfig http) throws IOException {
        if (http == null || http.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(http.address(), http.port()));
            return; // free now; the running process does not hold it
        } catch (BindException inUse) {
            String server = serverHeader(http);
            if (!SERVER_NAME.equals(server)) {
                throw new IOException("http " + http.address() + ":" + http.port() + " is taken by another program ("
                        + (server == null ? "it does not answer HTTP" : "it answers as \"" + server + "\"")
                        + "); nothing was taken over");
            }
        }
    }

    /** The Server header of what answers {@code GET /health/live} there; null when nothing answers HTTP. */
    private static String serverHeader(HttpConfig http) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create("http://"
                    + hostForUri(http.address()) + ":" + http.port() + "/health/live")).timeout(PROBE_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.headers().firstValue("Server").orElse("");
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String hostForUri(String address) {
        String host = address.equals("0.0.0.0") ? "127.0.0.1" : address.equals("::") ? "::1" : address;
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
