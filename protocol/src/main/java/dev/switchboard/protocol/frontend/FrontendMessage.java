// The sum type of every typed message a client sends after the startup packet.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.Encodable;

/** A frontend (client to server) message. */
public sealed interface FrontendMessage extends Encodable
        permits Bind, Close, CopyData, CopyDone, CopyFail, Describe, Execute, Flush, FunctionCall,
        GSSResponse, Parse, PasswordMessage, Query, SASLInitialResponse, SASLResponse, Sync, Terminate {

    /** The type byte, see {@link dev.switchboard.protocol.FrontendType}. */
    byte type();
}
