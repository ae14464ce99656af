// ServerEntry: one server connection of a pool as the admin console lists it.
package dev.switchboard.pooling;

/**
 * @param id         the pool's number for the slot, unique within the pool
 * @param state      the list it was on when read
 * @param connection null while connecting
 */
public record ServerEntry<C extends ServerConnection>(long id, ServerState state, C connection) {
}
