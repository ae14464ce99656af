// HandoffRecords: the records of the handoff socket — hello, listener, client, end.
package dev.switchboard.proxy.handoff;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Every record is an Int32 length (of what follows), a kind byte and its body. The successor opens two
 * connections: one carries records in both directions, the other only sockets (SCM_RIGHTS), one per LISTENER,
 * CLIENT and SERVER record and two per SESSION record (the client's, then its server's), in the same order. See {@code docs/handoff.md}.
 */
final class HandoffRecords {
    /** Raised whenever the records change in a way an older successor or predecessor would misread. */
    static final int VERSION = 2;
    /** A client's state is a few hundred bytes; a record larger than this is refused. */
    static final int MAX_RECORD = 1024 * 1024;

    static final byte HELLO = 'H';
    static final byte LISTENER = 'L';
    static final byte CLIENT = 'C';
    static final byte SERVER = 'S';
    /** A session-mode client with the server connection its session holds: two sockets, client first. */
    static final byte SESSION = 'X';
    static final byte NAMES = 'N';
    static final byte POOL = 'P';
    static final byte END = 'E';
    /** Successor → running: the number of sockets it has taken so far (see {@link SocketWindow}). */
    static final byte ACK = 'A';
    /** The successor acknowledges after every this many sockets; the running process's window is larger. */
    static final int ACK_EVERY = 32;
    /** Sockets the running process sends ahead of the successor's acknowledgements. */
    static final int WINDOW = 128;

    /** HELLO roles. */
    static final byte ROLE_RECORDS = 'R';
    static final byte ROLE_SOCKETS = 'S';
    /** Not a successor: an operator asking the running process to stop accepting and drain (switchboard drain). */
    static final byte ROLE_DRAIN = 'D';

    /** LISTENER bodies. */
    static final String TCP = "tcp";
    static final String UNIX = "unix";

    private HandoffRecords() {
    }

    static LengthFieldBasedFrameDecoder framer() {
        return new LengthFieldBasedFrameDecoder(MAX_RECORD, 0, 4, 0, 4);
    }

    static ByteBuf hello(ByteBufAllocator alloc, byte role) {
        ByteBuf out = start(alloc, HELLO);
        out.writeInt(VERSION);
        out.writeByte(role);
        return finish(out);
    }

    static ByteBuf listener(ByteBufAllocator alloc, String kind) {
        ByteBuf out = start(alloc, LISTENER);
        out.writeBytes(kind.getBytes(StandardCharsets.US_ASCII));
        return finish(out);
    }

    static ByteBuf client(ByteBufAllocator alloc, MovedClient client) {
        ByteBuf out = start(alloc, CLIENT);
        client.encode(out);
        return finish(out);
    }

    static ByteBuf session(ByteBufAllocator alloc, MovedSession session) {
        ByteBuf out = start(alloc, SESSION);
        session.encode(out);
        return finish(out);
    }

    static ByteBuf server(ByteBufAllocator alloc, MovedServer server) {
        ByteBuf out = start(alloc, SERVER);
        server.encode(out);
        return finish(out);
    }

    /** The number of the last prepared-statement name the running process gave out. */
    static ByteBuf names(ByteBufAllocator alloc, long lastNameNumber) {
        ByteBuf out = start(alloc, NAMES);
        out.writeLong(lastNameNumber);
        return finish(out);
    }

    static ByteBuf pool(ByteBufAllocator alloc, PoolAnnouncement pool) {
        ByteBuf out = start(alloc, POOL);
        pool.encode(out);
        return finish(out);
    }

    static ByteBuf ack(ByteBufAllocator alloc, long socketsTaken) {
        ByteBuf out = start(alloc, ACK);
        out.writeLong(socketsTaken);
        return finish(out);
    }

    static ByteBuf end(ByteBufAllocator alloc, int moved, int staying) {
        ByteBuf out = start(alloc, END);
        out.writeInt(moved);
        out.writeInt(staying);
        return finish(out);
    }

    private static ByteBuf start(ByteBufAllocator alloc, byte kind) {
        ByteBuf out = alloc.buffer();
        out.writeInt(0); // the length, filled in by finish
        out.writeByte(kind);
        return out;
    }

    private static ByteBuf finish(ByteBuf out) {
        out.setInt(0, out.readableBytes() - 4);
        return out;
    }

    /** Reads a HELLO's role after its kind byte; refuses another version. */
    static byte readHello(ByteBuf body) {
        if (body.readableBytes() != 5) {
            throw new HandoffException("a hello of " + body.readableBytes() + " bytes");
        }
        int version = body.readInt();
        if (version != VERSION) {
            throw new HandoffException("handoff version " + version + "; this process speaks " + VERSION);
        }
        byte role = body.readByte();
        if (role != ROLE_RECORDS && role != ROLE_SOCKETS && role != ROLE_DRAIN) {
            throw new HandoffException("an unknown role '" + (char) role + "'");
        }
        return role;
    }
}
