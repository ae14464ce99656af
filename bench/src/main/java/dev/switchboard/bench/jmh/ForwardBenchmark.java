// ForwardBenchmark: decode server frames and write them, uncopied, to the client channel.
package dev.switchboard.bench.jmh;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameLimits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The proxy's server-to-client path without sockets: frames decoded on the "server" channel are written
 * as the same buffers to the "client" channel (flushed once per read, as the link does on
 * channelReadComplete), whose outbound queue is then drained and released. One operation = one whole
 * reply of {@code rows} DataRows + CommandComplete + ReadyForQuery: {@code rows = 1} is a pgbench -S reply.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ForwardBenchmark {

    @Param({"1", "1000"})
    public int rows;

    private ByteBuf stream;
    private EmbeddedChannel client;
    private EmbeddedChannel server;

    @Setup(Level.Trial)
    public void setUp() {
        stream = Frames.resultSet(rows);
        client = new EmbeddedChannel();
        server = new EmbeddedChannel(new FrameDecoder(FrameLimits.backendDefaults(1 << 20)),
                new SimpleChannelInboundHandler<Frame>(false) {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
                        // Ownership of the frame's content passes to the client channel's write.
                        client.write(frame.content(), client.voidPromise());
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                        client.flush();
                    }
                });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
        stream.release();
    }

    @Benchmark
    public int forward() {
        server.writeInbound(stream.retainedDuplicate());
        int frames = 0;
        Object out;
        while ((out = client.readOutbound()) != null) {
            ReferenceCountUtil.release(out);
            frames++;
        }
        return frames;
    }
}
