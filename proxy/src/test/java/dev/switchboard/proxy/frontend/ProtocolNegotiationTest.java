// ProtocolNegotiationTest: the version the proxy speaks with a client and when it says NegotiateProtocolVersion.
package dev.switchboard.proxy.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.backend.NegotiateProtocolVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolNegotiationTest {

    @Test
    void speaksWhatWasAskedWithoutAnswerWhenEverythingIsGranted() {
        for (ProtocolVersion v : List.of(ProtocolVersion.V3_0, ProtocolVersion.V3_2)) {
            ProtocolNegotiation n = ProtocolNegotiation.negotiate(v, List.of());
            assertEquals(v, n.version());
            assertNull(n.answerFor(v));
        }
    }

    @Test
    void greaseIsAnsweredWithThreeTwoListingTheOption() {
        ProtocolNegotiation n = ProtocolNegotiation.negotiate(ProtocolVersion.GREASE,
                List.of("_pq_.test_protocol_negotiation"));
        NegotiateProtocolVersion answer = n.answerFor(ProtocolVersion.GREASE);
        assertEquals(ProtocolVersion.V3_2.code(), answer.newestMinorVersionCode());
        assertEquals(List.of("_pq_.test_protocol_negotiation"), answer.unsupportedOptions());
    }

    @Test
    void unknownOptionsAreListedEvenAtASupportedVersion() {
        ProtocolNegotiation n = ProtocolNegotiation.negotiate(ProtocolVersion.V3_0, List.of("_pq_.x"));
        NegotiateProtocolVersion answer = n.answerFor(ProtocolVersion.V3_0);
        assertEquals(ProtocolVersion.V3_0.code(), answer.newestMinorVersionCode());
        assertEquals(List.of("_pq_.x"), answer.unsupportedOptions());
    }

    @Test
    void threeOneIsNeverSpoken() {
        ProtocolVersion v31 = new ProtocolVersion(3, 1);
        ProtocolNegotiation n = ProtocolNegotiation.negotiate(v31, List.of());
        assertEquals(ProtocolVersion.V3_0, n.version());
        assertEquals(ProtocolVersion.V3_0.code(), n.answerFor(v31).newestMinorVersionCode());
    }

    @Test
    void anotherMajorIsRefusedWith0A000() {
        ProtocolNegotiation n = ProtocolNegotiation.negotiate(new ProtocolVersion(4, 0), List.of());
        assertTrue(n.refused());
        assertEquals("0A000", n.refusal().sqlState());
        assertEquals("unsupported frontend protocol 4.0: server supports 3.0 to 3.2", n.refusal().message());
        assertFalse(ProtocolNegotiation.negotiate(ProtocolVersion.V3_2, List.of()).refused());
    }

    @Test
    void cancelKeysAreFourBytesOnThreeZeroAndThirtyTwoOnThreeTwo() {
        assertEquals(4, ProtocolNegotiation.cancelKeyLength(ProtocolVersion.V3_0));
        assertEquals(32, ProtocolNegotiation.cancelKeyLength(ProtocolVersion.V3_2));
    }
}
