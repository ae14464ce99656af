// FrameDecoderFuzzTest: any bytes a client or server sends are framed or refused with a protocol error, never anything else.
package dev.switchboard.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameLimits;
import dev.switchboard.protocol.ProtocolException;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;

/**
 * The input is cut into the pieces the network might deliver (its first byte says how big), so partial headers,
 * streamed messages and lengths across reads are all reached. Refusals are {@link ProtocolException}s; a
 * different exception, or a buffer left unreleased, is a finding.
 */
class FrameDecoderFuzzTest {

    @FuzzTest(maxDuration = "40m", maxExecutions = 10_000_000)
    void clientBytes(byte[] input) {
        feed(new FrameDecoder(FrameLimits.frontendDefaults(64 * 1024)), input);
    }

    @FuzzTest(maxDuration = "40m", maxExecutions = 10_000_000)
    void serverBytes(byte[] input) {
        feed(new FrameDecoder(FrameLimits.backendDefaults(64 * 1024)), input);
    }

    static void feed(io.netty.channel.ChannelHandler decoder, byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        try {
            int piece = input.length == 0 ? 1 : 1 + (input[0] & 0x3f);
            for (int at = 0; at < input.length && channel.isOpen(); at += piece) {
                int length = Math.min(piece, input.length - at);
                try {
                    channel.writeInbound(Unpooled.wrappedBuffer(input, at, length));
                } catch (DecoderException e) {
                    if (!(e.getCause() instanceof ProtocolException) && !(e instanceof ProtocolException)) {
                        throw e;
                    }
                    break; // refused: the connection would be closed here
                }
                Object out;
                while ((out = channel.readInbound()) != null) {
                    ReferenceCountUtil.release(out);
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
