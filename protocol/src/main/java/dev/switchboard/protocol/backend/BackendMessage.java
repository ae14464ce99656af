// The sum type of every message a PostgreSQL server sends after the startup packet.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.Encodable;

/** A backend (server to client) message. */
public sealed interface BackendMessage extends Encodable
        permits Authentication, BackendKeyData, BindComplete, CloseComplete, CommandComplete, CopyData,
        CopyDone, CopyInResponse, CopyOutResponse, CopyBothResponse, DataRow, EmptyQueryResponse,
        ErrorResponse, FunctionCallResponse, GoAway, NegotiateProtocolVersion, NoData, NoticeResponse,
        NotificationResponse, ParameterDescription, ParameterStatus, ParseComplete, PortalSuspended,
        ReadyForQuery, RowDescription {

    /** The type byte, see {@link dev.switchboard.protocol.BackendType}. */
    byte type();
}
