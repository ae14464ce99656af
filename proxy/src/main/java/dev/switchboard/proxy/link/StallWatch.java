// StallWatch: finds client↔server links whose reads have been off for too long, logs each once and counts it.
package dev.switchboard.proxy.link;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request that cannot be sent because the client is not read, or a reply that cannot be forwarded
 * because the server is not read, should never wait unseen. Every link registers here while it lives;
 * a periodic check reads the pause times its {@link Backpressure} publishes (no locks, no hop per link) and,
 * for a pause older than the bound, asks the link on its own event loop to describe itself (connections,
 * lease state, replies it expects) for one log line. Each pause is reported once; the metric
 * {@code switchboard.stalls{side}} counts them.
 */
public final class StallWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StallWatch.class);

    /** A link as the watch sees it. */
    public interface Watched {
        Backpressure backpressure();

        /** The event loop the link's state is confined to. */
        EventLoop loop();

        /** Connection ids, lease state and the replies expected, for the log; called on {@link #loop()}. */
        String describe();
    }

    /** The pause times of a link already reported, so that each pause is logged once (touched by the check only). */
    private static final class Reported {
        long client;
        long server;
    }

    private final long boundNanos;
    private final Map<Watched, Reported> links = new ConcurrentHashMap<>();
    private final Counter clientStalls;
    private final Counter serverStalls;
    private final ScheduledFuture<?> check;

    /** A zero bound disables the watch (links may still register; nothing is checked). */
    public StallWatch(Duration bound, MeterRegistry meters, EventLoopGroup loops) {
        this.boundNanos = bound.toNanos();
        this.clientStalls = Counter.builder("switchboard.stalls").tag("side", "client")
                .description("client requests held back (client not read) longer than limits.stall_timeout")
                .register(meters);
        this.serverStalls = Counter.builder("switchboard.stalls").tag("side", "server")
                .description("server replies held back (server not read) longer than limits.stall_timeout")
                .register(meters);
        if (boundNanos > 0) {
            long period = Math.max(50, Math.min(5_000, bound.toMillis() / 4));
            check = loops.next().scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
        } else {
            check = null;
        }
    }

    public void register(Watched link) {
        links.put(link, new Reported());
    }

    public void unregister(Watched link) {
        links.remove(link);
    }

    void check() {
        long now = System.nanoTime();
        for (Map.Entry<Watched, Reported> e : links.entrySet()) {
            Backpressure pressure = e.getKey().backpressure();
            Reported reported = e.getValue();
            long client = pressure.clientPausedAt();
            if (client != 0 && client != reported.client && now - client > boundNanos) {
                reported.client = client;
                clientStalls.increment();
                report(e.getKey(), "client requests held back (the client is not read)", now - client);
            }
            long server = pressure.serverPausedAt();
            if (server != 0 && server != reported.server && now - server > boundNanos) {
                reported.server = server;
                serverStalls.increment();
                report(e.getKey(), "server replies held back (the server is not read)", now - server);
            }
        }
    }

    private static void report(Watched link, String what, long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        link.loop().execute(() -> log.warn("stall: {} for {} ms: {}", what, millis, link.describe()));
    }

    @Override
    public void close() {
        if (check != null) {
            check.cancel(false);
        }
    }
}
