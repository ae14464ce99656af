package dev.switchboard.proxy.handoff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.startup.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A moved client's state survives the trip; a truncated or garbled record is refused, never half-read. */
class MovedClientTest {

    private static MovedClient sample() {
        LinkedHashMap<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "app");
        parameters.put("database", "app");
        parameters.put("application_name", "größe"); // not ASCII
        parameters.put("_pq_.switchboard.topology", "on");
        return new MovedClient(new StartupMessage(ProtocolVersion.V3_2, parameters), ProtocolVersion.V3_2, 4242,
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, Map.of("application_name", "x", "timezone", "UTC"),
                java.util.List.of(new MovedClient.Statement("S_1", "SELECT $1::int", new int[] {23}, "\"$user\", public"),
                        new MovedClient.Statement("S_2", "SELECT 1", new int[0], null)));
    }

    @Test
    void aClientsStateComesBackAsItWent() {
        MovedClient sent = sample();
        ByteBuf buf = Unpooled.buffer();
        sent.encode(buf);
        MovedClient read = MovedClient.decode(buf);
        assertEquals(sent.startup(), read.startup());
        assertEquals(sent.version(), read.version());
        assertEquals(sent.cancelProcessId(), read.cancelProcessId());
        assertArrayEquals(sent.cancelSecret(), read.cancelSecret());
        assertEquals(sent.settings(), read.settings());
        assertEquals(sent.statements().size(), read.statements().size());
        for (int i = 0; i < sent.statements().size(); i++) {
            MovedClient.Statement a = sent.statements().get(i);
            MovedClient.Statement b = read.statements().get(i);
            assertEquals(a.name(), b.name());
            assertEquals(a.query(), b.query());
            assertArrayEquals(a.parameterTypes(), b.parameterTypes());
            assertEquals(a.searchPath(), b.searchPath());
        }
    }

    @Test
    void everyTruncationIsRefused() {
        ByteBuf whole = Unpooled.buffer();
        sample().encode(whole);
        for (int length = 0; length < whole.readableBytes(); length++) {
            ByteBuf cut = whole.slice(0, length);
            assertThrows(HandoffException.class, () -> MovedClient.decode(cut), "cut at " + length);
        }
    }

    @Test
    void randomBytesAreRefusedOrReadWhole() {
        long seed = System.nanoTime();
        System.out.println("MovedClientTest seed " + seed);
        Random random = new Random(seed);
        ByteBuf whole = Unpooled.buffer();
        sample().encode(whole);
        byte[] bytes = new byte[whole.readableBytes()];
        whole.readBytes(bytes);
        for (int i = 0; i < 2_000; i++) {
            byte[] garbled = bytes.clone();
            garbled[random.nextInt(garbled.length)] = (byte) random.nextInt(256);
            try {
                MovedClient.decode(Unpooled.wrappedBuffer(garbled)); // a changed letter may still be a valid state
            } catch (HandoffException expected) {
                // refused with a reason: what the giver's peer gets
            }
        }
    }
}
