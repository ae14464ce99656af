// MovedClient: what a client handed to a successor process carries besides its socket.
package dev.switchboard.proxy.handoff;

import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.startup.StartupMessage;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    /** Longest string accepted when reading a record. */
    private static final int MAX_STRING = 16 * 1024 * 1024; // a prepared statement's text may be long
    private static final int MAX_ENTRIES = 4096;
    /** More than any client keeps: a state claiming more is garbage. */
    private static final int MAX_STATEMENTS = 1_000_000;

    public void encode(ByteBuf out) {
        out.writeInt(startup.version().code());
        writeMap(out, startup.parameters());
        out.writeInt(version.code());
        out.writeInt(cancelProcessId);
        out.writeShort(cancelSecret.length);
        out.writeBytes(cancelSecret);
        writeMap(out, settings);
        out.writeInt(statements.size());
        for (Statement statement : statements) {
            writeString(out, statement.name());
            writeString(out, statement.query());
            out.writeShort(statement.parameterTypes().length);
            for (int type : statement.parameterTypes()) {
                out.writeInt(type);
            }
            out.writeBoolean(statement.searchPath() != null);
            if (statement.searchPath() != null) {
                writeString(out, statement.searchPath());
            }
        }
    }

    /** Reads a record written by {@link #encode}; a malformed one throws {@link HandoffException}. */
    public static MovedClient decode(ByteBuf in) {
        try {
            ProtocolVersion asked = ProtocolVersion.fromCode(in.readInt());
            LinkedHashMap<String, String> parameters = readMap(in);
            ProtocolVersion agreed = ProtocolVersion.fromCode(in.readInt());
            int processId = in.readInt();
            int secretLength = in.readUnsignedShort();
            if (secretLength < 4 || secretLength > 256) {
                throw new HandoffException("a cancel key of " + secretLength + " bytes");
            }
            byte[] secret = new byte[secretLength];
            in.readBytes(secret);
            LinkedHashMap<String, String> settings = readMap(in);
            List<Statement> statements = readStatements(in);
            if (in.isReadable()) {
                throw new HandoffException(in.readableBytes() + " bytes after the client's state");
            }
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

    private static List<Statement> readStatements(ByteBuf in) {
        int count = in.readInt();
        if (count < 0 || count > MAX_STATEMENTS) {
            throw new HandoffException(count + " prepared statements");
        }
        List<Statement> statements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = readString(in);
            String query = readString(in);
            int[] types = new int[in.readUnsignedShort()];
            for (int t = 0; t < types.length; t++) {
                types[t] = in.readInt();
            }
            String searchPath = in.readBoolean() ? readString(in) : null;
            if (name.isEmpty()) {
                throw new HandoffException("a prepared statement without a name");
            }
            statements.add(new Statement(name, query, types, searchPath));
        }
        return statements;
    }

    private static void writeMap(ByteBuf out, Map<String, String> map) {
        out.writeInt(map.size());
        map.forEach((name, value) -> {
            writeString(out, name);
            writeString(out, value);
        });
    }

    private static LinkedHashMap<String, String> readMap(ByteBuf in) {
        int size = in.readInt();
        if (size < 0 || size > MAX_ENTRIES) {
            throw new HandoffException("a map of " + size + " entries");
        }
        LinkedHashMap<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    private static void writeString(ByteBuf out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.writeBytes(bytes);
    }

    private static String readString(ByteBuf in) {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING || length > in.readableBytes()) {
            throw new HandoffException("a string of " + length + " bytes");
        }
        String s = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return s;
    }
}
