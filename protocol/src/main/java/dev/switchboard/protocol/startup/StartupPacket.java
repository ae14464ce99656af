// The untyped packets a client may send before the typed v3 stream begins.
package dev.switchboard.protocol.startup;

import dev.switchboard.protocol.Encodable;

/** A pre-startup packet (Int32 length, Int32 code, body), as emitted by {@link StartupDecoder}. */
public sealed interface StartupPacket extends Encodable
        permits SslRequest, GssEncRequest, CancelRequest, StartupMessage {
}
