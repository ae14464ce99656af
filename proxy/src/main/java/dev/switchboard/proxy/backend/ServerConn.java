// ServerConn: one authenticated connection to a PostgreSQL node and what the proxy knows about it.
package dev.switchboard.proxy.backend;

import dev.switchboard.pooling.ServerConnection;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.ProtocolVersion;
import io.netty.channel.Channel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A server connection. Its state is touched only by its current owner (the session that leased it, or
 * the pool while it is idle); the pool's hand-over orders those accesses.
 */
public final class ServerConn implements ServerConnection {

    /** Owner while nobody leases the connection: anything it says now means it is no longer usable. */
    private static final BackendListener IDLE = new BackendListener() {
        @Override
        public void onFrame(ServerConn server, Frame frame) {
            try {
                byte type = frame.type();
                // An idle backend may report a parameter change or a notice (e.g. shutdown warnings);
                // an error (FATAL termination) makes it unusable.
                if (type == dev.switchboard.protocol.BackendType.ERROR_RESPONSE) {
                    server.markBroken("error while idle");
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void onClosed(ServerConn server, Throwable cause) {
            server.markBroken("closed while idle");
        }
    };

    private final Channel channel;
    private final String node;
    private final String name;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    /** Settings applied on this server beyond its defaults (set_config by the proxy or a client's SET). */
    private final Map<String, String> sessionSettings = new java.util.HashMap<>();
    private dev.switchboard.proxy.prepared.ServerStatementCache statements;
    private boolean listening;
    private volatile BackendListener listener = IDLE;
    private volatile boolean broken;
    private ProtocolVersion protocolVersion = ProtocolVersion.V3_2;
    private int processId;
    private byte[] cancelKey = new byte[0];

    ServerConn(Channel channel, String node, String name) {
        this.channel = channel;
        this.node = node;
        this.name = name;
    }

    public Channel channel() {
        return channel;
    }

    /** The node address, "host:port". */
    public String node() {
        return node;
    }

    /** A short name for logs, e.g. "s12@127.0.0.1:5432". */
    public String name() {
        return name;
    }

    public ProtocolVersion protocolVersion() {
        return protocolVersion;
    }

    void protocolVersion(ProtocolVersion version) {
        this.protocolVersion = version;
    }

    public int processId() {
        return processId;
    }

    public byte[] cancelKey() {
        return cancelKey.clone();
    }

    void keyData(int processId, byte[] key) {
        this.processId = processId;
        this.cancelKey = key.clone();
    }

    /** The parameters this server reported (ParameterStatus), kept current by its owner. */
    public Map<String, String> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    public void parameter(String name, String value) {
        parameters.put(name, value);
    }

    /** Settings this server carries beyond its defaults, by lower-case name; kept by its current owner. */
    public Map<String, String> sessionSettings() {
        return sessionSettings;
    }

    /** Renamed prepared statements this server holds (transaction mode), created on first use. */
    public dev.switchboard.proxy.prepared.ServerStatementCache statements(int capacity) {
        if (statements == null) {
            statements = new dev.switchboard.proxy.prepared.ServerStatementCache(capacity);
        }
        return statements;
    }

    /** True when a client ran LISTEN on this server: it needs UNLISTEN * before the next client. */
    public boolean listening() {
        return listening;
    }

    public void listening(boolean value) {
        this.listening = value;
    }

    /** DISCARD ALL ran: no settings beyond the defaults, no prepared statements, no LISTEN. */
    public void forgetSessionState() {
        sessionSettings.clear();
        if (statements != null) {
            statements.clear();
        }
        listening = false;
    }

    BackendListener listener() {
        return listener;
    }

    /**
     * Hands the connection's events to a new owner. Whatever paused reading for the last owner (a client that
     * could not keep up) does not concern the next one: it starts reading, and pauses for reasons of its own.
     */
    public void listen(BackendListener newListener) {
        this.listener = newListener;
        // Setting auto-read is an atomic exchange even when it is already on, and this runs twice per transaction.
        if (!channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    /** Gives the events back to the pool's idle handling; reading goes on, so a close or FATAL is seen. */
    public void listenIdle() {
        listen(IDLE);
    }

    /** Marks the connection as not reusable; the pool closes it instead of handing it out. */
    public void markBroken(String reason) {
        broken = true;
    }

    /** Pools hand a client the servers of its own event loop first: no thread hop per message then. */
    @Override
    public Object affinity() {
        return channel.eventLoop();
    }

    /**
     * Before reuse after a long idle spell: Sync must be answered by ReadyForQuery 'I' within a few
     * seconds. Runs while the pool holds the connection (nobody else listens to it).
     */
    @Override
    public java.util.concurrent.CompletableFuture<Boolean> healthCheck() {
        return HealthCheck.run(this);
    }

    @Override
    public boolean isUsable() {
        return !broken && channel.isActive();
    }

    @Override
    public void close() {
        broken = true;
        channel.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
