// CancelAcrossInstancesIT: a cancel request sent to instance B for a query running through instance A cancels it.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two instances configured as peers (ids 1 and 2, one shared secret). A raw client of instance A runs
 * {@code pg_sleep}; its cancel request, with the key A issued, goes to instance B, which sees from the key that A
 * issued it, checks its signature and forwards it: the query ends with 57014. A key whose signature does not hold
 * is dropped by B.
 */
class CancelAcrossInstancesIT {
    private static final int CANCEL_REQUEST_CODE = 80877102;
    private static final String SECRET = "peers secret for the cancel test";


    private static ProxyHarness instance(int self, int port, int peer, int peerPort) {
        return ProxyHarness.config().mode("transaction").poolSize(2).listen("port: " + port)
                .section("peers", "self: " + self, "secret: \"" + SECRET + "\"",
                        "instances: { " + peer + ": \"127.0.0.1:" + peerPort + "\" }")
                .user("raw", "auth: trust", "backend_user: app").start();
    }

    /** Sends a CancelRequest to {@code port} and waits until that side closes the connection. */
    private static void cancelVia(int port, int pid, byte[] key) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(12 + key.length);
            out.writeInt(CANCEL_REQUEST_CODE);
            out.writeInt(pid);
            out.write(key);
            out.flush();
            assertEquals(-1, socket.getInputStream().read(), "a cancel request gets no answer, only a close");
        }
    }

    @Test
    void instanceBForwardsACancelForInstanceAsQuery() throws Exception {
        int portA = Ports.free();
        int portB = Ports.free();
        try (ProxyHarness a = instance(1, portA, 2, portB); ProxyHarness b = instance(2, portB, 1, portA);
             RawClient client = RawClient.connect(portA)) {
            client.send(RawClient.startupPacket(Map.of("user", "raw", "database", "app")));
            List<RawClient.Message> greeting = client.readUntil('Z');
            RawClient.Message keyData = greeting.stream().filter(m -> m.type() == 'K').findFirst().orElseThrow();
            ByteBuffer body = ByteBuffer.wrap(keyData.body());
            int pid = body.getInt();
            byte[] key = new byte[body.remaining()];
            body.get(key);
            assertEquals(1, pid >>> 24, "instance A's keys name it");

            // A forged key for the same process is dropped by B: the client's next query runs normally.
            byte[] forged = key.clone();
            forged[0] ^= 1;
            cancelVia(portB, pid, forged);
            List<RawClient.Message> untouched = client.query("SELECT 1");
            assertTrue(untouched.stream().noneMatch(RawClient.Message::isError), untouched.toString());

            client.send(RawClient.queryMessage("SELECT pg_sleep(60)"));
            Await.until("the query running on PostgreSQL", Duration.ofSeconds(30), () -> "1".equals(
                    TestCluster.get().primary().query("app", "SELECT count(*) FROM pg_stat_activity"
                            + " WHERE query = 'SELECT pg_sleep(60)' AND state = 'active'").get(0).get(0)));
            cancelVia(portB, pid, key);
            List<RawClient.Message> reply = client.readUntilReady(Duration.ofSeconds(30));
            RawClient.Message error = reply.stream().filter(RawClient.Message::isError).findFirst().orElseThrow(
                    () -> new AssertionError("the query was not canceled: " + reply));
            assertEquals("57014", error.sqlState(), reply.toString());
        }
        JdbcAssertions.awaitNoAppBackends();
        LeakRecorder.assertNoLeaks();
    }
}
