// StallWatchTest: a link held back longer than the bound is described once per pause and counted.
package dev.switchboard.proxy.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.proxy.backend.EmbeddedServers;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.link.Backpressure.ClientPause;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StallWatchTest {

    @Test
    void eachPauseOlderThanTheBoundIsDescribedOnceAndCounted() {
        EmbeddedChannel client = new EmbeddedChannel();
        client.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        ServerConn server = EmbeddedServers.server("s1");
        Backpressure pressure = new Backpressure(client);
        pressure.pauseClient(ClientPause.STARTING);
        pressure.attach(server);
        List<String> described = new ArrayList<>();
        StallWatch.Watched link = new StallWatch.Watched() {
            @Override
            public Backpressure backpressure() {
                return pressure;
            }

            @Override
            public EventLoop loop() {
                return client.eventLoop();
            }

            @Override
            public String describe() {
                described.add("client c1, server s1");
                return described.get(described.size() - 1);
            }
        };
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        StallWatch watch = new StallWatch(Duration.ofNanos(1), meters, client.eventLoop());
        watch.register(link);

        watch.check();
        client.runPendingTasks();
        assertEquals(1, described.size(), "the client, paused since the start, is reported");
        assertEquals(1.0, meters.get("switchboard.stalls").tag("side", "client").counter().count());

        watch.check();
        client.runPendingTasks();
        assertEquals(1, described.size(), "the same pause is reported once");

        pressure.resumeClient(ClientPause.STARTING);
        client.write(Unpooled.wrappedBuffer(new byte[32]));
        pressure.clientWritabilityChanged(); // the server is held back now
        watch.check();
        client.runPendingTasks();
        assertEquals(2, described.size());
        assertEquals(1.0, meters.get("switchboard.stalls").tag("side", "server").counter().count());

        watch.unregister(link);
        pressure.pauseClient(ClientPause.LEASING);
        watch.check();
        client.runPendingTasks();
        assertEquals(2, described.size(), "a link that ended is not watched");

        watch.close();
        client.flush();
        client.releaseOutbound();
        assertFalse(client.finish());
        EmbeddedServers.channel(server).finishAndReleaseAll();
    }
}
