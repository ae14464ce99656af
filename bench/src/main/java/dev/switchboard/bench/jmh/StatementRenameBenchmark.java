// StatementRenameBenchmark: the cost of transaction-mode prepared-statement renaming per Parse/Bind.
package dev.switchboard.bench.jmh;

import dev.switchboard.protocol.frontend.Bind;
import dev.switchboard.proxy.prepared.ServerStatement;
import dev.switchboard.proxy.prepared.ServerStatementCache;
import dev.switchboard.proxy.prepared.StatementKey;
import dev.switchboard.proxy.prepared.StatementRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two halves of renaming (StatementRouting itself is package-private in the proxy):
 * <ul>
 *   <li>{@link #rewriteBind}: parse a client Bind naming {@code S_1} and re-encode it naming the
 *       server-side statement, as pgJDBC's prepared selects are forwarded;</li>
 *   <li>{@link #internAndCacheHit}: a Parse's key (query + parameter types) interned in the process-wide
 *       registry, then looked up and touched in the server's LRU cache — the steady state;</li>
 *   <li>{@link #internAndCacheChurn}: the same over more distinct statements than the cache holds, so
 *       every lookup misses and evicts.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StatementRenameBenchmark {

    private static final int QUERIES = 64;
    private static final int[] INT4 = {23};

    private ByteBuf bindBody;
    private String serverName;
    private StatementRegistry registry;
    private ServerStatementCache hitCache;
    private ServerStatementCache churnCache;
    private String[] queries;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        ByteBuf whole = Unpooled.directBuffer();
        Bind.write(whole, "", "S_1", new short[] {1}, List.of(new byte[] {0, 0, 0, 42}), new short[] {1});
        bindBody = whole.slice(5, whole.readableBytes() - 5);
        registry = new StatementRegistry(10_000);
        queries = new String[QUERIES];
        hitCache = new ServerStatementCache(ServerStatementCache.DEFAULT_CAPACITY);
        churnCache = new ServerStatementCache(QUERIES / 2);
        for (int i = 0; i < QUERIES; i++) {
            queries[i] = "SELECT abalance FROM pgbench_accounts WHERE aid = $1 /* q" + i + " */";
            hitCache.add(registry.intern(new StatementKey(queries[i], INT4)), Set.of());
        }
        serverName = registry.intern(new StatementKey(queries[0], INT4)).serverName();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bindBody.release();
    }

    @Benchmark
    public int rewriteBind() {
        Bind bind = Bind.decode(bindBody);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        try {
            bind.encodeWithStatement(out, serverName);
            return out.readableBytes() + bind.statement().length();
        } finally {
            out.release();
            bind.release();
        }
    }

    @Benchmark
    public ServerStatement internAndCacheHit() {
        ServerStatement s = registry.intern(new StatementKey(nextQuery(), INT4));
        if (hitCache.contains(s)) {
            hitCache.touch(s);
        } else {
            hitCache.add(s, Set.of());
        }
        return s;
    }

    @Benchmark
    public int internAndCacheChurn() {
        ServerStatement s = registry.intern(new StatementKey(nextQuery(), INT4));
        return churnCache.contains(s) ? 0 : churnCache.add(s, Set.of()).size();
    }

    private String nextQuery() {
        next = (next + 1) & (QUERIES - 1);
        // A fresh String, as a decoded Parse yields: the key must hash the text, not reuse a cached hash.
        return new String(queries[next].getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
