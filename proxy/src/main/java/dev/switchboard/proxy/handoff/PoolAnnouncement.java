// PoolAnnouncement: how many server connections of one pool the running process will hand over.
package dev.switchboard.proxy.handoff;

import io.netty.buffer.ByteBuf;

/**
 * Sent before anything else moves: the successor's pool keeps room for these connections instead of opening its own
 * for the clients that arrive first (which would leave it full when the connections come).
 */
public record PoolAnnouncement(String node, String database, String user, boolean sessionPool, int connections) {

    public void encode(ByteBuf out) {
        StateCodec.writeString(out, node);
        StateCodec.writeString(out, database);
        StateCodec.writeString(out, user);
        out.writeBoolean(sessionPool);
        out.writeInt(connections);
    }

    public static PoolAnnouncement decode(ByteBuf in) {
        try {
            PoolAnnouncement pool = new PoolAnnouncement(StateCodec.readString(in), StateCodec.readString(in),
                    StateCodec.readString(in), in.readBoolean(), in.readInt());
            StateCodec.expectEnd(in, "a pool's announcement");
            if (pool.connections() < 0) {
                throw new HandoffException("a pool of " + pool.connections() + " connections");
            }
            return pool;
        } catch (IndexOutOfBoundsException e) {
            throw new HandoffException("a pool's announcement ends early");
        }
    }
}
