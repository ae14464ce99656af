// CancelKeyWireIT: the BackendKeyData a client gets has the key length its protocol version allows, and that key cancels.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pgJDBC does not expose its cancel key, so this looks at the wire: libpq rejects a 3.0 key longer than
 * 4 bytes, and PostgreSQL 18 gives 3.2 clients 32 bytes. The key must then cancel a running query.
 * The raw client logs in as a trust user; everything else it does is what libpq does.
 */
class CancelKeyWireIT {
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() {
        // One cancel a second per address (bursts of two): enough for the tests that cancel once, and a flood
        // is cut short however slowly this machine runs it.
        proxy = ProxyHarness.config().user("raw_trust", "auth: trust", "backend_user: app")
                .limits("cancel_requests_per_second: 1").start();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void protocol30ClientsGetFourByteKeysThatCancel() throws Exception {
        keyOfLengthCancelsASleep(3, 0, 4);
    }

    @Test
    void protocol32ClientsGetThirtyTwoByteKeysThatCancel() throws Exception {
        keyOfLengthCancelsASleep(3, 2, 32);
    }

    private static void keyOfLengthCancelsASleep(int major, int minor, int expectedKeyLength) throws Exception {
        try (RawClient client = RawClient.connect(proxy.port())) {
            client.send(startup(major << 16 | minor));
            List<RawClient.Message> greeting = client.readUntil('Z');
            RawClient.Message keyData = greeting.stream().filter(m -> m.type() == 'K').findFirst().orElse(null);
            assertNotNull(keyData, "BackendKeyData in " + greeting);
            assertEquals(4 + expectedKeyLength, keyData.body().length, "pid + key bytes");
            int pid = ByteBuffer.wrap(keyData.body()).getInt();
            byte[] key = Arrays.copyOfRange(keyData.body(), 4, keyData.body().length);

            client.send(RawClient.typed('Q', "SELECT pg_sleep(30)\0".getBytes(StandardCharsets.UTF_8)));
            JdbcAssertions.awaitRunning("SELECT pg_sleep(30)");
            try (RawClient canceller = RawClient.connect(proxy.port())) {
                canceller.send(cancelRequest(pid, key));
                assertEquals(List.of(), canceller.awaitClose(java.time.Duration.ofSeconds(30)).messages(),
                        "a cancel request gets no reply");
            }
            RawClient.Message error = client.readUntil('Z').stream().filter(RawClient.Message::isError)
                    .findFirst().orElse(null);
            assertNotNull(error, "the sleep was cancelled");
            assertEquals("57014", error.sqlState(), error.toString());
        }
    }

    private static byte[] startup(int version) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(RawClient.int32(version));
        for (String s : new String[] {"user", "raw_trust", "database", "app"}) {
            body.write((s + "\0").getBytes(StandardCharsets.UTF_8));
        }
        body.write(0);
        return withLength(body.toByteArray());
    }

    /** Guessing keys takes many cancels: past the burst allowed per address they are dropped and counted. */
    @Test
    void aFloodOfCancelsFromOneAddressIsCutShort() throws Exception {
        var dropped = proxy.server().context().meters().counter("switchboard.cancels.dropped");
        double before = dropped.count();
        for (int i = 0; i < 60; i++) {
            try (RawClient guesser = RawClient.connect(proxy.port())) {
                guesser.send(cancelRequest(i, new byte[] {1, 2, 3, 4}));
                guesser.awaitClose(java.time.Duration.ofSeconds(10));
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(dropped.count() - before >= 10,
                "60 cancels from one address at 1 a second: most were dropped, counted "
                        + (dropped.count() - before));
        Thread.sleep(2_500); // the other tests cancel from this address too: their bucket is full again

    }

    private static byte[] cancelRequest(int pid, byte[] key) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(RawClient.int32(80877102));
        body.write(RawClient.int32(pid));
        body.write(key);
        return withLength(body.toByteArray());
    }

    private static byte[] withLength(byte[] body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(RawClient.int32(body.length + 4));
        packet.write(body);
        return packet.toByteArray();
    }
}
