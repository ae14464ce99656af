// StartupMessage: the requested protocol version and the session's startup parameters.
package dev.switchboard.protocol.startup;

import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * StartupMessage: protocol version plus name/value parameters in wire order. Replies: authentication
 * requests, NegotiateProtocolVersion, ErrorResponse.
 */
public record StartupMessage(ProtocolVersion version, LinkedHashMap<String, String> parameters)
        implements StartupPacket {

    /** Parameter names starting with this are protocol extensions, not GUCs. */
    public static final String PROTOCOL_OPTION_PREFIX = dev.switchboard.protocol.ProtocolOptions.PREFIX;

    /** Takes a copy of {@code parameters}. */
    public StartupMessage {
        parameters = new LinkedHashMap<>(parameters);
    }

    /** The {@code user} parameter, or null when absent. */
    public String user() {
        return parameters.get("user");
    }

    /** The {@code database} parameter; like the server, the user name when absent or empty. */
    public String database() {
        String db = parameters.get("database");
        return db == null || db.isEmpty() ? user() : db;
    }

    /** The {@code _pq_.} protocol options, names included, in wire order. */
    public Map<String, String> protocolOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            if (k.startsWith(PROTOCOL_OPTION_PREFIX)) {
                m.put(k, v);
            }
        });
        return Collections.unmodifiableMap(m);
    }

    /** All other parameters except {@code user} and {@code database}, in wire order. */
    public Map<String, String> options() {
        Map<String, String> m = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            if (!k.startsWith(PROTOCOL_OPTION_PREFIX) && !k.equals("user") && !k.equals("database")) {
                m.put(k, v);
            }
        });
        return Collections.unmodifiableMap(m);
    }

    /** The same parameters under another version (the backend leg may ask for less than the client). */
    public StartupMessage withVersion(ProtocolVersion newVersion) {
        return new StartupMessage(newVersion, parameters);
    }

    /** A copy with {@code name} set (replaced in place, or appended). */
    public StartupMessage withParameter(String name, String value) {
        LinkedHashMap<String, String> p = new LinkedHashMap<>(parameters);
        p.put(name, value);
        return new StartupMessage(version, p);
    }

    /** A copy without the {@code _pq_.} options, which are negotiated per leg and never forwarded. */
    public StartupMessage withoutProtocolOptions() {
        LinkedHashMap<String, String> p = new LinkedHashMap<>(parameters);
        p.keySet().removeIf(k -> k.startsWith(PROTOCOL_OPTION_PREFIX));
        return new StartupMessage(version, p);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(0).writeInt(version.code());
        parameters.forEach((k, v) -> {
            Wire.writeCString(out, k);
            Wire.writeCString(out, v);
        });
        out.writeByte(0);
        out.setInt(start, out.writerIndex() - start);
    }

    @Override
    public String toString() {
        // Values are logged as sent; a password never travels in a StartupMessage.
        return "StartupMessage[version=" + version + ", parameters=" + parameters + "]";
    }
}
