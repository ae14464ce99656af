// How a pool opens a new backend connection; implemented by the proxy.
package dev.switchboard.pooling;

import java.util.concurrent.CompletableFuture;

/**
 * Opens and authenticates new server connections for one pool.
 *
 * @param <C> the connection type handed out by the pool
 */
@FunctionalInterface
public interface ServerConnector<C extends ServerConnection> {

    /**
     * Starts opening a new connection (TCP, TLS, startup, authentication). The future completes with a
     * ready connection, or exceptionally with an exception that names the server and the reason; that
     * exception is handed as-is to the client the connection was meant for. The connector owns the
     * connect timeout. Never called under the pool's lock; the future may complete on any thread.
     */
    CompletableFuture<C> connect();
}
