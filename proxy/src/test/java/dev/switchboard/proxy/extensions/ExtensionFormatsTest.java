// ExtensionFormatsTest: every wire format of docs/protocol-extensions.md, byte for byte as the spec shows it.
package dev.switchboard.proxy.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.config.Target;
import dev.switchboard.protocol.Encodable;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.backend.GoAway;
import dev.switchboard.protocol.backend.NegotiateProtocolVersion;
import dev.switchboard.protocol.backend.ParameterStatus;
import dev.switchboard.protocol.startup.StartupMessage;
import dev.switchboard.proxy.frontend.ProtocolNegotiation;
import dev.switchboard.topology.CommitToken;
import dev.switchboard.topology.NodeState;
import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.TopologySnapshot;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtensionFormatsTest {

    /** The hex blocks of the spec, spaces and line breaks allowed. */
    private static void assertWire(String hex, Encodable message) {
        ByteBuf out = Unpooled.buffer();
        message.encode(out);
        String actual = ByteBufUtil.hexDump(out);
        out.release();
        assertEquals(hex.replaceAll("\\s+", ""), actual, () -> "wire bytes of " + message + ":\n"
                + ByteBufUtil.prettyHexDump(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(actual))));
    }

    @Test
    void startupAndNegotiation() {
        LinkedHashMap<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "app");
        parameters.put("database", "app");
        parameters.put("_pq_.switchboard.topology", "on");
        parameters.put("_pq_.switchboard.nope", "on");
        StartupMessage startup = new StartupMessage(ProtocolVersion.V3_0, parameters);
        assertWire("""
                00 00 00 55 00 03 00 00 75 73 65 72 00 61 70 70 00 64 61 74 61 62 61 73 65 00 61 70 70 00 5f 70
                71 5f 2e 73 77 69 74 63 68 62 6f 61 72 64 2e 74 6f 70 6f 6c 6f 67 79 00 6f 6e 00 5f 70 71 5f 2e
                73 77 69 74 63 68 62 6f 61 72 64 2e 6e 6f 70 65 00 6f 6e 00 00""", startup);

        ProtocolNegotiation negotiation = ProtocolNegotiation.negotiate(startup.version(),
                new ArrayList<>(startup.protocolOptions().keySet()));
        NegotiateProtocolVersion answer = negotiation.answerFor(startup.version());
        assertEquals(List.of("_pq_.switchboard.nope"), answer.unsupportedOptions(), "accepted ones are left out");
        assertWire("""
                76 00 00 00 22 00 03 00 00 00 00 00 01 5f 70 71 5f 2e 73 77 69 74 63 68 62 6f 61 72 64 2e 6e 6f
                70 65 00""", answer);
    }

    @Test
    void acceptedExtensionsAloneNeedNoNegotiateProtocolVersion() {
        ProtocolNegotiation negotiation = ProtocolNegotiation.negotiate(ProtocolVersion.V3_0,
                List.of("_pq_.switchboard.topology", "_pq_.switchboard.commit_lsn", "_pq_.switchboard.goaway"));
        assertNull(negotiation.answerFor(ProtocolVersion.V3_0));
    }

    @Test
    void theGreasedStartupListsTheGreaseAndKeepsTheExtensions() {
        ProtocolVersion grease = ProtocolVersion.GREASE;
        ProtocolNegotiation negotiation = ProtocolNegotiation.negotiate(grease,
                List.of("_pq_.test_protocol_negotiation", "_pq_.switchboard.topology"));
        NegotiateProtocolVersion answer = negotiation.answerFor(grease);
        assertEquals(ProtocolVersion.V3_2, answer.version());
        assertEquals(List.of("_pq_.test_protocol_negotiation"), answer.unsupportedOptions());
    }

    @Test
    void extensionList() {
        assertWire("""
                53 00 00 00 2f 73 77 69 74 63 68 62 6f 61 72 64 2e 65 78 74 65 6e 73 69 6f 6e 73 00 74 6f 70 6f
                6c 6f 67 79 2c 63 6f 6d 6d 69 74 5f 6c 73 6e 00""",
                new ParameterStatus("switchboard.extensions", ClientExtensions.fromStartup(
                        Map.of("_pq_.switchboard.commit_lsn", "on"), Map.of("switchboard.topology", "true"))
                        .activeNames()));
    }

    @Test
    void topologyView() {
        TopologySnapshot snapshot = new TopologySnapshot("main", 7, List.of(
                node("10.0.0.1:5432", 0, false, true, 0),
                node("10.0.0.2:5432", 1, true, false, 0),
                node("10.0.0.3:5432", 2, true, false, 8192),
                new NodeView("10.0.0.4:5432", 3, NodeState.DOWN, true, false, 1, 0, -1, Double.POSITIVE_INFINITY,
                        Instant.EPOCH, "gone", null)), null, null, false, 1);
        snapshot = new TopologySnapshot("main", 7, snapshot.nodes(), snapshot.nodes().get(0), null, false, 1);
        String view = TopologyView.format(1, snapshot, Target.READ_ONLY);
        assertEquals("epoch=1;timeline=1;write=10.0.0.1:5432;standbys=10.0.0.2:5432@0,10.0.0.3:5432@8192;"
                + "target=read-only", view, "a standby that is down is not readable");
        assertWire("""
                53 00 00 00 7d 73 77 69 74 63 68 62 6f 61 72 64 2e 74 6f 70 6f 6c 6f 67 79 00 65 70 6f 63 68 3d
                31 3b 74 69 6d 65 6c 69 6e 65 3d 31 3b 77 72 69 74 65 3d 31 30 2e 30 2e 30 2e 31 3a 35 34 33 32
                3b 73 74 61 6e 64 62 79 73 3d 31 30 2e 30 2e 30 2e 32 3a 35 34 33 32 40 30 2c 31 30 2e 30 2e 30
                2e 33 3a 35 34 33 32 40 38 31 39 32 3b 74 61 72 67 65 74 3d 72 65 61 64 2d 6f 6e 6c 79 00""",
                new ParameterStatus("switchboard.topology", view));
    }

    @Test
    void topologyWithoutWriteTargetOrStandbysAndUnknownLag() {
        TopologySnapshot snapshot = new TopologySnapshot("main", 3, List.of(
                node("[::1]:5432", 0, true, false, -1)), null, "no primary", false, 2);
        assertEquals("epoch=4;timeline=2;write=;standbys=[::1]:5432@?;target=read-write",
                TopologyView.format(4, snapshot, Target.READ_WRITE));
        TopologySnapshot empty = new TopologySnapshot("main", 0, List.of(), null, "not read yet", false, 0);
        assertEquals("epoch=1;timeline=0;write=;standbys=;target=any", TopologyView.format(1, empty, Target.ANY));
    }

    @Test
    void aNewEpochOnlyWhenTheShapeChanges() {
        TopologySnapshot one = new TopologySnapshot("main", 1, List.of(node("a:1", 0, false, true, 0),
                node("b:1", 1, true, false, 10)), null, null, false, 1);
        one = withWriteTarget(one, 0);
        TopologySnapshot lagOnly = withWriteTarget(new TopologySnapshot("main", 2, List.of(node("a:1", 0, false, true, 0),
                node("b:1", 1, true, false, 99_999)), null, null, false, 1), 0);
        TopologySnapshot promoted = withWriteTarget(new TopologySnapshot("main", 3, List.of(
                new NodeView("a:1", 0, NodeState.DOWN, false, false, 1, 0, -1, 0, Instant.EPOCH, null, null),
                node("b:1", 1, false, true, 0)), null, null, false, 2), 1);
        assertEquals(TopologyView.shape(one), TopologyView.shape(lagOnly));
        assertEquals("2|b:1", TopologyView.shape(promoted));
    }

    @Test
    void commitPosition() {
        CommitToken position = ExtensionValues.parsePosition("1/0/3000148");
        assertEquals(new CommitToken(0x3000148L, 1), position);
        assertWire("""
                53 00 00 00 27 73 77 69 74 63 68 62 6f 61 72 64 2e 63 6f 6d 6d 69 74 5f 6c 73 6e 00 31 2f 30 2f
                33 30 30 30 31 34 38 00""",
                new ParameterStatus("switchboard.commit_lsn", ExtensionValues.formatPosition(position)));
        assertEquals("2/16/B374D848", ExtensionValues.formatPosition(ExtensionValues.parsePosition("2/16/b374d848")));
        assertEquals("4294967295/FFFFFFFF/FFFFFFFF",
                ExtensionValues.formatPosition(ExtensionValues.parsePosition("4294967295/FFFFFFFF/FFFFFFFF")));
        for (String bad : List.of("", "1", "1/", "/0/1", "0/0/1", "4294967296/0/1", "x/0/1", "1/0", "1/0/1/2",
                "1/-0/1", "1/0/123456789", "-1/0/1", "12345678901/0/1")) {
            assertThrows(IllegalArgumentException.class, () -> ExtensionValues.parsePosition(bad), bad);
        }
    }

    @Test
    void drainAndGoAway() {
        assertWire("53 00 00 00 1c 64 69 73 63 6f 6e 6e 65 63 74 5f 72 65 71 75 65 73 74 65 64 00 6f 6e 00",
                new ParameterStatus(ClientReports.DISCONNECT_REQUESTED, "on"));
        assertWire("67 00 00 00 04", GoAway.INSTANCE);
    }

    @Test
    void reportParameters() {
        LinkedHashMap<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "app");
        parameters.put("database", "app");
        parameters.put("_pq_.report_parameters", "work_mem,statement_timeout");
        StartupMessage startup = new StartupMessage(ProtocolVersion.V3_0, parameters);
        assertWire("""
                00 00 00 51 00 03 00 00 75 73 65 72 00 61 70 70 00 64 61 74 61 62 61 73 65 00 61 70 70 00 5f 70
                71 5f 2e 72 65 70 6f 72 74 5f 70 61 72 61 6d 65 74 65 72 73 00 77 6f 72 6b 5f 6d 65 6d 2c 73 74
                61 74 65 6d 65 6e 74 5f 74 69 6d 65 6f 75 74 00 00""", startup);
        assertNull(ProtocolNegotiation.negotiate(startup.version(), new ArrayList<>(startup.protocolOptions().keySet()))
                .answerFor(startup.version()), "the core proposal's name is accepted");

        assertWire("53 00 00 00 12 77 6f 72 6b 5f 6d 65 6d 00 36 34 4d 42 00", new ParameterStatus("work_mem", "64MB"));
        ClientExtensions extensions = ClientExtensions.fromStartup(startup.protocolOptions(), Map.of());
        assertEquals("work_mem,statement_timeout", extensions.show(Extension.REPORT_PARAMETERS));
        assertWire("""
                53 00 00 00 2d 73 77 69 74 63 68 62 6f 61 72 64 2e 65 78 74 65 6e 73 69 6f 6e 73 00 72 65 70 6f
                72 74 5f 70 61 72 61 6d 65 74 65 72 73 00""",
                new ParameterStatus("switchboard.extensions", extensions.activeNames()));
    }

    @Test
    void names() {
        assertEquals(List.of("work_mem", "myapp.tenant"), ExtensionValues.parseNames(" Work_Mem , myapp.Tenant,work_mem"));
        assertEquals(List.of(), ExtensionValues.parseNames(" "));
        assertEquals("work_mem,myapp.tenant", ExtensionValues.formatNames(List.of("work_mem", "myapp.tenant")));
        for (String bad : List.of("work mem", "a;b", "a,,b", "x'", "1abc", "a.", ",a")) {
            assertThrows(IllegalArgumentException.class, () -> ExtensionValues.parseNames(bad), bad);
        }
        assertThrows(ExtensionException.class, () -> ClientExtensions.fromStartup(Map.of(),
                Map.of("switchboard.report_parameters", "a;b")));
    }

    @Test
    void switches() {
        for (String on : List.of("on", "ON", "true", "Yes", "1", " on ")) {
            assertEquals(Boolean.TRUE, ExtensionValues.parseSwitch(on), on);
        }
        for (String off : List.of("off", "False", "no", "0")) {
            assertEquals(Boolean.FALSE, ExtensionValues.parseSwitch(off), off);
        }
        for (String bad : List.of("", "maybe", "2", "o")) {
            assertNull(ExtensionValues.parseSwitch(bad), bad);
        }
    }

    private static NodeView node(String name, int index, boolean standby, boolean writeTarget, long lag) {
        return new NodeView(name, index, NodeState.UP, standby, writeTarget, 1, 0, lag, 0, Instant.EPOCH, null,
                Instant.EPOCH);
    }

    private static TopologySnapshot withWriteTarget(TopologySnapshot s, int index) {
        return new TopologySnapshot(s.cluster(), s.version(), s.nodes(), s.nodes().get(index), null, false,
                s.highestTimeline());
    }
}
