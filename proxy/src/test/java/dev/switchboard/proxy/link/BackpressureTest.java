// BackpressureTest: which side of a link is read, as a client fills and drains and servers change hands.
package dev.switchboard.proxy.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.proxy.backend.EmbeddedServers;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.link.Backpressure.ClientPause;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackpressureTest {
    private EmbeddedChannel client;
    private ServerConn first;
    private ServerConn second;
    private Backpressure pressure;

    @BeforeEach
    void setUp() {
        client = new EmbeddedChannel();
        client.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        first = EmbeddedServers.server("s1");
        second = EmbeddedServers.server("s2");
        pressure = new Backpressure(client);
        pressure.pauseClient(ClientPause.STARTING);
    }

    @AfterEach
    void tearDown() {
        client.flush();
        client.releaseOutbound();
        assertFalse(client.finish());
        EmbeddedServers.channel(first).finishAndReleaseAll();
        EmbeddedServers.channel(second).finishAndReleaseAll();
    }

    /** Queues unflushed bytes to the client until its socket counts as full. */
    private void fillClient() {
        client.write(Unpooled.wrappedBuffer(new byte[32]));
        assertFalse(client.isWritable());
    }

    private void drainClient() {
        client.flush();
        client.releaseOutbound();
        assertTrue(client.isWritable());
    }

    @Test
    void theClientIsReadOnlyOnceItsSessionHasStarted() {
        assertFalse(client.config().isAutoRead());
        assertNotEquals(0, pressure.clientPausedAt());
        pressure.attach(first);
        pressure.resumeClient(ClientPause.STARTING);
        assertTrue(client.config().isAutoRead());
        assertEquals(0, pressure.clientPausedAt());
    }

    @Test
    void aFullClientPausesItsServerAndADrainedOneResumesIt() {
        pressure.attach(first);
        fillClient();
        pressure.clientWritabilityChanged();
        assertFalse(first.channel().config().isAutoRead());
        assertNotEquals(0, pressure.serverPausedAt());
        drainClient();
        pressure.clientWritabilityChanged();
        assertTrue(first.channel().config().isAutoRead());
        assertEquals(0, pressure.serverPausedAt());
    }

    /**
     * The stall: the transaction ended while the client was full, so the server went back paused; the client
     * drained while it held no server, and the next lease got the paused server with no change left to wake it.
     */
    @Test
    void aServerGivenBackWhileItsClientIsFullIsReadAgainAndTheNextLeaseJudgesAfresh() {
        pressure.attach(first);
        fillClient();
        pressure.clientWritabilityChanged();
        assertFalse(first.channel().config().isAutoRead());

        pressure.detach();
        first.listenIdle();
        assertTrue(first.channel().config().isAutoRead(), "a server in the pool is read");
        assertEquals(0, pressure.serverPausedAt());

        drainClient();
        pressure.clientWritabilityChanged(); // nothing attached: nothing to do
        first.listen(new OnClientLoop(client, pressure, (s, f) -> f.release(), (s, c) -> { }));
        pressure.attach(first);
        assertTrue(first.channel().config().isAutoRead(), "leased again by a client that can take replies");
    }

    @Test
    void aServerLeasedByAClientThatIsFullStartsPaused() {
        fillClient();
        pressure.attach(first);
        assertFalse(first.channel().config().isAutoRead());
        pressure.attach(second); // moving on gives the first one back reading
        assertTrue(first.channel().config().isAutoRead());
        assertFalse(second.channel().config().isAutoRead());
        drainClient();
    }

    @Test
    void aNewOwnerAlwaysFindsItsServerRead() {
        first.channel().config().setAutoRead(false);
        first.listen(new OnClientLoop(client, pressure, (s, f) -> f.release(), (s, c) -> { }));
        assertTrue(first.channel().config().isAutoRead());
        first.channel().config().setAutoRead(false);
        first.listenIdle();
        assertTrue(first.channel().config().isAutoRead());
    }

    @Test
    void theClientWaitsWhileAnyReasonHoldsAndOnlyForItsOwnServer() {
        pressure.attach(first);
        pressure.resumeClient(ClientPause.STARTING);
        pressure.serverWritabilityChanged(second, false); // not this link's server
        assertTrue(client.config().isAutoRead());

        pressure.serverWritabilityChanged(first, false);
        pressure.pauseClient(ClientPause.LEASING);
        assertEquals(Set.of(ClientPause.SERVER_FULL, ClientPause.LEASING), pressure.clientPauses());
        pressure.serverWritabilityChanged(first, true);
        assertFalse(client.config().isAutoRead(), "still waiting for a server");
        pressure.resumeClient(ClientPause.LEASING);
        assertTrue(client.config().isAutoRead());
    }

    @Test
    void givingUpAFullServerNoLongerHoldsTheClient() {
        pressure.attach(first);
        pressure.resumeClient(ClientPause.STARTING);
        pressure.serverWritabilityChanged(first, false);
        assertFalse(client.config().isAutoRead());
        pressure.detach();
        assertTrue(client.config().isAutoRead());
    }
}
