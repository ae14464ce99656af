// ClassifyBenchmark: SqlClassifier on the statements a transaction-mode proxy sees most.
package dev.switchboard.bench.jmh;

import dev.switchboard.proxy.sql.Classification;
import dev.switchboard.proxy.sql.SqlClassifier;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** One operation = one classify call on the statement named by {@link #statement}. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClassifyBenchmark {

    @Param({"select", "update", "begin", "set", "advisory", "multi"})
    public String statement;

    private String sql;

    @org.openjdk.jmh.annotations.Setup
    public void setUp() {
        sql = switch (statement) {
            case "select" -> "SELECT abalance FROM pgbench_accounts WHERE aid = $1";
            case "update" -> "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2";
            case "begin" -> "BEGIN";
            case "set" -> "SET search_path TO app, public";
            case "advisory" -> "SELECT pg_advisory_lock(42)";
            case "multi" -> "BEGIN; UPDATE pgbench_tellers SET tbalance = tbalance + 1 WHERE tid = 3; COMMIT";
            default -> throw new IllegalArgumentException("unknown statement " + statement);
        };
    }

    @Benchmark
    public Classification classify() {
        return SqlClassifier.classify(sql);
    }
}
