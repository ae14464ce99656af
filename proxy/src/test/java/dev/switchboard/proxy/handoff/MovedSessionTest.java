package dev.switchboard.proxy.handoff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.startup.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A session-mode client and its server travel as one record; a truncated one, or one that lies, is refused. */
class MovedSessionTest {

    private static MovedSession sample() {
        LinkedHashMap<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "app");
        parameters.put("database", "app");
        MovedClient client = new MovedClient(new StartupMessage(ProtocolVersion.V3_0, parameters),
                ProtocolVersion.V3_0, 77, new byte[] {9, 8, 7, 6}, Map.of("work_mem", "3MB"));
        MovedServer server = new MovedServer("127.0.0.1:5432", "app", "app", true, ProtocolVersion.V3_0, 4321,
                new byte[] {1, 2, 3, 4}, Map.of("server_version", "18.1"), Map.of("work_mem", "3MB"), List.of());
        return new MovedSession(client, server);
    }

    @Test
    void aSessionComesBackAsItWent() {
        MovedSession sent = sample();
        ByteBuf buf = Unpooled.buffer();
        sent.encode(buf);
        MovedSession read = MovedSession.decode(buf);
        assertEquals(sent.client().startup(), read.client().startup());
        assertEquals(sent.client().cancelProcessId(), read.client().cancelProcessId());
        assertArrayEquals(sent.client().cancelSecret(), read.client().cancelSecret());
        assertEquals(sent.client().settings(), read.client().settings());
        assertEquals(sent.server().node(), read.server().node());
        assertEquals(sent.server().processId(), read.server().processId());
        assertEquals(true, read.server().sessionPool());
        assertArrayEquals(sent.server().cancelKey(), read.server().cancelKey());
        assertEquals(sent.server().sessionSettings(), read.server().sessionSettings());
    }

    @Test
    void everyTruncationIsRefused() {
        ByteBuf whole = Unpooled.buffer();
        sample().encode(whole);
        for (int length = 0; length < whole.readableBytes(); length++) {
            ByteBuf cut = whole.slice(0, length);
            assertThrows(HandoffException.class, () -> MovedSession.decode(cut), "cut at " + length);
        }
    }

    @Test
    void aClientStateLengthPastTheRecordIsRefused() {
        ByteBuf whole = Unpooled.buffer();
        sample().encode(whole);
        int claimed = whole.readableBytes();
        whole.setInt(0, claimed);
        HandoffException refused = assertThrows(HandoffException.class, () -> MovedSession.decode(whole));
        assertEquals("a session whose client state claims " + claimed + " bytes", refused.getMessage());
    }
}
