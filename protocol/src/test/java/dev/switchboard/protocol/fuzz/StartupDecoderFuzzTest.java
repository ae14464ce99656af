// StartupDecoderFuzzTest: the first bytes of a connection (startup, SSL, GSS, cancel, or a TLS handshake) are decoded or refused.
package dev.switchboard.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.protocol.startup.StartupDecoder;

/** Before authentication anyone may send anything: only {@code ProtocolException} may come of it. */
class StartupDecoderFuzzTest {

    @FuzzTest(maxDuration = "40m", maxExecutions = 10_000_000)
    void firstBytes(byte[] input) {
        FrameDecoderFuzzTest.feed(new StartupDecoder(), input);
    }
}
