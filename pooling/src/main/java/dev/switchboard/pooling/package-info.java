// Package overview: server connection pools keyed by (node, database, user).
/**
 * Pools of PostgreSQL server connections, one {@link dev.switchboard.pooling.Pool} per
 * {@link dev.switchboard.pooling.PoolKey}, modelled on PgBouncer's {@code objects.c}: a connection's
 * state is the list it sits on (idle, active, connecting), the {@code SHOW POOLS} numbers are the
 * list sizes, time comes from an injected {@link dev.switchboard.pooling.Ticker}, and maintenance is a
 * method the owner calls on a schedule. Pools sharing a limit (per database, per user) draw on a
 * {@link dev.switchboard.pooling.ConnectionBudget}.
 *
 * <p>This package knows nothing of netty or the wire protocol: the proxy supplies
 * {@link dev.switchboard.pooling.ServerConnection} and {@link dev.switchboard.pooling.ServerConnector}.
 */
package dev.switchboard.pooling;
