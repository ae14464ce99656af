// MovedServer: what an idle server connection handed to a successor process carries besides its socket.
package dev.switchboard.proxy.handoff;

import dev.switchboard.protocol.ProtocolVersion;
import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An idle, authenticated connection to PostgreSQL, as its pool in the successor needs it: which pool (node, virtual
 * database, backend user, and whether it is a session-mode pool), the protocol version and BackendKeyData the server
 * gave, the parameters it reported, the settings the proxy applied on it, and the prepared statements it holds
 * under the proxy's names (the statement's client name field carries the server name here).
 */
public record MovedServer(String node, String database, String user, boolean sessionPool, ProtocolVersion version,
                          int processId, byte[] cancelKey, Map<String, String> parameters,
                          Map<String, String> sessionSettings, List<MovedClient.Statement> statements) {

    /** The state of {@code server}, of the pool {@code key}, as a successor needs it. */
    public static MovedServer of(dev.switchboard.proxy.backend.ServerConn server, dev.switchboard.pooling.PoolKey key,
                                 boolean sessionPool) {
        List<MovedClient.Statement> statements = new java.util.ArrayList<>();
        server.statements(dev.switchboard.proxy.prepared.ServerStatementCache.DEFAULT_CAPACITY).forEach(st ->
                statements.add(new MovedClient.Statement(st.serverName(), st.key().query(), st.key().parameterTypes(),
                        st.key().searchPath())));
        return new MovedServer(key.node(), key.database(), key.user(), sessionPool, server.protocolVersion(),
                server.processId(), server.cancelKey(), server.parameters(), server.sessionSettings(), statements);
    }

    public void encode(ByteBuf out) {
        StateCodec.writeString(out, node);
        StateCodec.writeString(out, database);
        StateCodec.writeString(out, user);
        out.writeBoolean(sessionPool);
        out.writeInt(version.code());
        out.writeInt(processId);
        out.writeShort(cancelKey.length);
        out.writeBytes(cancelKey);
        StateCodec.writeMap(out, parameters);
        StateCodec.writeMap(out, sessionSettings);
        StateCodec.writeStatements(out, statements);
    }

    /** Reads a record written by {@link #encode}; a malformed one throws {@link HandoffException}. */
    public static MovedServer decode(ByteBuf in) {
        try {
            String node = StateCodec.readString(in);
            String database = StateCodec.readString(in);
            String user = StateCodec.readString(in);
            boolean sessionPool = in.readBoolean();
            ProtocolVersion version = ProtocolVersion.fromCode(in.readInt());
            int processId = in.readInt();
            byte[] cancelKey = StateCodec.readKey(in, "BackendKeyData key");
            LinkedHashMap<String, String> parameters = StateCodec.readMap(in);
            LinkedHashMap<String, String> settings = StateCodec.readMap(in);
            List<MovedClient.Statement> statements = StateCodec.readStatements(in);
            StateCodec.expectEnd(in, "the server's state");
            return new MovedServer(node, database, user, sessionPool, version, processId, cancelKey, parameters,
                    settings, statements);
        } catch (IndexOutOfBoundsException e) {
            throw new HandoffException("the server's state ends early");
        }
    }
}
