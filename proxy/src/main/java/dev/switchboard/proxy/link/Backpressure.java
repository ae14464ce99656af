// Backpressure: when each side of one client↔server link is read, and since when a side has been held back.
package dev.switchboard.proxy.link;

import dev.switchboard.proxy.backend.ServerConn;
import io.netty.channel.Channel;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reading is switched off on a channel whose peer cannot take more, and on a client whose frames cannot
 * go anywhere yet. Every switch of a link's reads goes through here, so nothing is left switched off
 * when a server changes hands: {@link #detach} gives the server back reading, and {@link #attach} judges
 * the next server afresh from the client's writability instead of waiting for a change that may never
 * come. The times a side was paused at are kept for the {@link StallWatch}.
 *
 * <p>Confined to the client's event loop, except the two pause times, which the watch reads.
 */
public final class Backpressure {

    /** Why the client is not being read. Reads resume when no reason is left. */
    public enum ClientPause {
        /** The session is being set up and the client sent something early: no server is ready for its messages. */
        STARTING,
        /**
         * Waiting for the pool to hand over a server. Per transaction, only once the frames kept meanwhile grow
         * large: a client that sends its request and waits is read on.
         */
        LEASING,
        /** The server's socket is full: it must take what was sent before more is read. */
        SERVER_FULL,
        /** The client's socket is on its way to a successor process, which reads what the client sends next. */
        HANDOFF,
        /** A session's SET switchboard.min_lsn waits for its server to replay the position: so does the rest. */
        REPLAY_CHECK
    }

    private final Channel client;
    private final EnumSet<ClientPause> clientPauses = EnumSet.noneOf(ClientPause.class);
    private ServerConn server;
    /** {@link System#nanoTime} when the client was paused, 0 while it is read. */
    private volatile long clientPausedAt;
    /** {@link System#nanoTime} when the attached server was paused, 0 while it is read (or none is attached). */
    private volatile long serverPausedAt;

    /**
     * Starts with the client read. A session that is still starting pauses it only when it sends something early
     * ({@link ClientPause#STARTING}): a client that waits for its greeting, as clients do, costs no switch of reads.
     */
    public Backpressure(Channel client) {
        this.client = client;
    }

    public void pauseClient(ClientPause why) {
        if (clientPauses.add(why) && clientPauses.size() == 1) {
            clientPausedAt = nonZero(System.nanoTime());
            client.config().setAutoRead(false);
        }
    }

    public void resumeClient(ClientPause why) {
        if (clientPauses.remove(why) && clientPauses.isEmpty()) {
            clientPausedAt = 0;
            client.config().setAutoRead(true);
        }
    }

    /** The link now sends to and reads from {@code next}. */
    public void attach(ServerConn next) {
        if (server != null && server != next) {
            detach();
        }
        server = next;
        applyServerReads();
        serverWritabilityChanged(next, next.channel().isWritable());
    }

    /** The link let go of its server: it is read again, whoever owns it next; the client no longer waits on it. */
    public void detach() {
        if (server == null) {
            return;
        }
        server.channel().config().setAutoRead(true);
        server = null;
        serverPausedAt = 0;
        resumeClient(ClientPause.SERVER_FULL);
    }

    /** The client's socket filled or drained: the server is read only while the client can take its replies. */
    public void clientWritabilityChanged() {
        if (server != null) {
            applyServerReads();
        }
    }

    /** On the client's loop; a server the link no longer holds is ignored. */
    public void serverWritabilityChanged(ServerConn from, boolean writable) {
        if (from != server) {
            return;
        }
        if (writable) {
            resumeClient(ClientPause.SERVER_FULL);
        } else {
            pauseClient(ClientPause.SERVER_FULL);
        }
    }

    private void applyServerReads() {
        boolean read = client.isWritable();
        server.channel().config().setAutoRead(read);
        if (read) {
            serverPausedAt = 0;
        } else if (serverPausedAt == 0) {
            serverPausedAt = nonZero(System.nanoTime());
        }
    }

    /** The reasons the client is not read now (a copy), for descriptions. */
    public Set<ClientPause> clientPauses() {
        return clientPauses.isEmpty() ? Set.of() : EnumSet.copyOf(clientPauses);
    }

    /** When the client was paused ({@link System#nanoTime}), or 0; readable from any thread. */
    public long clientPausedAt() {
        return clientPausedAt;
    }

    /** When the attached server was paused ({@link System#nanoTime}), or 0; readable from any thread. */
    public long serverPausedAt() {
        return serverPausedAt;
    }

    /** 0 means "not paused": a clock reading of exactly 0 is moved aside. */
    private static long nonZero(long nanos) {
        return nanos == 0 ? 1 : nanos;
    }
}
