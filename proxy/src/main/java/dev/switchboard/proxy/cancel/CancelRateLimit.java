// CancelRateLimit: how many CancelRequests one client address may send, so nobody can flood servers with cancels.
package dev.switchboard.proxy.cancel;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per address: {@code perSecond} tokens a second, at most twice that many saved up. A cancel
 * costs PostgreSQL a new connection and a signal, and guessing keys needs many tries: both are what a limit per
 * address stops, while a client cancelling its own queries never comes near it. Buckets of addresses quiet for
 * a while are forgotten when the table grows, so it stays small.
 */
public final class CancelRateLimit {
    private static final int FORGET_ABOVE = 10_000;

    private final int perSecond;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }
    }

    /** {@code perSecond} 0 means no limit. */
    public CancelRateLimit(int perSecond) {
        this(perSecond, System::nanoTime);
    }

    CancelRateLimit(int perSecond, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
    }

    /** Whether one more cancel from {@code address} may go through now (and counts it). */
    public boolean allow(InetAddress address) {
        if (perSecond == 0 || address == null) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (buckets.size() > FORGET_ABOVE) {
            forgetFull(now);
        }
        Bucket bucket = buckets.computeIfAbsent(address, a -> new Bucket(2.0 * perSecond, now));
        synchronized (bucket) { // cancels are rare: a monitor per address, never on the query path
            refill(bucket, now);
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }

    private void refill(Bucket bucket, long now) {
        double earned = (now - bucket.refilledAt) / 1e9 * perSecond;
        bucket.tokens = Math.min(2.0 * perSecond, bucket.tokens + earned);
        bucket.refilledAt = now;
    }

    /** Addresses whose bucket has filled up again are as good as new: dropping them loses nothing. */
    private void forgetFull(long now) {
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                refill(e.getValue(), now);
                return e.getValue().tokens >= 2.0 * perSecond;
            }
        });
    }
}
