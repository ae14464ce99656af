// OpenFailures: a thread-safe tally of why idle-client connections failed, for one readable error.
package dev.switchboard.bench.load;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Counts failures per distinct reason, so 10,000 identical errors read as one line with a count. */
final class OpenFailures {

    private static final int MAX_REASONS_SHOWN = 5;

    private final Map<String, AtomicInteger> byReason = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    void add(Throwable cause) {
        String reason = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        byReason.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
        total.increment();
    }

    long total() {
        return total.sum();
    }

    /** E.g. {@code 3 failed: 2 × ConnectException: Connection refused; 1 × ...}. */
    String summary() {
        return total() + " failed: " + byReason.entrySet().stream()
                .sorted((a, b) -> b.getValue().get() - a.getValue().get())
                .limit(MAX_REASONS_SHOWN)
                .map(e -> e.getValue().get() + " × " + e.getKey())
                .collect(Collectors.joining("; "))
                + (byReason.size() > MAX_REASONS_SHOWN ? "; ..." : "");
    }
}
