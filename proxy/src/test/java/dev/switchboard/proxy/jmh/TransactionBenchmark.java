// TransactionBenchmark: one whole pgbench -S transaction through the transaction-mode link, without sockets.
package dev.switchboard.proxy.jmh;

import dev.switchboard.protocol.Encodable;
import dev.switchboard.protocol.backend.BindComplete;
import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.backend.DataRow;
import dev.switchboard.protocol.backend.ParseComplete;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.protocol.backend.RowDescription;
import dev.switchboard.protocol.frontend.Bind;
import dev.switchboard.protocol.frontend.Describe;
import dev.switchboard.protocol.frontend.Execute;
import dev.switchboard.protocol.frontend.Parse;
import dev.switchboard.protocol.frontend.Query;
import dev.switchboard.protocol.frontend.Sync;
import dev.switchboard.proxy.Conversation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * The proxy's whole work for one transaction, as the flow tests drive it: the client's request is framed and
 * routed (a server is leased from the pool), the server's copy is taken off its channel, the server's reply
 * is framed and matched to the request, ReadyForQuery gives the server back, and the client's copy is taken
 * off its channel. One operation = one transaction of {@code pgbench -S} in the {@code protocol} it names.
 * Sockets are left out: what is measured is the proxy's own code and its allocations ({@code -prof gc}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Djmh.executor=CUSTOM",
    "-Djmh.executor.class=dev.switchboard.proxy.jmh.FastThreadExecutor"})
public class TransactionBenchmark {

    private static final String SQL = "SELECT abalance FROM pgbench_accounts WHERE aid = $1;";

    @Param({"simple", "extended"})
    public String protocol;

    private Conversation conversation;
    private EmbeddedChannel client;
    private EmbeddedChannel server;
    private ByteBuf request;
    private ByteBuf reply;

    @Setup(Level.Trial)
    public void setUp() {
        conversation = Conversation.transactionMode(20);
        client = conversation.clientChannel();
        boolean simple = protocol.equals("simple");
        request = simple
                ? encode(new Query(SQL.replace("$1", "42")))
                : encode(new Parse("", SQL, new int[0]),
                        out -> Bind.write(out, "", "", new short[0],
                                List.of("42".getBytes(StandardCharsets.US_ASCII)), new short[0]),
                        new Describe(Describe.PORTAL, ""), new Execute("", 0), Sync.INSTANCE);
        Encodable[] answer = {new RowDescription(List.of(RowDescription.Field.text("abalance", 23))),
            Conversation.row("0"), new CommandComplete("SELECT 1"), ReadyForQuery.IDLE};
        reply = simple ? encode(answer) : encode(ParseComplete.INSTANCE, BindComplete.INSTANCE, answer[0], answer[1],
                answer[2], answer[3]);
        // The first transaction opens the pool's server; every later one leases it again.
        client.writeInbound(request.retainedDuplicate());
        conversation.settle();
        server = conversation.serverChannel(0);
        transaction();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        request.release();
        reply.release();
        conversation.close();
    }

    /** Returns the messages that left the proxy (the server's and the client's), so nothing is optimised away. */
    @Benchmark
    public int transaction() {
        client.writeInbound(request.retainedDuplicate());
        int out = drain(server);
        server.writeInbound(reply.retainedDuplicate());
        return out + drain(client);
    }

    private static int drain(EmbeddedChannel channel) {
        int n = 0;
        for (Object msg; (msg = channel.readOutbound()) != null; n++) {
            ReferenceCountUtil.release(msg);
        }
        return n;
    }

    private static ByteBuf encode(Encodable... messages) {
        // Direct and pooled, as a socket read would be.
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
        for (Encodable m : messages) {
            m.encode(out);
        }
        return out;
    }
}
