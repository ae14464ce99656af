// NegotiateProtocolVersion: the server speaks an older minor version or lacks some _pq_ options.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * NegotiateProtocolVersion: the newest version the server speaks (full code, major<<16|minor) and the
 * {@code _pq_.} options it does not support.
 */
public record NegotiateProtocolVersion(int newestMinorVersionCode, List<String> unsupportedOptions)
        implements BackendMessage {

    /** Copies the option list. */
    public NegotiateProtocolVersion {
        unsupportedOptions = List.copyOf(unsupportedOptions);
    }

    /** Convenience constructor from a version. */
    public NegotiateProtocolVersion(ProtocolVersion version, List<String> unsupportedOptions) {
        this(version.code(), unsupportedOptions);
    }

    /** Reads version, count and option names. */
    public static NegotiateProtocolVersion decode(ByteBuf body) {
        int version = Wire.readInt(body, "NegotiateProtocolVersion");
        int n = Wire.readCount(body, 1, "NegotiateProtocolVersion");
        List<String> options = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            options.add(Wire.readCString(body, "NegotiateProtocolVersion"));
        }
        Wire.expectEnd(body, "NegotiateProtocolVersion");
        return new NegotiateProtocolVersion(version, options);
    }

    /** The offered version. */
    public ProtocolVersion version() {
        return ProtocolVersion.fromCode(newestMinorVersionCode);
    }

    @Override
    public byte type() {
        return BackendType.NEGOTIATE_PROTOCOL_VERSION;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        out.writeInt(newestMinorVersionCode).writeInt(unsupportedOptions.size());
        unsupportedOptions.forEach(o -> Wire.writeCString(out, o));
        Wire.end(out, at);
    }
}
