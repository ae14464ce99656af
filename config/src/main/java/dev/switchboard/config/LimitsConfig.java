// Protective limits on client and backend connections.
package dev.switchboard.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits that protect the proxy. A zero duration disables that timeout.
 *
 * @param maxMessageSize largest protocol message accepted, in bytes; default 1 GiB - 1 (PostgreSQL's own limit)
 * @param startupTimeout time a client has to complete startup and authentication; default 10s
 * @param connectTimeout time to connect and authenticate to a backend; default 5s
 * @param stallTimeout   how long a client or server of a session may go unread before it is logged and counted
 *                       as a stall; default 30s
 * @param maxQueuedNotifications notifications one transaction-mode client may have waiting (not yet written to
 *                               its socket) before it is cut off with FATAL 53200; default 10,000
 * @param drainGrace     when the proxy drains its clients (shutdown), how long they have to leave by themselves
 *                       after being asked before idle ones are closed with FATAL 57P01; default 10s
 * @param cancelRequestsPerSecond CancelRequests accepted per second from one client address (bursts of twice as
 *                                many); the rest are dropped; default 20; 0 = no limit
 */
public record LimitsConfig(int maxMessageSize, Duration startupTimeout, Duration connectTimeout, Duration stallTimeout,
                           int maxQueuedNotifications, Duration drainGrace, int cancelRequestsPerSecond) {

    public static final int DEFAULT_MAX_MESSAGE_SIZE = (1 << 30) - 1;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);
    /** Smallest accepted max_message_size: PostgreSQL itself accepts startup packets up to 10000 bytes. */
    public static final int MIN_MAX_MESSAGE_SIZE = 16 * 1024;
    public static final int DEFAULT_MAX_QUEUED_NOTIFICATIONS = 10_000;
    public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(10);
    /** A notification can be 8 KB: more than this many waiting for one client is not a buffer but a leak. */
    public static final int MAX_MAX_QUEUED_NOTIFICATIONS = 10_000_000;
    public static final int DEFAULT_CANCEL_REQUESTS_PER_SECOND = 20;

    public LimitsConfig {
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(drainGrace, "drainGrace");
        if (maxQueuedNotifications < 1) {
            throw new IllegalArgumentException("maxQueuedNotifications must be at least 1: " + maxQueuedNotifications);
        }
        if (cancelRequestsPerSecond < 0) {
            throw new IllegalArgumentException("cancelRequestsPerSecond must not be negative: " + cancelRequestsPerSecond);
        }
    }

    /** Limits with the default drain grace and cancel rate. */
    public LimitsConfig(int maxMessageSize, Duration startupTimeout, Duration connectTimeout, Duration stallTimeout,
                        int maxQueuedNotifications) {
        this(maxMessageSize, startupTimeout, connectTimeout, stallTimeout, maxQueuedNotifications, DEFAULT_DRAIN_GRACE,
                DEFAULT_CANCEL_REQUESTS_PER_SECOND);
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_STARTUP_TIMEOUT, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_STALL_TIMEOUT, DEFAULT_MAX_QUEUED_NOTIFICATIONS);
    }
}
