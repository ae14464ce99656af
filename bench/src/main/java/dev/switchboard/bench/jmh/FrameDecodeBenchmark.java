// FrameDecodeBenchmark: how fast FrameDecoder splits a server's result stream into frames.
package dev.switchboard.bench.jmh;

import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameLimits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One operation = one frame: a read of {@value #ROWS} DataRows plus CommandComplete and ReadyForQuery is
 * pushed through a FrameDecoder in an EmbeddedChannel, and every frame (a retained slice) is released.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameDecodeBenchmark {

    static final int ROWS = 1000;
    static final int FRAMES = ROWS + 2;

    private ByteBuf stream;
    private EmbeddedChannel channel;

    @Setup(Level.Trial)
    public void setUp() {
        stream = Frames.resultSet(ROWS);
        channel = new EmbeddedChannel(new FrameDecoder(FrameLimits.backendDefaults(1 << 20)));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
        stream.release();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decodeResultSet(Blackhole bh) {
        channel.writeInbound(stream.retainedDuplicate());
        Object frame;
        while ((frame = channel.readInbound()) != null) {
            bh.consume(frame);
            ReferenceCountUtil.release(frame);
        }
    }
}
