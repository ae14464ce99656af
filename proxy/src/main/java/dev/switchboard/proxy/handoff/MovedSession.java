// MovedSession: a session-mode client handed to a successor together with the server connection its session holds.
package dev.switchboard.proxy.handoff;

import io.netty.buffer.ByteBuf;

/**
 * A session-mode client at rest and its server: the server keeps what the session built on it (settings, prepared
 * statements, LISTEN registrations, temporary tables), so the two move as one and the successor serves the client
 * on the very same PostgreSQL backend. Encoded as Int32 length and the client's state, then the server's state.
 */
public record MovedSession(MovedClient client, MovedServer server) {

    public void encode(ByteBuf out) {
        int lengthAt = out.writerIndex();
        out.writeInt(0);
        client.encode(out);
        out.setInt(lengthAt, out.writerIndex() - lengthAt - 4);
        server.encode(out);
    }

    /** Reads a record written by {@link #encode}; a malformed one throws {@link HandoffException}. */
    public static MovedSession decode(ByteBuf in) {
        try {
            int clientLength = in.readInt();
            if (clientLength < 0 || clientLength > in.readableBytes()) {
                throw new HandoffException("a session whose client state claims " + clientLength + " bytes");
            }
            MovedClient client = MovedClient.decode(in.readSlice(clientLength));
            return new MovedSession(client, MovedServer.decode(in));
        } catch (IndexOutOfBoundsException e) {
            throw new HandoffException("the session's state ends early");
        }
    }
}
