// Etcd: one single-member etcd server (v3 API) on free loopback ports, the DCS of a test Patroni cluster.
package dev.switchboard.proxy.it.patroni;

import dev.switchboard.embedded.Ports;
import dev.switchboard.proxy.it.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Its data directory and log live in the run directory; it runs as the JVM's user (etcd does not mind root). */
final class Etcd {
    private final int clientPort;
    private final LoggedProcess process;

    private Etcd(int clientPort, LoggedProcess process) {
        this.clientPort = clientPort;
        this.process = process;
    }

    /** Starts etcd and returns once it reports itself healthy. */
    static Etcd start(Path etcdProgram, Path runDir, String clusterToken, Map<String, String> env, Duration timeout) {
        int clientPort = Ports.pickFree();
        int peerPort = Ports.pickFree();
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        List<String> command = List.of(etcdProgram.toString(),
                "--name", "etcd0",
                "--data-dir", runDir.resolve("etcd").toString(),
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "etcd0=" + peer,
                "--initial-cluster-state", "new",
                "--initial-cluster-token", clusterToken);
        Etcd etcd = new Etcd(clientPort, LoggedProcess.start("etcd", command, env, runDir, runDir.resolve("etcd.log")));
        etcd.awaitHealthy(timeout);
        return etcd;
    }

    /** host:port of the client listener, as Patroni's {@code etcd3.hosts} wants it. */
    String clientAddress() {
        return "127.0.0.1:" + clientPort;
    }

    LoggedProcess process() {
        return process;
    }

    void stop() {
        process.stop(Duration.ofSeconds(10));
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://" + clientAddress() + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        Await.until(() -> "etcd healthy" + process.tail(), timeout, () -> {
            if (!process.alive()) {
                throw new AssertionError("etcd exited during startup" + process.tail());
            }
            HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().replace(" ", "").contains("\"health\":\"true\"")) {
                return true;
            }
            throw new IllegalStateException("HTTP " + response.statusCode() + " " + response.body()); // not yet
        });
    }
}
