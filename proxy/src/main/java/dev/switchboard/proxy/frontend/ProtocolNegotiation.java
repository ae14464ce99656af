// ProtocolNegotiation: decides which protocol version the proxy speaks with a client, and what it says about it.
package dev.switchboard.proxy.frontend;

import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.NegotiateProtocolVersion;
import dev.switchboard.proxy.extensions.Extension;
import java.util.List;

/**
 * The client-side rules, as PostgreSQL 18 applies them: major 3 only; minor 0 and 2 are spoken; a higher
 * minor (the 3.9999 grease included) is answered with NegotiateProtocolVersion naming 3.2; 3.1 was never
 * used and is answered with 3.0; a {@code _pq_.switchboard.<name>} option naming one of the proxy's
 * {@link Extension}s is accepted, every other {@code _pq_.} option is listed as unsupported (the connection goes
 * on). NegotiateProtocolVersion is sent only when something was not granted.
 */
public record ProtocolNegotiation(ProtocolVersion version, List<String> unsupportedOptions, ErrorResponse refusal) {

    public static ProtocolNegotiation negotiate(ProtocolVersion requested, List<String> protocolOptions) {
        if (requested.major() != 3) {
            return new ProtocolNegotiation(null, List.of(), ErrorResponse.fatal("0A000",
                    "unsupported frontend protocol " + requested + ": server supports 3.0 to 3.2"));
        }
        ProtocolVersion spoken = requested.minor() >= 2 ? ProtocolVersion.V3_2 : ProtocolVersion.V3_0;
        List<String> unsupported = protocolOptions.stream().filter(o -> Extension.ofProtocolParameter(o) == null).toList();
        return new ProtocolNegotiation(spoken, unsupported, null);
    }

    public boolean refused() {
        return refusal != null;
    }

    /** The NegotiateProtocolVersion to send, or null when the client got everything it asked for. */
    public NegotiateProtocolVersion answerFor(ProtocolVersion requested) {
        if (refused() || (requested.equals(version) && unsupportedOptions.isEmpty())) {
            return null;
        }
        return new NegotiateProtocolVersion(version.code(), unsupportedOptions);
    }

    /** Cancel key length for the client: exactly 4 bytes on 3.0 (libpq rejects more), 32 on 3.2 as PostgreSQL 18. */
    public static int cancelKeyLength(ProtocolVersion version) {
        return version.minor() >= 2 ? 32 : 4;
    }
}
