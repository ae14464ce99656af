// Validation of a Bind body and the offsets of its parts, so Bind can read them without re-parsing.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** Offsets (relative to the body's reader index) of a validated Bind body's parts. */
record BindLayout(int statementAt, int formatsAt, int paramsAt, int resultsAt) {

    /** Checks every count and length against the body; a mismatch is a ProtocolException. */
    static BindLayout of(ByteBuf body) {
        ByteBuf b = body.duplicate();
        int start = b.readerIndex();
        Wire.readCString(b, "Bind");
        int statementAt = b.readerIndex() - start;
        Wire.readCString(b, "Bind");
        int formatsAt = b.readerIndex() - start;
        int nFormats = Wire.readShortCount(b, 2, "Bind");
        b.skipBytes(2 * nFormats);
        int paramsAt = b.readerIndex() - start;
        int nParams = Wire.readShortCount(b, 4, "Bind");
        for (int i = 0; i < nParams; i++) {
            int len = Wire.readInt(b, "Bind");
            if (len < -1) {
                throw ProtocolException.violation("invalid Bind message: parameter " + i + " length " + len);
            }
            Wire.need(b, Math.max(len, 0), "Bind");
            b.skipBytes(Math.max(len, 0));
        }
        int resultsAt = b.readerIndex() - start;
        int nResults = Wire.readShortCount(b, 2, "Bind");
        b.skipBytes(2 * nResults);
        Wire.expectEnd(b, "Bind");
        return new BindLayout(statementAt, formatsAt, paramsAt, resultsAt);
    }
}
