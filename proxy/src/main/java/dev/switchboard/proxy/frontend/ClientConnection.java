// ClientConnection: who a client connection is (id, address, startup request) — the subject of every log line about it.
package dev.switchboard.proxy.frontend;

import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.startup.StartupMessage;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicLong;

/** Identity of one client connection; {@link #toString()} is the prefix of its log lines. */
public final class ClientConnection {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Channel channel;
    private StartupMessage startup;
    private ProtocolVersion version;

    public ClientConnection(Channel channel) {
        this.channel = channel;
    }

    /** A client another process authenticated and handed over: its startup request and protocol are known. */
    public static ClientConnection resumed(Channel channel, StartupMessage startup, ProtocolVersion version) {
        ClientConnection client = new ClientConnection(channel);
        client.started(startup, version);
        return client;
    }

    public long id() {
        return id;
    }

    public Channel channel() {
        return channel;
    }

    public StartupMessage startup() {
        return startup;
    }

    public ProtocolVersion version() {
        return version;
    }

    void started(StartupMessage message, ProtocolVersion negotiated) {
        this.startup = message;
        this.version = negotiated;
    }

    public String user() {
        return startup == null ? null : startup.user();
    }

    public String database() {
        return startup == null ? null : startup.database();
    }

    @Override
    public String toString() {
        return startup == null ? "c" + id : "c" + id + " " + startup.user() + "@" + startup.database();
    }
}
