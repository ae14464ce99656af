// MovedClient: what a client handed to a successor process carries besides its socket.
package dev.switchboard.proxy.handoff;

import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.startup.StartupMessage;
import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An authenticated client between transactions, as the successor needs it to go on without the client noticing:
 * the startup request it logged in with (user, database, startup settings, protocol options), the protocol version
 * agreed, the cancel key it was given, the settings it has now (its SETs included) and its named prepared
 * statements. Moved only when nothing is buffered for or from it, so no bytes travel here.
 *
 * @param settings   the client's settings now, by lower-case name
 * @param statements the client's named prepared statements (the successor prepares them where they are used)
 */
public record MovedClient(StartupMessage startup, ProtocolVersion version, int cancelProcessId, byte[] cancelSecret,
                          Map<String, String> settings, List<Statement> statements) {

    /** A named prepared statement: the client's name, and what it was prepared from. */
    public record Statement(String name, String query, int[] parameterTypes, String searchPath) {
    }

    /** A client without prepared statements. */
    public MovedClient(StartupMessage startup, ProtocolVersion version, int cancelProcessId, byte[] cancelSecret,
                       Map<String, String> settings) {
        this(startup, version, cancelProcessId, cancelSecret, settings, List.of());
    }

    public void encode(ByteBuf out) {
        out.writeInt(startup.version().code());
        StateCodec.writeMap(out, startup.parameters());
        out.writeInt(version.code());
        out.writeInt(cancelProcessId);
        out.writeShort(cancelSecret.length);
        out.writeBytes(cancelSecret);
        StateCodec.writeMap(out, settings);
        StateCodec.writeStatements(out, statements);
    }

    /** Reads a record written by {@link #encode}; a malformed one throws {@link HandoffException}. */
    public static MovedClient decode(ByteBuf in) {
        try {
            ProtocolVersion asked = ProtocolVersion.fromCode(in.readInt());
            LinkedHashMap<String, String> parameters = StateCodec.readMap(in);
            ProtocolVersion agreed = ProtocolVersion.fromCode(in.readInt());
            int processId = in.readInt();
            byte[] secret = StateCodec.readKey(in, "cancel key");
            if (secret.length < 4) {
                throw new HandoffException("a cancel key of " + secret.length + " bytes");
            }
            LinkedHashMap<String, String> settings = StateCodec.readMap(in);
            List<Statement> statements = StateCodec.readStatements(in);
            StateCodec.expectEnd(in, "the client's state");
            if (!parameters.containsKey("user")) {
                throw new HandoffException("a client without a user");
            }
            return new MovedClient(new StartupMessage(asked, parameters), agreed, processId, secret, settings,
                    statements);
        } catch (IndexOutOfBoundsException e) {
            throw new HandoffException("the client's state ends early");
        } catch (IllegalArgumentException e) {
            throw new HandoffException(e.getMessage());
        }
    }
}
