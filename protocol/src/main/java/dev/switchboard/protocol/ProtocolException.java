// The error raised for a protocol violation, carrying the SQLSTATE the peer should be told.
package dev.switchboard.protocol;

import io.netty.handler.codec.DecoderException;

/**
 * A violation of the wire protocol by the peer. The message is written to be shown to a client in an
 * ErrorResponse; {@link #sqlState()} is the SQLSTATE to send with it (08P01 unless stated).
 */
public final class ProtocolException extends DecoderException {

    /** SQLSTATE protocol_violation. */
    public static final String PROTOCOL_VIOLATION = "08P01";

    private final String sqlState;

    /** A violation with an explicit SQLSTATE. */
    public ProtocolException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    /** A violation with SQLSTATE 08P01. */
    public static ProtocolException violation(String message) {
        return new ProtocolException(PROTOCOL_VIOLATION, message);
    }

    /** The SQLSTATE to report. */
    public String sqlState() {
        return sqlState;
    }
}
